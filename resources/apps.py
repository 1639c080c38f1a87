"""App configuration for resources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resultaten en publicaties")

    def ready(self):
        from home.caching import register_personal_cookie
        from home.signal_handlers import clean_text_of

        from . import privacy, reuse, roles, signal_handlers  # noqa: F401

        clean_text_of(self)
        # A visitor who said they used a result sees that on its page: their own, not stored.
        register_personal_cookie(reuse.COOKIE_NAME)
        # A person's export and erasure cover the reports made from their account.
        privacy.register()
        # The editors and the moderators moderate the reports' notes.
        roles.register()
