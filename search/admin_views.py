"""The report of what visitors search for, and what they searched for in vain."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .querylog import query_report as report_rows

PERIODS = {7: _("Afgelopen week"), 30: _("Afgelopen 30 dagen"), 365: _("Afgelopen jaar")}


def query_report(request):
    if not request.user.has_perm("search.view_searchquerydaily"):
        raise PermissionDenied
    try:
        days = int(request.GET.get("dagen", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    frequent, fruitless = report_rows(days)
    return TemplateResponse(
        request,
        "search/admin/query_report.html",
        {
            "frequent": frequent,
            "fruitless": fruitless,
            "periods": PERIODS.items(),
            "days": days,
        },
    )
