"""Queue the daily and weekly digests (exchange.following.digests); run it from cron, as often
as you like: each address gets at most one digest a day and one a week."""

from django.core.management.base import BaseCommand

from exchange.following.digests import send_digests
from exchange.following.models import DIGEST_FREQUENCIES


class Command(BaseCommand):
    help = "Queue this period's daily and weekly digests for the mail worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[str(frequency) for frequency in DIGEST_FREQUENCIES],
            help="Only this period's digests (default: both).",
        )

    def handle(self, *args, **options):
        frequencies = [options["frequency"]] if options["frequency"] else DIGEST_FREQUENCIES
        for frequency in frequencies:
            queued = send_digests(frequency)
            self.stdout.write(f"{frequency}: {queued} overzichten klaargezet.")
