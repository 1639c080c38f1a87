"""Calendars (.ics) and RSS and Atom feeds, read back with real iCalendar and feed parsers."""

import datetime
from datetime import UTC, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import feedparser
import icalendar
import pytest
from pytest_django.asserts import assertContains

from communities.factories import CommunityPageFactory
from communities.models import MeetingFormat
from home.caching import CACHE_HEADER
from home.factories import ThemeFactory
from home.models import ensure_section_pages
from resources.factories import (
    EventPageFactory,
    PracticeExamplePageFactory,
    StoryPageFactory,
    ToolPageFactory,
)
from resources.models import PracticeExamplePage, ToolPage

# The default site the migrations create: what absolute links and UIDs are made of.
SITE_ROOT = "http://localhost"


@pytest.fixture
def sections(db):
    return ensure_section_pages()


def get_calendar(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    # Raises when a required property or component is missing; parse errors are collected.
    calendar.validate()
    assert calendar.errors == []
    for event in calendar.events:
        assert event.errors == []
        assert event.get("UID") and event.get("DTSTAMP") and event.get("DTSTART")
    return calendar, response


def by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.events}


def get_feed(url, version):
    response = Client().get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    return feed, response


def titles(feed):
    return [entry.title for entry in feed.entries]


def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def publish(page, at):
    """Publish through Wagtail, as editors do, and then date it: first published `at`."""
    page.save_revision().publish()
    type(page).objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)


@pytest.mark.django_db
class TestAllEventsCalendar:
    def test_lists_upcoming_and_recent_events_in_order_with_their_details(self, sections):
        now = timezone.now().replace(microsecond=0)
        workshop = EventPageFactory(
            title="Werksessie moderatoren",
            intro="Samen oefenen met lastige gesprekken.",
            start=now + timedelta(days=3),
            end=now + timedelta(days=3, hours=2),
            location="Stadskantoor Utrecht",
            themes=[ThemeFactory(name="Burgerschap"), ThemeFactory(name="Lezen")],
        )
        conference = EventPageFactory(title="Landelijke dag", start=now + timedelta(days=30))
        recent = EventPageFactory(
            title="Terugblik", start=now - timedelta(days=11), end=now - timedelta(days=10)
        )
        # A long event that ended lately counts by its end, not by its start.
        long_running = EventPageFactory(
            title="Leerlijn", start=now - timedelta(days=200), end=now - timedelta(days=80)
        )
        EventPageFactory(title="Lang geleden", start=now - timedelta(days=120))
        EventPageFactory(title="Concept", live=False)
        make_private(EventPageFactory(title="Besloten overleg"))

        calendar, response = get_calendar("/agenda/agenda.ics")

        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["X-WR-CALNAME"]) == "Leergemeenschappen: Agenda"
        assert [str(event["SUMMARY"]) for event in calendar.events] == [
            "Leerlijn",
            "Terugblik",
            "Werksessie moderatoren",
            "Landelijke dag",
        ]
        event = by_summary(calendar)["Werksessie moderatoren"]
        assert str(event["UID"]) == f"event-{workshop.pk}@localhost"
        assert event.decoded("DTSTART") == workshop.start.astimezone(UTC)
        # In UTC ("Z"), so no calendar app has to guess a time zone.
        assert event["DTSTART"].to_ical().endswith(b"Z")
        assert event.decoded("DTEND") == workshop.end.astimezone(UTC)
        assert str(event["LOCATION"]) == "Stadskantoor Utrecht"
        assert str(event["URL"]) == f"{SITE_ROOT}/agenda/{workshop.slug}/"
        assert "Samen oefenen met lastige gesprekken." in str(event["DESCRIPTION"])
        assert f"{SITE_ROOT}/agenda/{workshop.slug}/" in str(event["DESCRIPTION"])
        assert set(event.categories) == {"Burgerschap", "Lezen"}
        uids = {str(event["UID"]) for event in calendar.events}
        assert uids == {
            f"event-{page.pk}@localhost" for page in (workshop, conference, recent, long_running)
        }
        assert "attachment" not in response["Content-Disposition"]

    def test_an_event_without_an_end_has_no_invented_one(self, sections):
        EventPageFactory(title="Inloopspreekuur")

        calendar, _ = get_calendar("/agenda/agenda.ics")

        assert "DTEND" not in by_summary(calendar)["Inloopspreekuur"]

    def test_an_online_event_is_located_at_its_link(self, sections):
        EventPageFactory(
            title="Webinar", format=MeetingFormat.ONLINE, online_url="https://meet.example/abc"
        )

        calendar, _ = get_calendar("/agenda/agenda.ics")

        assert str(by_summary(calendar)["Webinar"]["LOCATION"]) == "https://meet.example/abc"

    def test_uids_stay_the_same_between_requests_and_languages(self, sections):
        EventPageFactory(title="Werksessie")
        EventPageFactory(title="Netwerkdag")

        dutch, _ = get_calendar("/agenda/agenda.ics")
        again, _ = get_calendar("/agenda/agenda.ics", Client())
        english, _ = get_calendar("/en/agenda/agenda.ics")

        def uids(calendar):
            return [str(event["UID"]) for event in calendar.events]

        assert len(set(uids(dutch))) == 2
        assert uids(dutch) == uids(again) == uids(english)
        assert str(english.events[0]["URL"]).startswith(f"{SITE_ROOT}/en/agenda/")

    def test_an_empty_calendar_is_still_a_valid_one(self, sections):
        calendar, _ = get_calendar("/agenda/agenda.ics")

        assert calendar.events == []

    def test_the_agenda_links_to_it_and_still_lists_its_events(self, sections):
        event = EventPageFactory(title="Werksessie")

        response = Client().get("/agenda/")

        assert response.status_code == 200
        assertContains(response, 'href="/agenda/agenda.ics"')
        assertContains(response, "Abonneer op de agenda")
        assertContains(response, f'href="{event.url}"')


