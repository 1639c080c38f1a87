"""App configuration for home."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import caching, migrated_pages, signal_handlers, sites

        caching.register_signal_handlers()
        signal_handlers.register_signal_handlers()
        # Every deploy migrates: the site record then takes the address it is served on.
        post_migrate.connect(sites.follow_base_url_after_migrate, sender=self)
        post_migrate.connect(migrated_pages.give_first_revisions_after_migrate, sender=self)
