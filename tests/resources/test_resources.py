"""Events in time, and what the home page picks out: stories, events and featured communities."""

import datetime
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.test import RequestFactory
from django.utils import timezone

import pytest

from communities.factories import CommunityPageFactory
from home.models import HomePageFeaturedCommunity, get_home_page
from resources.factories import EventPageFactory, StoryPageFactory
from resources.models import EventPage


def home_context():
    home = get_home_page()
    return home.get_context(RequestFactory().get(home.url))


@pytest.mark.django_db
class TestUpcomingAndPast:
    def test_events_are_split_by_whether_they_have_finished(self):
        now = timezone.now()
        tomorrow = EventPageFactory(start=now + timedelta(days=1))
        ongoing = EventPageFactory(start=now - timedelta(days=1), end=now + timedelta(days=1))
        finished = EventPageFactory(start=now - timedelta(days=2), end=now - timedelta(days=1))
        # Without an end, an event is over once it has started.
        started = EventPageFactory(start=now - timedelta(hours=2))

        assert set(EventPage.objects.upcoming()) == {tomorrow, ongoing}
        assert set(EventPage.objects.past()) == {finished, started}
        assert not ongoing.is_past
        assert started.is_past

    def test_the_filters_chain_with_the_usual_page_filters(self):
        upcoming = EventPageFactory()
        EventPageFactory(live=False)

        assert list(EventPage.objects.live().upcoming()) == [upcoming]


@pytest.mark.django_db
class TestUpcomingByStart:
    """The upcoming events in order, read in two parts: those under way, then those to come."""

    @pytest.fixture
    def upcoming(self):
        now = timezone.now()
        EventPageFactory(start=now - timedelta(days=9), end=now - timedelta(days=8))
        EventPageFactory(start=now - timedelta(hours=3))
        same_start = now + timedelta(days=2)
        for start, end in [
            (now + timedelta(days=5), None),
            (now - timedelta(days=30), now + timedelta(days=30)),
            (same_start, None),
            (now - timedelta(hours=1), now + timedelta(hours=1)),
            (same_start, same_start + timedelta(hours=2)),
            (now + timedelta(days=1), now + timedelta(days=3)),
        ]:
            EventPageFactory(start=start, end=end)
        return EventPage.objects.live().upcoming_by_start()

    def test_lists_what_upcoming_finds_in_order_of_the_start(self, upcoming):
        expected = list(EventPage.objects.live().upcoming().order_by("start", "pk"))

        assert len(expected) == 6
        assert list(upcoming) == expected
        assert upcoming.count() == len(upcoming) == 6

    def test_every_slice_is_the_slice_of_the_whole_list(self, upcoming):
        expected = list(upcoming)

        for start in [None, *range(8)]:
            for stop in [None, *range(8)]:
                fresh = EventPage.objects.live().upcoming_by_start()
                assert fresh[start:stop] == expected[start:stop], (start, stop)
        assert upcoming[3] == expected[3]
        assert upcoming[-1:] == expected[-1:]

    def test_the_first_few_cost_a_query_per_part_and_no_count(
        self, upcoming, django_assert_num_queries
    ):
        with django_assert_num_queries(2):
            first = upcoming[:3]

        assert [event.start < timezone.now() for event in first] == [True, True, False]

    def test_a_paginator_pages_through_both_parts(self, upcoming):
        expected = list(upcoming)
        paginator = Paginator(EventPage.objects.live().upcoming_by_start(), 4)

        assert paginator.count == 6
        assert list(paginator.page(1)) == expected[:4]
        assert list(paginator.page(2)) == expected[4:]


@pytest.mark.django_db
class TestEventDates:
    def test_an_event_cannot_end_before_it_starts(self):
        event = EventPageFactory()
        event.end = event.start - timedelta(hours=1)

        with pytest.raises(ValidationError) as raised:
            event.full_clean()

        assert raised.value.message_dict["end"] == ["Het einde ligt voor het begin."]

    @pytest.mark.parametrize("duration", [timedelta(0), timedelta(hours=3), None])
    def test_an_event_may_end_at_or_after_its_start_or_have_no_end(self, duration):
        event = EventPageFactory()
        event.end = None if duration is None else event.start + duration

        event.full_clean()


@pytest.mark.django_db
def test_the_home_page_shows_the_three_latest_published_stories_newest_first():
    oldest = StoryPageFactory(date=datetime.date(2025, 1, 10))
    newest = StoryPageFactory(date=datetime.date(2025, 3, 1))
    StoryPageFactory(date=datetime.date(2025, 4, 1), live=False)
    same_day_first = StoryPageFactory(date=datetime.date(2025, 2, 1))
    same_day_later = StoryPageFactory(date=datetime.date(2025, 2, 1))

    latest = list(home_context()["latest_stories"])

    assert latest == [newest, same_day_later, same_day_first]
    assert oldest not in latest


@pytest.mark.django_db
def test_the_home_page_shows_the_next_three_upcoming_published_events():
    now = timezone.now()
    EventPageFactory(start=now - timedelta(days=3))
    EventPageFactory(start=now + timedelta(days=1), live=False)
    in_a_month = EventPageFactory(start=now + timedelta(days=30))
    next_week = EventPageFactory(start=now + timedelta(days=7))
    ongoing = EventPageFactory(start=now - timedelta(hours=1), end=now + timedelta(hours=2))
    EventPageFactory(start=now + timedelta(days=60))

    assert list(home_context()["upcoming_events"]) == [ongoing, next_week, in_a_month]


@pytest.mark.django_db
def test_the_home_page_features_only_published_communities_in_the_chosen_order():
    home = get_home_page()
    second = CommunityPageFactory(title="Kenniskring Burgerschap")
    draft = CommunityPageFactory(title="Werkplaats in oprichting", live=False)
    first = CommunityPageFactory(title="Lerend netwerk Cultuureducatie")
    for order, community in enumerate([first, draft, second]):
        HomePageFeaturedCommunity.objects.create(page=home, community=community, sort_order=order)

    assert home_context()["featured_communities"] == [first, second]
