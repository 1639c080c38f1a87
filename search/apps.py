"""App configuration for search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from home.caching import watch_models
        from home.signal_handlers import clean_text_of

        from .models import Synonym
        from .signal_handlers import register_signal_handlers

        clean_text_of(self)
        register_signal_handlers()
        # The synonyms are read once per content generation (search.synonyms); an edit starts
        # a new one, so it counts from the next search.
        watch_models(Synonym)
