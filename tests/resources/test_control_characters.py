"""Control characters pasted into a title (Word's line break is a vertical tab) are stored
without them, and the feeds and calendars carry whatever is stored."""

import json
import re

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import feedparser
import icalendar
import pytest

from home.models import ensure_section_pages
from resources.factories import EventPageFactory, PracticeExamplePageFactory, StoryPageFactory
from resources.models import EventPage, PracticeExamplePage, StoryPage

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FEEDS = [
    ("/feeds/verhalen/", "rss20"),
    ("/feeds/verhalen/atom/", "atom10"),
    ("/feeds/resultaten/", "rss20"),
    ("/feeds/resultaten/atom/", "atom10"),
]


@pytest.fixture
def sections(db):
    return ensure_section_pages()


def read_feed(url, version):
    response = Client().get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def read_calendar(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.errors == []
    return calendar


def story_writer_client(django_user_model, stories):
    """Someone who may write and publish stories in the admin, and nothing else."""
    writers = Group.objects.create(name="Verhalenschrijvers")
    writers.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=writers, page=stories, permission=Permission.objects.get(codename=permission)
        )
    writer = django_user_model.objects.create_user("schrijver", "s@example.org", "pw")
    writer.groups.add(writers)
    client = Client()
    client.force_login(writer)
    return client


def story_form(story, **changes):
    return nested_form_data(
        {
            "title": story.title,
            "slug": story.slug,
            "date": story.date.isoformat(),
            "author": story.author,
            "intro": story.intro,
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "social_text": "",
            "action-publish": "action-publish",
            **changes,
        }
    )


@pytest.mark.django_db
def test_a_title_pasted_with_a_vertical_tab_in_the_admin_keeps_the_story_feeds_up(
    sections, django_user_model
):
    story = StoryPageFactory(title="Een verhaal", intro="Kort.")
    story.save_revision().publish()
    example = PracticeExamplePageFactory(title="Een praktijkvoorbeeld")
    example.save_revision().publish()

    response = story_writer_client(django_user_model, sections["stories"]).post(
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        story_form(
            story,
            title="Samen leren\x0bin de brugklas",
            author="Jan\x0bJansen",
            intro="Eerste regel\x0btweede regel\x07.",
            body=streamfield([("paragraph", rich_text("<p>Tekst\x0bmet\x1fregeleinde</p>"))]),
        ),
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    story = StoryPage.objects.get(pk=story.pk)
    assert story.title == story.draft_title == "Samen leren in de brugklas"
    assert story.author == "Jan Jansen"
    assert story.intro == "Eerste regel\ntweede regel."
    assert "Tekst\nmet regeleinde" in story.body[0].value.source
    # The revision the admin edits next holds the same text.
    revision = story.latest_revision.content
    assert revision["title"] == "Samen leren in de brugklas"
    assert not CONTROL.search(json.dumps(revision, ensure_ascii=False))
    for url, version in FEEDS:
        feed = read_feed(url, version)
        for entry in feed.entries:
            assert not CONTROL.search(entry.title + entry.get("summary", ""))
    titles = [entry.title for entry in read_feed("/feeds/verhalen/", "rss20").entries]
    assert titles == ["Samen leren in de brugklas"]


@pytest.mark.django_db
def test_feeds_and_calendars_leave_out_control_characters_stored_earlier(sections):
    story = StoryPageFactory(title="Verhaal", author="Auteur")
    example = PracticeExamplePageFactory(title="Praktijkvoorbeeld")
    event = EventPageFactory(title="Bijeenkomst", location="Utrecht")
    for page in (story, example, event):
        page.save_revision().publish()
    # Stored before text was cleaned on saving: an update() sends no signal. (No NUL: that,
    # PostgreSQL never stored.)
    Page.objects.filter(pk__in=[story.pk, example.pk, event.pk]).update(title="Oud\x0b\x01titel")
    StoryPage.objects.filter(pk=story.pk).update(intro="Intro\x0c\x1b.", author="Jan\x08")
    PracticeExamplePage.objects.filter(pk=example.pk).update(intro="Intro\x0b.")
    EventPage.objects.filter(pk=event.pk).update(intro="Intro\x0b.", location="Zaal\x0b3")

    for url, version in FEEDS:
        feed = read_feed(url, version)
        assert [entry.title for entry in feed.entries] == ["Oud titel"]
        assert not CONTROL.search(feed.entries[0].get("summary", ""))
    for url in ("/agenda/agenda.ics", f"{EventPage.objects.get().url}agenda.ics"):
        (vevent,) = read_calendar(url).events
        assert str(vevent["SUMMARY"]) == "Oud titel"
        assert str(vevent["LOCATION"]) == "Zaal 3"
        assert not CONTROL.search(str(vevent["DESCRIPTION"]))


@pytest.mark.django_db
def test_an_event_saved_with_a_control_character_is_in_the_calendar_without_it(sections):
    event = EventPageFactory(title="Werksessie\x0bmoderatoren", location="Zwolle\x1b")
    event.save_revision().publish()

    (vevent,) = read_calendar("/agenda/agenda.ics").events

    assert str(vevent["SUMMARY"]) == "Werksessie moderatoren"
    assert str(vevent["LOCATION"]) == "Zwolle"


@pytest.mark.django_db
def test_a_title_with_nul_is_published_without_it(sections):
    story = StoryPageFactory(title="Nul\x00in de titel", intro="Een\x00 intro.")
    story.title = "Nul\x00in de titel"
    story.save_revision().publish()

    story = StoryPage.objects.get(pk=story.pk)
    assert story.title == "Nulin de titel"
    assert story.intro == "Een intro."
    assert story.live_revision.content["title"] == "Nulin de titel"
    assert [entry.title for entry in read_feed("/feeds/verhalen/", "rss20").entries] == [
        "Nulin de titel"
    ]
