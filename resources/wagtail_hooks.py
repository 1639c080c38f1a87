"""What the results, stories and events add to pages of the apps below: the home page's latest
stories and upcoming events, a community's calendar, and the editors' dashboard panel of stories
and events."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import Page, Revision

from communities.roles import is_editor
from home.admin_panels import PANEL_ITEMS, WorkItem, WorkPanel, admin_time

from .feeds import community_calendar
from .models import EventPage, StoryPage

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
