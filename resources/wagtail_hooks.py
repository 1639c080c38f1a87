"""What the results, stories and events add to pages of the apps below: the home page's latest
stories and upcoming events, and a community's calendar."""

from wagtail import hooks

from .feeds import community_calendar
from .models import EventPage, StoryPage

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
