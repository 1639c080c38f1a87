"""Remove personal data the portal no longer needs, as docs/privacy.md promises; run daily."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Retention:
    """Rows of `model` older than `days` (by `date_field`) lose the values in `clear`, or are
    deleted when `clear` is empty. `days` may be a function of the settings, returning a
    timedelta."""

    model: str
    date_field: str
    days: int | Callable[[], timedelta]
    clear: dict = field(default_factory=dict)
    description: str = ""

    def period(self):
        return self.days() if callable(self.days) else timedelta(days=self.days)

    def period_text(self):
        period = self.period()
        if period % timedelta(days=1):
            return f"{math.ceil(period.total_seconds() / 60)} minutes"
        return f"{period.days} days"

    def due(self):
        model = apps.get_model(self.model)
        rows = model._default_manager.filter(
            **{f"{self.date_field}__lt": timezone.now() - self.period()}
        )
        # Rows already cleared are not counted again.
        return rows.exclude(**self.clear) if self.clear else rows

    def apply(self):
        rows = self.due()
        if self.clear:
            return rows.update(**self.clear)
        _total, per_model = rows.delete()
        return per_model.get(rows.model._meta.label, 0)


def failed_login_retention():
    """A day, or the lockout time (AXES_COOLOFF_TIME) when that is longer: a failed login
    counts until the lockout time after it has passed."""
    return max(timedelta(days=1), settings.AXES_COOLOFF_TIME)


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
        failed_login_retention,
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
                    f"(older than {rule.period_text()}: {rule.description})."
                )