@pytest.mark.django_db
class TestCommunityCalendar:
    def test_lists_only_that_communitys_public_events(self, sections):
        community = CommunityPageFactory(title="Netwerk Burgerschap")
        other = CommunityPageFactory(title="Kring Lezen")
        own = EventPageFactory(title="Bijeenkomst van het netwerk", community=community)
        EventPageFactory(title="Bijeenkomst van de kring", community=other)
        EventPageFactory(title="Landelijke dag")
        EventPageFactory(title="Concept van het netwerk", community=community, live=False)
        make_private(EventPageFactory(title="Besloten van het netwerk", community=community))

        calendar, response = get_calendar(f"{community.url}agenda.ics")

        assert list(by_summary(calendar)) == ["Bijeenkomst van het netwerk"]
        assert str(calendar.events[0]["UID"]) == f"event-{own.pk}@localhost"
        assert str(calendar["X-WR-CALNAME"]) == "Agenda van Netwerk Burgerschap"
        assert f'filename="agenda-{community.slug}.ics"' in response["Content-Disposition"]

    def test_a_private_community_does_not_give_its_calendar_to_visitors(self, sections):
        community = CommunityPageFactory()
        EventPageFactory(title="Besloten bijeenkomst", community=community)
        make_private(community)

        response = Client().get(f"{community.url}agenda.ics")

        # Wagtail's answer for the page itself: log in first.
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/?next=")
        assert b"Besloten bijeenkomst" not in response.content

    def test_the_community_page_links_to_it_and_its_other_routes_still_work(self, sections):
        community = CommunityPageFactory(title="Netwerk Burgerschap")

        response = Client().get(community.url)

        assertContains(response, f'href="{community.url}agenda.ics"')
        assertContains(response, "Agenda van deze leergemeenschap als iCalendar (.ics)")
        for route in ("praktijkvoorbeelden/", "instrumenten/"):
            assert Client().get(f"{community.url}{route}").status_code == 200


