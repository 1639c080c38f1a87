"""Calendars and syndication feeds of events, stories and community results."""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

import icalendar

from communities.models import CommunityIndexPage
from home.caching import mark_cacheable
from home.text import clean_nested_text, clean_text

from .models import EventPage, PracticeExamplePage, StoryIndexPage, StoryPage, ToolPage

# A calendar keeps events for this long after they end, so a subscriber's recent history stays.
CALENDAR_HISTORY = timedelta(days=90)
# At most this many events per calendar: subscribers fetch it again every hour or so.
CALENDAR_SIZE = 500
# How often calendar apps should fetch a subscription again (a hint; each app decides).
CALENDAR_REFRESH = timedelta(hours=1)
FEED_SIZE = 20


# --- iCalendar (RFC 5545) ---
# Each calendar is a route of the page it belongs to, at <page URL>agenda.ics: the agenda page
# (every event), a community page (its events) and an event page (that one event, to add it to
# a calendar). Wagtail's own page URLs allow no dot, so portal/urls.py hands these URLs to
# Wagtail's serve view, and the pages' routes are "agenda.ics/": Wagtail gives a routable page
# the rest of the path with a slash added. Served as pages, they get Wagtail's view
# restrictions (a private community's calendar asks for a login like the page does) and the
# anonymous page cache.


def calendar_events(events):
    """The events a subscribed calendar lists: upcoming ones and those that ended lately."""
    since = timezone.now() - CALENDAR_HISTORY
    return (
        events.live()
        .public()
        .alias(finish=Coalesce("end", "start"))
        .filter(finish__gte=since)
        .defer_streamfields()
        .prefetch_related("themes")
        .order_by("start", "pk")[:CALENDAR_SIZE]
    )


def build_calendar(request, events, name):
    """A VCALENDAR of `events` (EventPages) named `name`, with absolute links for `request`."""
    site = Site.find_for_request(request)
    # The site's host, not the request's: a UID must not change with the address it was read at.
    host = site.hostname if site else request.get_host()
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//{host}//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = clean_text(name)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", CALENDAR_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(CALENDAR_REFRESH))
    # Times are in UTC and need no time zone definition, but RFC 5545 wants at least one
    # component, also in a calendar without events (yet): the portal's own zone, which also
    # tells calendar apps where the events take place. In whole years, so the definition
    # stays the same from one fetch to the next.
    year = timezone.localdate().year
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE, first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1)
        )
    )
    for event in events:
        calendar.add_component(calendar_event(request, event, host))
    return calendar


def calendar_event(request, event, host):
    url = event.get_full_url(request)
    published = event.last_published_at
    vevent = icalendar.Event()
    # The page's id never changes, so an updated event replaces the old one in the calendar.
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", as_utc(published or timezone.now()))
    vevent.add("dtstart", as_utc(event.start))
    # Without an end an event lasts no time (RFC 5545, 3.6.1), which is how the portal sees it
    # too: over once it has started. An invented hour would show a time nobody announced.
    if event.end:
        vevent.add("dtend", as_utc(event.end))
    # Text is cleaned of control characters when it is saved (home.signal_handlers), but what
    # was stored before holds them still, and RFC 5545 allows none.
    vevent.add("summary", clean_text(event.title))
    vevent.add("description", clean_text(event_description(event, url), multiline=True))
    location = event.location or event.online_url
    if location:
        vevent.add("location", clean_text(location))
    vevent.add("url", url)
    if published:
        vevent.add("last-modified", as_utc(published))
    themes = [clean_text(theme.name) for theme in event.themes.all()]
    if themes:
        vevent.add("categories", themes)
    return vevent


def event_description(event, url):
    parts = [event.intro] if event.intro else []
    if event.online_url:
        parts.append(gettext("Online deelnemen: %(url)s") % {"url": event.online_url})
    if event.registration_url and not event.is_past:
        parts.append(gettext("Aanmelden: %(url)s") % {"url": event.registration_url})
    parts.append(gettext("Meer informatie: %(url)s") % {"url": url})
    return "\n\n".join(parts)


def as_utc(moment):
    return moment.astimezone(UTC)


