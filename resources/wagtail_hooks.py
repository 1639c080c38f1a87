"""What the results, stories and events add to pages of the apps below: the home page's latest
stories and upcoming events, a community's calendar and reuse count, and the editors' dashboard
panel of stories and events; and the admin of the reuse reports ("Ik heb dit gebruikt")."""

from datetime import timedelta

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, Revision
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, HistoryView, SnippetViewSet

from communities.roles import is_editor
from home.admin_panels import PANEL_ITEMS, WorkItem, WorkPanel, admin_time

from .feeds import community_calendar
from .models import EventPage, ReuseReport, ReuseStatus, StoryPage
from .reuse import community_reuse_total, most_reused_per_theme, reports_visible_to

# How long a published story or event stays on the editors' dashboard.
RECENTLY_PUBLISHED = timedelta(days=14)

# How many stories and events the home page shows.
HOME_PAGE_ITEMS = 3


@hooks.register("construct_home_page_context")
def add_latest_stories_and_upcoming_events(page, request, context):
    context["latest_stories"] = (
        StoryPage.objects.live()
        .public()
        .with_listing_images()
        .for_cards()
        .order_by("-date", "-pk")[:HOME_PAGE_ITEMS]
    )
    context["upcoming_events"] = (
        EventPage.objects.live().public().for_cards().upcoming_by_start()[:HOME_PAGE_ITEMS]
    )


# A community page's agenda.ics: the community's events (CommunityPage.calendar).
hooks.register("serve_community_calendar", community_calendar)


@hooks.register("construct_homepage_panels")
def scheduled_and_recent_stories_and_events(request, panels):
    """For the editors, who publish stories and events: those scheduled to go live, soonest
    first, then those published in the last RECENTLY_PUBLISHED, newest first."""
    if not is_editor(request.user):
        return
    now = timezone.now()
    types = ContentType.objects.get_for_models(StoryPage, EventPage).values()
    scheduled = Revision.page_revisions.filter(
        approved_go_live_at__gt=now, content_type__in=types
    ).order_by("approved_go_live_at", "pk")[:PANEL_ITEMS]
    items = [
        WorkItem(
            revision.object_str,
            reverse("wagtailadmin_pages:edit", args=[int(revision.object_id)]),
            _("gepland voor %(moment)s") % {"moment": admin_time(revision.approved_go_live_at)},
        )
        for revision in scheduled
    ]
    recent = (
        Page.objects.type(StoryPage, EventPage)
        .live()
        .filter(last_published_at__gte=now - RECENTLY_PUBLISHED)
        .order_by("-last_published_at", "-pk")[: PANEL_ITEMS - len(items)]
    )
    items += [
        WorkItem(
            page.get_admin_display_title(),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            _("gepubliceerd op %(moment)s") % {"moment": admin_time(page.last_published_at)},
        )
        for page in recent
    ]
    panels.append(
        WorkPanel(
            "stories-and-events",
            _("Verhalen en bijeenkomsten: gepland en pas gepubliceerd"),
            items,
            empty=_("Er staan geen verhalen of bijeenkomsten gepland of pas gepubliceerd."),
            more_url=reverse("wagtailadmin_explore_root"),
            more_label=_("Alle pagina's"),
            order=105,
        )
    )


# "Ik heb dit gebruikt" ------------------------------------------------------------------------


@hooks.register("construct_community_page_context")
def add_reuse_total(page, request, context):
    """How often the community's results were used, in its facts; it names the stored part."""
    context["reuse_total"] = community_reuse_total(page)


class ReuseReportPermissionPolicy(ModelPermissionPolicy):
    """Reports arrive from the site, never from the admin; a moderator handles only those on
    their own communities' results."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and reports_visible_to(user).filter(pk=instance.pk).exists()
        )


register_permission_policy(ReuseReport, ReuseReportPermissionPolicy(ReuseReport))


class VisibleReportMixin:
    """A moderator who opens another community's report by its address finds nothing."""

    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        report = reports_visible_to(self.request.user).filter(pk=pk).first()
        if report is None:
            raise Http404
        return report


class ReuseReportEditView(VisibleReportMixin, EditView):
    pass


class ReuseReportHistoryView(VisibleReportMixin, HistoryView):
    pass


class ReuseReportViewSet(SnippetViewSet):
    model = ReuseReport
    icon = "tick"
    menu_label = gettext_lazy("Gebruikservaringen")
    menu_order = 335
    add_to_admin_menu = True
    list_display = ["note", "page", "status", "created_at"]
    list_filter = ["status"]
    ordering = ["-created_at", "-pk"]
    edit_view_class = ReuseReportEditView
    history_view_class = ReuseReportHistoryView
    # A moderator decides on the note as written: they approve or reject it, never reword it.
    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("note", read_only=True),
        FieldPanel("status"),
    ]

    def get_queryset(self, request):
        return reports_visible_to(request.user)


register_snippet(ReuseReportViewSet)


@hooks.register("construct_homepage_panels")
def reuse_notes_waiting(request, panels):
    """The notes on results a moderator (their communities') or an editor (all) has to handle."""
    if not request.user.has_perm("resources.change_reusereport"):
        return
    waiting = (
        reports_visible_to(request.user)
        .filter(status=ReuseStatus.PENDING)
        .order_by("created_at", "pk")
    )
    viewset = ReuseReport.snippet_viewset
    items = [
        WorkItem(
            f"{report.note}, {report.page.title}",
            reverse(viewset.get_url_name("edit"), args=[report.pk]),
            admin_time(report.created_at),
        )
        for report in waiting[:PANEL_ITEMS]
    ]
    panels.append(
        WorkPanel(
            "reuse-notes",
            _("Gebruikservaringen die wachten"),
            items,
            empty=_("Er wachten geen gebruikservaringen."),
            more_url=reverse(viewset.get_url_name("list")) + f"?status={ReuseStatus.PENDING}",
            more_label=_("Alle gebruikservaringen"),
        )
    )


def reuse_report_view(request):
    if not is_editor(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request, "resources/admin/reuse_report.html", {"themes": most_reused_per_theme()}
    )


@hooks.register("register_admin_urls")
def register_reuse_report_url():
    return [path("reports/hergebruik/", reuse_report_view, name="reuse_report")]


class ReuseReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_reports_menu_item")
def register_reuse_report_menu_item():
    return ReuseReportMenuItem(
        gettext_lazy("Meest hergebruikt per thema"),
        reverse("reuse_report"),
        icon_name="tick",
        order=710,
    )
