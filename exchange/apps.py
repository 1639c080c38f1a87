"""App configuration for the knowledge exchange: questions and their answers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Kennisvragen")
