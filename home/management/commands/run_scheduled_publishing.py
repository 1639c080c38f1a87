"""Publish what editors scheduled and unpublish what expired: Wagtail's publish_scheduled, as a
worker beside the web server."""

import io
import signal
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from wagtail.models import DraftStateMixin, Page, Revision

# A stop request is noticed within this many seconds while the worker waits for its next run.
WAKE_SECONDS = 1.0


def due_changes():
    """How many live objects are past their expiry time and how many scheduled revisions are
    due: what publish_scheduled will change, counted the way it finds them."""
    now = timezone.now()
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    expired = sum(model.objects.filter(live=True, expire_at__lt=now).count() for model in models)
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    return expired, due


class Command(BaseCommand):
    help = (
        "Publish scheduled pages and unpublish expired ones (Wagtail's publish_scheduled); "
        "with --loop, keep doing so as a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running as a worker.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument(
            "--max-runs",
            type=int,
            default=None,
            help="With --loop: stop after this many runs (default: run until stopped).",
        )

    def handle(self, *args, **options):
        self.stopping = False
        self.verbosity = options["verbosity"]
        if not options["loop"]:
            self.run_once()
            return
        # systemd stops a service with SIGTERM, a terminal with SIGINT: finish the run under
        # way (a page half published stays in its transaction either way) and leave quietly.
        previous = {
            number: signal.signal(number, self.request_stop)
            for number in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            runs = 0
            while not self.stopping:
                self.run_once(keep_going=True)
                runs += 1
                if options["max_runs"] is not None and runs >= options["max_runs"]:
                    break
                self.wait(options["interval"])
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        self.stdout.write("Gestopt.")

    def request_stop(self, number, frame):
        self.stopping = True

    def wait(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, WAKE_SECONDS))

    def run_once(self, keep_going=False):
        # A worker outlives its database connections' welcome (CONN_MAX_AGE, a restarted
        # server); Django closes them only around requests. Not from inside a caller's
        # transaction, which closing would end (call_command in a test or a script).
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            expired, due = due_changes()
            # Wagtail's command reports only in its dry run; the counts above say what it did.
            call_command("publish_scheduled", stdout=io.StringIO())
        except DatabaseError as error:
            if not keep_going:
                raise
            # The database may be back by the next run; the worker should still be there then.
            self.stderr.write(f"Mislukt, opnieuw over een interval: {error}")
            return
        # A worker says nothing about a round without changes, unless asked to (-v 2).
        if expired or due or not keep_going or self.verbosity > 1:
            self.stdout.write(f"{due} gepland gepubliceerd, {expired} verlopen gedepubliceerd.")
