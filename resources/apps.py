"""App configuration for resources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resultaten en publicaties")

    def ready(self):
        from . import signal_handlers  # noqa: F401
