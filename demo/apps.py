"""Demo content for local development and reviews: Dutch texts, generated images, demo logins.

Only the development and test settings install this app; production ships none of its prose.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Democontent")
