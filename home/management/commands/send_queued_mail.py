"""Send the queued email (home.outgoing_mail): as a worker beside the web server."""

from home.outgoing_mail import send_queued, unsent_count
from home.workers import WorkerCommand


class Command(WorkerCommand):
    help = "Send the queued email; with --loop, keep doing so as a worker."
    default_interval = 10.0

    def work(self):
        sent = send_queued()
        waiting = unsent_count()
        return bool(sent), f"{sent} e-mails verstuurd, {waiting} wachten nog."
