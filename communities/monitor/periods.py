"""Quarters: the periods the monitor is scored in and its means are shown for."""

from django.utils import timezone
from django.utils.translation import gettext

from ..models.monitor import quarter_of


def current_period():
    return quarter_of(timezone.localdate())


def period_key(period):
    """Sorts periods in time: "2026-4" -> (2026, 4)."""
    year, quarter = period.split("-")
    return int(year), int(quarter)


def period_label(period):
    year, quarter = period_key(period)
    return gettext("%(quarter)se kwartaal %(year)s") % {"quarter": quarter, "year": year}
