"""App configuration for home."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from . import caching, signal_handlers

        caching.register_signal_handlers()
        signal_handlers.register_signal_handlers()
