"""App configuration for resources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resultaten en publicaties")

    def ready(self):
        from home.signal_handlers import clean_text_of

        from . import signal_handlers  # noqa: F401

        clean_text_of(self)