@pytest.mark.django_db
class TestAddOneEventToACalendar:
    def test_the_event_page_offers_its_own_calendar_file(self, sections):
        # iCalendar times have whole seconds.
        start = timezone.now().replace(microsecond=0) + timedelta(days=5)
        event = EventPageFactory(title="Werksessie moderatoren", location="Zwolle", start=start)

        page = Client().get(event.url)
        calendar, response = get_calendar(f"{event.url}agenda.ics")

        assert page.status_code == 200
        assertContains(page, f'href="{event.url}agenda.ics"')
        assertContains(page, "Zet in je agenda")
        assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
        [vevent] = calendar.events
        assert str(vevent["SUMMARY"]) == "Werksessie moderatoren"
        assert str(vevent["UID"]) == f"event-{event.pk}@localhost"
        assert vevent.decoded("DTSTART") == event.start.astimezone(UTC)
        assert str(vevent["LOCATION"]) == "Zwolle"

    def test_a_draft_event_has_no_calendar_file(self, sections):
        event = EventPageFactory(live=False)

        assert Client().get(f"{event.url}agenda.ics").status_code == 404

    def test_a_calendar_file_in_english_is_the_same_event(self, sections):
        event = EventPageFactory(title="Werksessie")

        calendar, _ = get_calendar(f"/en/agenda/{event.slug}/agenda.ics")

        assert str(calendar.events[0]["UID"]) == f"event-{event.pk}@localhost"
        assert str(calendar.events[0]["URL"]) == f"{SITE_ROOT}/en/agenda/{event.slug}/"


@pytest.mark.django_db
class TestStoryFeeds:
    @pytest.mark.parametrize(
        ("url", "version"), [("/feeds/verhalen/", "rss20"), ("/feeds/verhalen/atom/", "atom10")]
    )
    def test_newest_first_live_and_public_only(self, sections, url, version):
        StoryPageFactory(title="Oud verhaal", date=datetime.date(2025, 1, 10))
        newest = StoryPageFactory(
            title="Nieuw verhaal", date=datetime.date(2025, 3, 1), author="Anouk de Vries"
        )
        StoryPageFactory(title="Middelste verhaal", date=datetime.date(2025, 2, 1))
        StoryPageFactory(title="Concept", date=datetime.date(2025, 4, 1), live=False)
        make_private(StoryPageFactory(title="Besloten", date=datetime.date(2025, 4, 2)))

        feed, _ = get_feed(url, version)

        assert feed.feed.title == "Verhalen uit leergemeenschappen"
        assert feed.feed.link == f"{SITE_ROOT}/verhalen/"
        assert titles(feed) == ["Nieuw verhaal", "Middelste verhaal", "Oud verhaal"]
        entry = feed.entries[0]
        assert entry.link == f"{SITE_ROOT}/verhalen/{newest.slug}/"
        assert entry.summary == newest.intro
        assert entry.author == "Anouk de Vries"
        # Midnight in Amsterdam (winter time) is 23:00 UTC the day before.
        assert entry.published_parsed[:5] == (2025, 2, 28, 23, 0)

    def test_lists_the_20_newest(self, sections):
        for day in range(1, 23):
            StoryPageFactory(title=f"Verhaal {day}", date=datetime.date(2025, 5, day))

        feed, _ = get_feed("/feeds/verhalen/", "rss20")

        assert titles(feed) == [f"Verhaal {day}" for day in range(22, 2, -1)]

    def test_a_story_published_after_a_first_request_is_in_the_next(self, sections):
        StoryPageFactory(title="Eerste verhaal")
        _, first = get_feed("/feeds/verhalen/", "rss20")
        _, cached = get_feed("/feeds/verhalen/", "rss20")

        story = StoryPageFactory(title="Tweede verhaal", live=False)
        story.save_revision().publish()
        feed, fresh = get_feed("/feeds/verhalen/", "rss20")

        assert (first[CACHE_HEADER], cached[CACHE_HEADER]) == ("miss", "hit")
        assert fresh[CACHE_HEADER] == "miss"
        assert set(titles(feed)) == {"Eerste verhaal", "Tweede verhaal"}

    def test_the_english_feed_has_the_same_stories_linking_to_english_pages(self, sections):
        story = StoryPageFactory(title="Samen leren")

        feed, _ = get_feed("/en/feeds/verhalen/atom/", "atom10")

        assert titles(feed) == ["Samen leren"]
        assert feed.entries[0].link == f"{SITE_ROOT}/en/verhalen/{story.slug}/"

    def test_every_page_announces_the_feeds_and_the_story_overview_links_to_them(self, sections):
        content = Client().get(sections["stories"].url).content.decode()

        for kind, url in [
            ("rss", "/feeds/verhalen/"),
            ("atom", "/feeds/verhalen/atom/"),
            ("rss", "/feeds/resultaten/"),
            ("atom", "/feeds/resultaten/atom/"),
        ]:
            assert f'rel="alternate" type="application/{kind}+xml"' in content
            assert f'href="{url}"' in content
        assert ">RSS-feed van de verhalen</a>" in content


