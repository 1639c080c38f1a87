"""App configuration for search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
