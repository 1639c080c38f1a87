"""App configuration for the knowledge exchange: questions and their answers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Kennisvragen")

    def ready(self):
        from home.signal_handlers import clean_text_of

        from . import privacy, roles, search_failures

        clean_text_of(self)
        # A person's export and erasure cover the questions asked under their address, and the
        # daily purge blanks the askers' addresses once their retention period is over.
        privacy.register()
        # The editors and moderators get their rights on the questions.
        roles.register()
        # The search report offers a draft question for a query that found nothing.
        search_failures.register()
