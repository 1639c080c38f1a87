"""The report of what visitors search for and what fails them, with a one-click fix for each
failing query."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.views.settings import CreateView as PromotionCreateView
from wagtail.models import Site
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView

from .indexing import vector_engines
from .query import visible_count
from .querylog import query_report as report_rows
from .report_actions import report_actions
from .semantic.store import status as semantic_status

PERIODS = {7: _("Afgelopen week"), 30: _("Afgelopen 30 dagen"), 365: _("Afgelopen jaar")}


def current_result_counts(query_texts):
    """How many results each query finds now for a visitor of the default site: the search
    page's count, so the report shows whether a fix worked; each stored until content or a
    synonym changes (search.query.visible_count)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return {}
    return {text: visible_count(text, site) for text in dict.fromkeys(query_texts)}


def query_report(request):
    if not request.user.has_perm("search.view_searchquerydaily"):
        raise PermissionDenied
    try:
        days = int(request.GET.get("dagen", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    frequent, fruitless, unopened = report_rows(days)
    counts = current_result_counts([row["query_text"] for row in fruitless + unopened])
    actions = report_actions(request.user)
    for row in fruitless + unopened:
        row["finds_now"] = counts.get(row["query_text"])
        row["actions"] = [action.for_query(url, row["query_text"]) for action, url in actions]
    return TemplateResponse(
        request,
        "search/admin/query_report.html",
        {
            "frequent": frequent,
            "fruitless": fruitless,
            "unopened": unopened,
            "periods": PERIODS.items(),
            "days": days,
            "semantic": semantic_status(vector_engines(["default"])),
        },
    )


class SynonymCreateView(SnippetCreateView):
    """The synonym snippet's create view, with the words of ?terms= filled in: the report's
    "Synoniem toevoegen" starts from the query that failed."""

    def get_initial(self):
        initial = super().get_initial()
        terms = self.request.GET.get("terms", "").strip()
        if terms:
            initial["terms"] = terms
        return initial


class PrefilledPromotionCreateView(PromotionCreateView):
    """Wagtail's add view for promotions, showing the search term of ?query_string= filled
    in; the form is sent to Wagtail's own add view, which saves it."""

    def get_initial(self):
        initial = super().get_initial()
        query_string = self.request.GET.get("query_string", "").strip()
        if query_string:
            initial["query_string"] = query_string
        return initial
