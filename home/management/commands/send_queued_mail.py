"""Send the queued email (home.outgoing_mail): as a worker beside the web server."""

from home.outgoing_mail import BATCH_SIZE, send_queued, unsent_count
from home.workers import WorkerCommand


class Command(WorkerCommand):
    help = "Send the queued email; with --loop, keep doing so as a worker."
    default_interval = 10.0

    def work(self):
        # Batch after batch while whole ones go out: a morning's digests should not wait an
        # interval per hundred. A stop request ends the round after the batch under way.
        sent = 0
        while not self.stopping:
            batch = send_queued(BATCH_SIZE)
            sent += batch
            if batch < BATCH_SIZE:
                break
        waiting = unsent_count()
        return bool(sent), f"{sent} e-mails verstuurd, {waiting} wachten nog."
