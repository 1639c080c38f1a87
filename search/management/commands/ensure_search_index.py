"""Build the search engine's index on first start; leave an existing one alone."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.indexing import ensure_search_index, search_index_missing
from search.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = (
        "Build the index of the default search backend, as update_index does, when the engine "
        "has none yet, and rebuild the search vocabulary with it. Does nothing when the index "
        "exists, so it can run on every start."
    )

    def handle(self, *args, **options):
        if not self.engine(search_index_missing):
            self.stdout.write(_("De zoekindex bestaat al."))
            return
        # First: a new index takes the portal's own words into its analysis settings.
        words = rebuild_vocabulary()
        self.engine(ensure_search_index)
        self.stdout.write(
            _("De zoekindex is opgebouwd; de woordenlijst telt %(count)d woorden.")
            % {"count": words}
        )

    def engine(self, step):
        try:
            return step()
        except Exception as error:  # each engine client raises its own connection errors
            raise CommandError(
                _("De zoekmachine is niet bereikbaar; de zoekindex is niet gecontroleerd: %s")
                % error
            ) from error
