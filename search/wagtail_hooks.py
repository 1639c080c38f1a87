"""The editors' search report in the admin's Reports menu and on their dashboard, and the
synonyms they edit."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.admin_panels import PANEL_ITEMS, WorkItem, WorkPanel

from . import admin_views
from .models import Synonym
from .querylog import fruitless_queries
from .report_actions import register_report_action


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path("reports/zoekopdrachten/", admin_views.query_report, name="search_query_report"),
        path(
            "reports/zoekopdrachten/promotie/",
            admin_views.PrefilledPromotionCreateView.as_view(),
            name="search_report_add_promotion",
        ),
    ]


class SynonymViewSet(SnippetViewSet):
    """The editors' synonyms: every backend reads them at search time (search.synonyms), so an
    edit counts from the next search; each change is in the snippet's history and the log."""

    model = Synonym
    icon = "search"
    menu_label = _("Synoniemen")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["terms"]
    search_fields = ["terms"]
    ordering = ["terms"]
    # Filled in from ?terms=: the search report's "Synoniem toevoegen" starts from a query.
    add_view_class = admin_views.SynonymCreateView


register_snippet(SynonymViewSet)


register_report_action(
    "synonym",
    _("Synoniem toevoegen"),
    lambda: reverse(Synonym.snippet_viewset.get_url_name("add")),
    query_field="terms",
    is_allowed=lambda user: user.has_perm("search.add_synonym"),
    order=10,
)
register_report_action(
    "promotion",
    _("Promotie toevoegen"),
    "search_report_add_promotion",
    query_field="query_string",
    is_allowed=lambda user: user.has_perm("wagtailsearchpromotions.add_searchpromotion"),
    order=20,
)


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_searchquerydaily")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return QueryReportMenuItem(
        _("Zoekopdrachten"), reverse("search_query_report"), icon_name="search", order=700
    )


@hooks.register("construct_homepage_panels")
def searches_that_found_nothing(request, panels):
    """This week's searches in vain, for whoever reads the search report: each a synonym or a
    promotion away from finding something (the report offers both)."""
    if not request.user.has_perm("search.view_searchquerydaily"):
        return
    report = f"{reverse('search_query_report')}?dagen=7"
    items = [
        WorkItem(
            row["query_text"],
            report,
            ngettext(
                "%(count)s keer zonder resultaat", "%(count)s keer zonder resultaat", row["zero"]
            )
            % {"count": row["zero"]},
        )
        for row in fruitless_queries(7, PANEL_ITEMS)
    ]
    panels.append(
        WorkPanel(
            "fruitless-searches",
            _("Zoekopdrachten zonder resultaat deze week"),
            items,
            empty=_("Deze week vond elke zoekopdracht iets."),
            more_url=report,
            more_label=_("Het hele zoekrapport"),
            order=130,
        )
    )
