"""How long personal data is kept: the rules `manage.py purge_personal_data` applies daily.

Each rule is registered by the app that owns the rows, this one's below; the apps above it add
theirs from their AppConfig.ready (knowledge questions, for one), so this app never names them.
docs/privacy.md lists them.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Retention:
    """Rows of `model` older than `days` (by `date_field`) lose the values in `clear`, or are
    deleted when `clear` is empty; with `only`, just the rows that match it (a filter).
    `days` may be a function of the settings, returning a timedelta."""

    model: str
    date_field: str
    days: int | Callable[[], timedelta]
    clear: dict = field(default_factory=dict)
    description: str = ""
    only: dict = field(default_factory=dict)

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
            **{f"{self.date_field}__lt": timezone.now() - self.period()}, **self.only
        )
        # Rows already cleared are not counted again.
        return rows.exclude(**self.clear) if self.clear else rows

    def apply(self):
        rows = self.due()
        if self.clear:
            return rows.update(**self.clear)
        _total, per_model = rows.delete()
        return per_model.get(rows.model._meta.label, 0)


# (order, rule), in the order registered.
_rules = []


def register_retention(rule, *, order):
    """Let the daily purge apply `rule`; `order` is its place in the purge and its report,
    lowest first. Registering the same rule again changes nothing."""
    if all(registered != rule for _order, registered in _rules):
        _rules.append((order, rule))


def retention_rules():
    """Every registered Retention, in the purge's order."""
    return [rule for _order, rule in sorted(_rules, key=lambda item: item[0])]


def failed_login_retention():
    """A day, or the lockout time (AXES_COOLOFF_TIME) when that is longer: a failed login
    counts until the lockout time after it has passed."""
    return max(timedelta(days=1), settings.AXES_COOLOFF_TIME)


register_retention(
    Retention(
        "communities.ContactMessage",
        "created_at",
        90,
        description="messages relayed through Wie weet wat (sender and time), deleted",
    ),
    order=10,
)
register_retention(
    Retention(
        "communities.MembershipRequest",
        "created_at",
        30,
        clear={"ip_address": None},
        description="IP addresses of requests to join a community, blanked",
    ),
    order=20,
)
# Failed logins count only towards a lockout: django-axes deletes them once it has passed, at the
# next login anyone makes; this catches those left when nobody logged in since.
register_retention(
    Retention(
        "axes.AccessAttempt",
        "attempt_time",
        failed_login_retention,
        description="failed logins (username, IP address, browser), deleted",
    ),
    order=60,
)
# Who logged in when and from where: a month, to look into a misused account.
register_retention(
    Retention(
        "axes.AccessLog",
        "attempt_time",
        30,
        description="logins (username, IP address, browser), deleted",
    ),
    order=70,
)
