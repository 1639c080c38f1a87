"""The shape of the portal's workers: a management command that does one round, or with
`--loop` keeps doing rounds until systemd (SIGTERM) or a terminal (SIGINT) stops it."""

import signal
import time
import zlib
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection

# A stop request is noticed within this many seconds while the worker waits for its next run.
WAKE_SECONDS = 1.0


@contextmanager
def one_at_a_time(name):
    """Whether this process may do the work called `name` now, held until the block ends: on
    PostgreSQL a session advisory lock, so that of the workers on every machine only one does
    it at a time. A worker that dies drops its connection and with it the lock.

    For work that is not safe to do twice at once, such as Wagtail's publish_scheduled: two
    workers would publish the same revision twice. SQLite serves a single machine, where one
    worker of each kind runs: there it is always granted.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    # Advisory locks are named by a number; this one is the same in every process.
    key = zlib.crc32(f"portal:{name}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (granted,) = cursor.fetchone()
    try:
        yield granted
    finally:
        if granted:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:
                # Inside a transaction the block broke, no query runs until it ends: closing
                # the connection ends the session and its lock, and the block's own error
                # goes on up.
                connection.close()


class WorkerCommand(BaseCommand):
    """Subclasses implement `work()`, one round, returning (changed, report): the report is
    printed for a round that changed something, for a single run, or with -v 2."""

    default_interval = 60.0

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running as a worker.")
        parser.add_argument(
            "--interval",
            type=float,
            default=self.default_interval,
            help="Seconds between runs.",
        )
        parser.add_argument(
            "--max-runs",
            type=int,
            default=None,
            help="With --loop: stop after this many runs (default: run until stopped).",
        )

    def work(self):
        raise NotImplementedError

    def handle(self, *args, **options):
        self.stopping = False
        self.verbosity = options["verbosity"]
        if not options["loop"]:
            self.run_once()
            return
        # Finish the round under way (what it changes is in its transactions either way) and
        # leave quietly.
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
            changed, report = self.work()
        except DatabaseError as error:
            if not keep_going:
                raise
            # The database may be back by the next run; the worker should still be there then.
            self.stderr.write(f"Mislukt, opnieuw over een interval: {error}")
            return
        # A worker says nothing about a round without changes, unless asked to (-v 2).
        if changed or not keep_going or self.verbosity > 1:
            self.stdout.write(report)
