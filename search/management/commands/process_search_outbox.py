"""Send the search engine the index updates it has not accepted yet."""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import PageLogEntry

from search.indexing import outbox_backends, process_due, vector_engines
from search.models import IndexOutboxEntry
from search.semantic.encoder import EncoderUnavailable
from search.semantic.encoder import enabled as semantic_enabled
from search.semantic.store import embed_stale
from search.vocabulary import rebuild_vocabulary

logger = logging.getLogger(__name__)

# Pages embedded at most per round: at a few dozen chunks a second a whole corpus takes many
# minutes (a new model version), and the outbox must not wait that long between rounds.
VECTOR_PAGES_PER_ROUND = 100

# What Wagtail logs when a page may stop being found: saves only add words to the vocabulary,
# so after any of these the worker rebuilds it in its next round, not only when it is due.
# Moving covers a page moved into a section with a view restriction.
PAGE_HIDDEN_ACTIONS = [
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.delete",
    "wagtail.move",
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
]


def page_hidden_since(moment):
    """Whether a page may have stopped being found since `moment`: one indexed query."""
    return PageLogEntry.objects.filter(
        action__in=PAGE_HIDDEN_ACTIONS, timestamp__gt=moment
    ).exists()


class Command(BaseCommand):
    help = "Apply pending search index updates; with --loop, keep doing so as a worker."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running as a worker.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between runs.")
        parser.add_argument(
            "--now", action="store_true", help="Also retry entries that are backing off."
        )
        parser.add_argument(
            "--vocabulary-hours",
            type=float,
            default=24.0,
            help=(
                "With --loop: hours between rebuilds of the search vocabulary, which also follows "
                "in the next round after a page was unpublished, deleted, moved or restricted "
                "(0: never)."
            ),
        )
        parser.add_argument(
            "--vectors-minutes",
            type=float,
            default=1.0,
            help=(
                "With --loop: minutes between looks for pages whose vectors are missing or out "
                "of date (a new model version, an encoder that was unavailable), embedded "
                f"{VECTOR_PAGES_PER_ROUND} pages a round, each round until none are left "
                "(0: never)."
            ),
        )

    def handle(self, *args, **options):
        loop = options["loop"]
        # Saves only add words to the vocabulary; a rebuild drops those of pages hidden and
        # people withdrawn since, and counts the documents anew.
        vocabulary_every = options["vocabulary_hours"] * 3600 if loop else 0
        self.vocabulary_due = time.monotonic() + vocabulary_every
        self.vocabulary_read_at = timezone.now()
        # Without --loop, one look at the stale vectors as well: the command may run from cron.
        vectors_every = options["vectors_minutes"] * 60 if loop else 1
        self.vectors_due = time.monotonic()
        self.vectors_problem = None
        # A worker may start before the engine does: until the index is there, each round asks.
        index_ensured = not loop
        while True:
            # A worker outlives its database connections (CONN_MAX_AGE, a restarted server);
            # not from inside a caller's transaction, which closing would end.
            if loop and not connection.in_atomic_block:
                close_old_connections()
            if not index_ensured:
                index_ensured = self.ensure_index()
            if vocabulary_every:
                self.rebuild_vocabulary_if_due(vocabulary_every)
            # A fresh engine gets its index before the first update reaches it: a write to a
            # missing index would create one without the portal's mapping.
            if index_ensured:
                self.process_outbox(options["now"])
                if vectors_every:
                    self.embed_stale_if_due(vectors_every)
            if not loop:
                return
            time.sleep(options["interval"])

    def ensure_index(self):
        try:
            call_command("ensure_search_index", stdout=self.stdout)
        except (CommandError, DatabaseError) as error:
            self.stderr.write(
                _("Zoekindex niet gecontroleerd, opnieuw in de volgende ronde: %s") % error
            )
            return False
        return True

    def rebuild_vocabulary_if_due(self, every):
        read_at = timezone.now()
        try:
            if time.monotonic() < self.vocabulary_due and not page_hidden_since(
                self.vocabulary_read_at
            ):
                return
            words = rebuild_vocabulary()
        except DatabaseError as error:
            # The vocabulary stays as it was; the next round tries again.
            logger.exception("Search vocabulary not rebuilt")
            self.stderr.write(
                _("Zoekwoordenlijst niet opgebouwd, opnieuw in de volgende ronde: %s") % error
            )
            return
        self.vocabulary_read_at = read_at
        self.vocabulary_due = time.monotonic() + every
        self.stdout.write(
            _("Zoekwoordenlijst opnieuw opgebouwd: %(count)d woorden.") % {"count": words}
        )

    def process_outbox(self, include_waiting):
        total_applied = total_failed = 0
        while True:
            applied, failed = process_due(include_waiting=include_waiting)
            total_applied += applied
            total_failed += failed
            if failed or not applied:
                break
        left = IndexOutboxEntry.objects.count()
        self.stdout.write(
            _("%(applied)d toegepast, %(failed)d mislukt, %(left)d wachtend.")
            % {"applied": total_applied, "failed": total_failed, "left": left}
        )

    def embed_stale_if_due(self, every):
        """Embed what the outbox did not: pages of another model version, pages saved while
        the encoder was unavailable. Search goes on meanwhile; a page without vectors of the
        current version is found by its words."""
        if not semantic_enabled() or time.monotonic() < self.vectors_due:
            return
        self.vectors_due = time.monotonic() + every
        try:
            looked_at = embed_stale(
                vector_engines(outbox_backends()), limit=VECTOR_PAGES_PER_ROUND
            )
        except EncoderUnavailable as error:
            self.tell_vectors_problem(_("Zoeken op betekenis is niet beschikbaar: %s") % error)
            return
        except Exception as error:  # the engine down or refusing; the next look tries again
            logger.warning("Stale page vectors not embedded: %s", error)
            self.tell_vectors_problem(
                _("Betekenis van pagina's niet bijgewerkt, opnieuw in een volgende ronde: %s")
                % error
            )
            return
        self.vectors_problem = None
        if looked_at >= VECTOR_PAGES_PER_ROUND:
            # More are waiting: the next round goes on with them.
            self.vectors_due = time.monotonic()
        if looked_at:
            self.stdout.write(
                _("Betekenis van %(count)d pagina's bijgewerkt.") % {"count": looked_at}
            )

    def tell_vectors_problem(self, message):
        # Once, not every round: it stays true until someone acts.
        if message != self.vectors_problem:
            self.stderr.write(message)
        self.vectors_problem = message
