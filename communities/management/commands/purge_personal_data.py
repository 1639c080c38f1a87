"""Remove personal data the portal no longer needs, as docs/privacy.md promises; run daily."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Retention:
    """Rows of `model` older than `days` (by `date_field`) lose the values in `clear`, or are
    deleted when `clear` is empty."""

    model: str
    date_field: str
    days: int
    clear: dict = field(default_factory=dict)
    description: str = ""

    def due(self):
        model = apps.get_model(self.model)
        rows = model._default_manager.filter(
            **{f"{self.date_field}__lt": timezone.now() - timedelta(days=self.days)}
        )
        # Rows already cleared are not counted again.
        return rows.exclude(**self.clear) if self.clear else rows

    def apply(self):
        rows = self.due()
        if self.clear:
            return rows.update(**self.clear)
        _total, per_model = rows.delete()
        return per_model.get(rows.model._meta.label, 0)


# One entry per kind of personal data with a retention period; docs/privacy.md lists them.
RETENTION = [
    Retention(
        "communities.ContactMessage",
        "created_at",
        90,
        description="messages relayed through Wie weet wat (sender and time), deleted",
    ),
    Retention(
        "communities.MembershipRequest",
        "created_at",
        30,
        clear={"ip_address": None},
        description="IP addresses of requests to join a community, blanked",
    ),
    Retention(
        "exchange.KnowledgeQuestion",
        "created_at",
        30,
        clear={"ip_address": None},
        description="IP addresses of knowledge questions, blanked",
    ),
    # The address is what the answer goes to; half a year after the answer (or the closing)
    # any follow-up has happened, and a question never handled keeps it a year at most.
    Retention(
        "exchange.KnowledgeQuestion",
        "answered_at",
        180,
        clear={"email": ""},
        description="askers' email addresses, half a year after the answer, blanked",
    ),
    Retention(
        "exchange.KnowledgeQuestion",
        "created_at",
        365,
        clear={"email": ""},
        description="askers' email addresses of questions a year old, blanked",
    ),
    # Failed logins count only towards a lockout: django-axes deletes them once it has passed,
    # at the next login anyone makes; this catches those left when nobody logged in since.
    Retention(
        "axes.AccessAttempt",
        "attempt_time",
        1,
        description="failed logins (username, IP address, browser), deleted",
    ),
    # Who logged in when and from where: a month, to look into a misused account.
    Retention(
        "axes.AccessLog",
        "attempt_time",
        30,
        description="logins (username, IP address, browser), deleted",
    ),
]


class Command(BaseCommand):
    help = "Delete or blank personal data older than its retention period (docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            for rule in RETENTION:
                count = rule.due().count() if dry_run else rule.apply()
                verb = "would be" if dry_run else "were"
                self.stdout.write(
                    f"{rule.model}: {count} rows {verb} purged "
                    f"(older than {rule.days} days: {rule.description})."
                )
