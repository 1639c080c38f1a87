"""Build the search engine's index on first start; leave an existing one alone."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.indexing import ensure_search_index, ensure_vector_index, search_index_missing
from search.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = (
        "Build the index of the default search backend, as update_index does, when the engine "
        "has none yet, and rebuild the search vocabulary with it; build the engine's vector "
        "index of the current model version from the stored page vectors when it has none. "
        "Does nothing when both exist, so it can run on every start. Pages without vectors of "
        "the current model version are embedded by process_search_outbox --loop or embed_pages."
    )

    def handle(self, *args, **options):
        if not self.engine(search_index_missing):
            self.stdout.write(_("De zoekindex bestaat al."))
        else:
            # First: a new index takes the portal's own words into its analysis settings.
            words = rebuild_vocabulary()
            self.engine(ensure_search_index)
            self.stdout.write(
                _("De zoekindex is opgebouwd; de woordenlijst telt %(count)d woorden.")
                % {"count": words}
            )
        self.ensure_vectors()

    def engine(self, step):
        try:
            return step()
        except Exception as error:  # each engine client raises its own connection errors
            raise CommandError(
                _("De zoekmachine is niet bereikbaar; de zoekindex is niet gecontroleerd: %s")
                % error
            ) from error

    def ensure_vectors(self):
        # Search answers by words without the vector index, so its failure is told, not fatal:
        # the outbox worker, which runs this first, must go on sending the words.
        try:
            written = ensure_vector_index()
        except Exception as error:  # a cluster without the k-NN plugin, a timeout
            self.stderr.write(
                _("De vectorindex voor zoeken op betekenis is niet opgebouwd: %s") % error
            )
            return
        if written is not None:
            self.stdout.write(
                _("De vectorindex is opgebouwd met %(count)d stukken tekst.") % {"count": written}
            )