def calendar_response(calendar, filename, as_attachment=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def all_events_calendar(request, event_index):
    name = f"{settings.WAGTAIL_SITE_NAME}: {event_index.title}"
    events = calendar_events(EventPage.objects.all())
    return calendar_response(build_calendar(request, events, name), "agenda.ics")


def community_calendar(request, community):
    name = gettext("Agenda van %(community)s") % {"community": community.title}
    events = calendar_events(EventPage.objects.filter(community=community))
    return calendar_response(build_calendar(request, events, name), f"agenda-{community.slug}.ics")


def event_calendar(request, event):
    """One event as a file to open in a calendar app: "Zet in je agenda"."""
    return calendar_response(
        build_calendar(request, [event], event.title), f"{event.slug}.ics", as_attachment=True
    )


# --- RSS 2.0 and Atom 1.0 ---


class PortalFeed(Feed):
    """What the portal's feeds share: Wagtail's absolute page links, timezone-aware dates and
    the anonymous page cache.

    Subclasses give `get_pages()` and the page type their `link` points to.
    """

    # The items are Dutch under /en/ too; only the feed's own title and description follow
    # the interface language.
    language = settings.LANGUAGE_CODE
    # Atom wants an author for every entry; the portal speaks for those without one.
    author_name = settings.WAGTAIL_SITE_NAME
    index_model = None

    def __call__(self, request, *args, **kwargs):
        # Safe to keep: publishing starts a new cache generation (home.caching), so a stored
        # feed never outlives the content it lists.
        return mark_cacheable(super().__call__(request, *args, **kwargs))

    def get_object(self, request, *args, **kwargs):
        return request

    def get_feed(self, obj, request):
        """Django's feed with every text in it cleaned, the titles to one line each.

        Text is cleaned of control characters when it is saved (home.signal_handlers), but what
        was stored before holds them still: XML 1.0 cannot carry them, and Django refuses to
        write a feed with one rather than write a broken one.
        """
        feed = super().get_feed(obj, request)
        feed.feed = clean_nested_text(feed.feed)
        for item in feed.items:
            item.update(clean_nested_text(item), title=clean_text(item["title"]))
        return feed

    def link(self, request):
        index = self.index_model.objects.live().first()
        return index.get_full_url(request) if index else request.build_absolute_uri("/")

    def get_pages(self):
        raise NotImplementedError

    def items(self, request):
        pages = list(self.get_pages())
        for page in pages:
            # item_link() is handed the page alone, and the URLs need the request.
            page.feed_link = page.get_full_url(request)
        return pages

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.feed_link

    def item_description(self, page):
        # Descriptions are HTML to feed readers; the summary is plain text.
        return escape(page.summary)


class StoryFeed(PortalFeed):
    title = _("Verhalen uit leergemeenschappen")
    description = _("De nieuwste verhalen en het nieuws uit leergemeenschappen in het hele land.")
    index_model = StoryIndexPage

    def get_pages(self):
        return (
            StoryPage.objects.live()
            .public()
            .defer_streamfields()
            .prefetch_related("themes")
            .order_by("-date", "-pk")[:FEED_SIZE]
        )

    def item_pubdate(self, story):
        # A story has a day, not a time: the start of that day where the portal is.
        return timezone.make_aware(datetime.combine(story.date, time.min))

    def item_updateddate(self, story):
        published = self.item_pubdate(story)
        return max(published, story.last_published_at or published)

    def item_author_name(self, story):
        return story.author or None

    def item_categories(self, story):
        return [theme.name for theme in story.themes.all()]


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description


class ResultFeed(PortalFeed):
    """Practice examples and tools together, in the order they were first published."""

    title = _("Nieuwe resultaten uit leergemeenschappen")
    description = _("Praktijkvoorbeelden en instrumenten, zodra ze gepubliceerd zijn.")
    index_model = CommunityIndexPage

    def get_pages(self):
        newest = []
        for model in (PracticeExamplePage, ToolPage):
            newest += (
                model.objects.live()
                .public()
                # Never published through Wagtail (a script put it live): no place in time.
                .exclude(first_published_at=None)
                .defer_streamfields()
                .select_related("community")
                .order_by("-first_published_at", "-pk")[:FEED_SIZE]
            )
        newest.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
        return newest[:FEED_SIZE]

    def item_description(self, page):
        summary = super().item_description(page)
        kind = capfirst(page._meta.verbose_name)
        community = page.community
        if community is None or not community.is_current:
            return f"{kind}. {summary}"
        return gettext("%(kind)s uit de leergemeenschap %(community)s. %(summary)s") % {
            "kind": kind,
            "community": escape(community.title),
            "summary": summary,
        }

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at or page.first_published_at

    def item_categories(self, page):
        categories = [capfirst(page._meta.verbose_name)]
        if page.community is not None and page.community.is_current:
            categories.append(page.community.title)
        return categories


class ResultAtomFeed(ResultFeed):
    feed_type = Atom1Feed
    subtitle = ResultFeed.description