@pytest.mark.django_db
class TestResultFeeds:
    @pytest.mark.parametrize(
        ("url", "version"),
        [("/feeds/resultaten/", "rss20"), ("/feeds/resultaten/atom/", "atom10")],
    )
    def test_practice_examples_and_tools_newest_first_with_their_community(
        self, sections, url, version
    ):
        community = CommunityPageFactory(title="Netwerk Burgerschap")
        day = timedelta(days=1)
        moment = timezone.now().replace(microsecond=0) - 10 * day
        publish(PracticeExamplePageFactory(parent=community, title="Lesbezoek"), moment)
        publish(ToolPageFactory(parent=community, title="Gesprekskaart"), moment + day)
        publish(ToolPageFactory(title="Landelijk instrument"), moment - day)
        PracticeExamplePageFactory(parent=community, title="Concept", live=False)
        private = PracticeExamplePageFactory(parent=community, title="Besloten")
        publish(private, moment + 2 * day)
        make_private(private)

        feed, _ = get_feed(url, version)

        assert titles(feed) == ["Gesprekskaart", "Lesbezoek", "Landelijk instrument"]
        tool = feed.entries[0]
        assert tool.link.startswith(f"{SITE_ROOT}/leergemeenschappen/")
        assert "Netwerk Burgerschap" in tool.summary
        assert {tag.term for tag in tool.tags} == {"Instrument", "Netwerk Burgerschap"}
        published = datetime.datetime(*tool.published_parsed[:6], tzinfo=UTC)
        assert published == moment + day

    def test_lists_the_20_most_recently_published_of_both_kinds(self, sections):
        start = timezone.now() - timedelta(days=60)
        community = CommunityPageFactory()
        for number in range(12):
            example = PracticeExamplePageFactory(parent=community, title=f"Voorbeeld {number}")
            publish(example, start + timedelta(days=2 * number))
            tool = ToolPageFactory(title=f"Instrument {number}")
            publish(tool, start + timedelta(days=2 * number + 1))

        feed, _ = get_feed("/feeds/resultaten/", "rss20")

        expected = [
            page.title
            for page in sorted(
                [*PracticeExamplePage.objects.all(), *ToolPage.objects.all()],
                key=lambda page: page.first_published_at,
                reverse=True,
            )
        ][:20]
        assert titles(feed) == expected
        assert titles(feed)[:2] == ["Instrument 11", "Voorbeeld 11"]


@pytest.mark.django_db
def test_only_pages_with_a_calendar_answer_at_agenda_ics(sections):
    story = StoryPageFactory()

    for url in ("/agenda.ics", "/verhalen/agenda.ics", f"{story.url}agenda.ics"):
        assert Client().get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "item", "per_round"),
    [
        ("/agenda/agenda.ics", b"BEGIN:VEVENT", 1),
        ("/feeds/verhalen/", b"<item>", 1),
        # A practice example and a tool each round.
        ("/feeds/resultaten/atom/", b"<entry>", 2),
    ],
)
def test_a_calendar_or_feed_costs_the_same_queries_for_2_or_8_items(
    sections, settings, url, item, per_round
):
    settings.PAGE_CACHE_SECONDS = 0
    themes = [ThemeFactory(), ThemeFactory()]
    community = CommunityPageFactory()

    def add(number):
        for _ in range(number):
            EventPageFactory(themes=themes, community=community)
            StoryPageFactory(themes=themes)
            publish(PracticeExamplePageFactory(parent=community), timezone.now())
            publish(ToolPageFactory(), timezone.now())

    def items_and_queries():
        client = Client()
        client.get(url)  # the site structure is stored by the first request after a change
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.count(item), len(captured)

    add(2)
    few_items, few_queries = items_and_queries()
    add(6)
    many_items, many_queries = items_and_queries()

    assert (few_items, many_items) == (2 * per_round, 8 * per_round)
    assert many_queries == few_queries
