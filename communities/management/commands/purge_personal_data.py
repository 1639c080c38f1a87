"""Remove personal data the portal no longer needs, as docs/privacy.md promises; run daily."""

from django.core.management.base import BaseCommand
from django.db import transaction

from communities.retention import retention_rules


class Command(BaseCommand):
    help = "Delete or blank personal data older than its retention period (docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            for rule in retention_rules():
                count = rule.due().count() if dry_run else rule.apply()
                verb = "would be" if dry_run else "were"
                self.stdout.write(
                    f"{rule.model}: {count} rows {verb} purged "
                    f"(older than {rule.period_text()}: {rule.description})."
                )
