"""The editors' search report in the admin's Reports menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path("reports/zoekopdrachten/", admin_views.query_report, name="search_query_report"),
    ]


class QueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_searchquerydaily")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return QueryReportMenuItem(
        _("Zoekopdrachten"), reverse("search_query_report"), icon_name="search", order=700
    )
