"""App configuration for communities."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Leergemeenschappen")

    def ready(self):
        from django.db.models.signals import post_migrate

        from home import caching
        from home.signal_handlers import clean_text_of
        from search.vocabulary import register_vocabulary_source

        from . import signal_handlers
        from .directory import vocabulary_of_people
        from .models import BuildingBlock, CommunityRole, Person, SelfEvaluation

        clean_text_of(self)
        signal_handlers.connect_section_handlers()
        # After every migrate, so a fresh install has the groups, permissions and workflows.
        post_migrate.connect(signal_handlers.setup_roles_after_migrate, sender=self)
        # Shown on pages without being pages: people and their roles, the monitor's
        # evaluations and building blocks.
        caching.watch_models(Person, CommunityRole, SelfEvaluation, BuildingBlock)
        # The people "Wie weet wat" lists: search corrects and splits their words too.
        register_vocabulary_source(vocabulary_of_people, model=Person)
