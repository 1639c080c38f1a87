"""Send the search engine the index updates it has not accepted yet."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search.indexing import process_due
from search.models import IndexOutboxEntry
from search.vocabulary import rebuild_vocabulary


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
            help="With --loop: hours between rebuilds of the search vocabulary (0: never).",
        )

    def handle(self, *args, **options):
        if options["loop"]:
            # A fresh engine gets its index before the first update reaches it: a write to a
            # missing index would create one without the portal's mapping.
            try:
                call_command("ensure_search_index", stdout=self.stdout)
            except CommandError as error:
                self.stderr.write(str(error))
        # Saves only add words to the vocabulary; a rebuild drops those of pages unpublished
        # and people withdrawn since, and counts the documents anew.
        vocabulary_every = options["vocabulary_hours"] * 3600
        vocabulary_due = time.monotonic() + vocabulary_every
        while True:
            if options["loop"] and vocabulary_every and time.monotonic() >= vocabulary_due:
                words = rebuild_vocabulary()
                self.stdout.write(f"Zoekwoordenlijst opnieuw opgebouwd: {words} woorden.")
                vocabulary_due = time.monotonic() + vocabulary_every
            total_applied = total_failed = 0
            while True:
                applied, failed = process_due(include_waiting=options["now"])
                total_applied += applied
                total_failed += failed
                if failed or not applied:
                    break
            left = IndexOutboxEntry.objects.count()
            self.stdout.write(
                f"{total_applied} toegepast, {total_failed} mislukt, {left} wachtend."
            )
            if not options["loop"]:
                return
            time.sleep(options["interval"])
