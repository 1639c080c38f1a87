"""Send the search engine the index updates it has not accepted yet."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search.indexing import process_due
from search.models import IndexOutboxEntry


class Command(BaseCommand):
    help = "Apply pending search index updates; with --loop, keep doing so as a worker."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running as a worker.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between runs.")
        parser.add_argument(
            "--now", action="store_true", help="Also retry entries that are backing off."
        )

    def handle(self, *args, **options):
        if options["loop"]:
            # A fresh engine gets its index before the first update reaches it: a write to a
            # missing index would create one without the portal's mapping.
            try:
                call_command("ensure_search_index", stdout=self.stdout)
            except CommandError as error:
                self.stderr.write(str(error))
        while True:
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
