"""A community page keeps the parts that show published content alone ({% stored %}) per
content generation, for every visitor: with the page cache off, as for a member, the next
request renders only what depends on who asks or on the time."""

import datetime
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from resources.factories import EventPageFactory, PracticeExamplePageFactory

from .test_monitor import KNOWN_SCORES, client_for, evaluate

WORKSPACE_LINK = "Naar de werkruimte"


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def text_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").get_text()


@pytest.mark.django_db
def test_the_stored_parts_are_served_until_content_changes(communities):
    PracticeExamplePageFactory(parent=communities.a, title="Leesclub in de bovenbouw")
    client = Client()
    first = client.get(communities.a.url)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(communities.a.url)

    assert second.content == first.content
    assert "Leesclub in de bovenbouw" in text_of(second)
    # Neither the practice examples nor the roles are read again.
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert "resources_practiceexamplepage" not in asked
    assert "communities_communityrole" not in asked

    PracticeExamplePageFactory(parent=communities.a, title="Debatles in de onderbouw")

    assert "Debatles in de onderbouw" in text_of(client.get(communities.a.url))


@pytest.mark.django_db
@pytest.mark.parametrize("first_visitor", ["anonymous", "member"])
def test_the_workspace_link_is_shown_to_members_alone_whoever_came_first(
    communities, people, first_visitor
):
    anonymous, member = Client(), client_for(people.member_a)
    visits = [anonymous, member] if first_visitor == "anonymous" else [member, anonymous]
    for client in visits:
        client.get(communities.a.url)

    assert WORKSPACE_LINK in text_of(member.get(communities.a.url))
    assert WORKSPACE_LINK not in text_of(anonymous.get(communities.a.url))


@pytest.mark.django_db
def test_a_preview_neither_uses_nor_stores_the_parts(communities):
    page = communities.a
    live = text_of(Client().get(page.url))
    page.central_question = "Hoe leren leerlingen debatteren?"
    page.save_revision()

    preview = page.get_latest_revision_as_object().make_preview_request()

    assert "Hoe leren leerlingen debatteren?" in preview.render().content.decode()
    assert "Hoe leren leerlingen debatteren?" not in live
    assert "Hoe leren leerlingen debatteren?" not in text_of(Client().get(page.url))


@pytest.mark.django_db
def test_each_language_has_parts_of_its_own(communities):
    client, url = Client(), communities.a.url
    dutch = text_of(client.get(url))
    english = text_of(client.get(f"/en{url}"))

    assert "Centrale vraag" in dutch
    assert "Central question" in english
    assert "Centrale vraag" in text_of(client.get(url))


@pytest.mark.django_db
def test_the_monitor_part_follows_the_quarter(communities, monkeypatch):
    from django.utils import timezone

    evaluate(communities.a, "2026-4", *KNOWN_SCORES)
    client = Client()
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 11, 2))
    assert "Nog niets te tonen" in text_of(client.get(communities.a.url))

    # Nothing published since: only the end of the quarter shows its means.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 1, 4))
    after = text_of(client.get(communities.a.url))

    assert "Nog niets te tonen" not in after
    assert "4e kwartaal 2026" in after


@pytest.mark.django_db
def test_an_event_that_has_ended_leaves_the_page_without_a_publish(communities, monkeypatch):
    from django.utils import timezone

    now = timezone.now()
    EventPageFactory(
        title="Intervisie",
        community=communities.a,
        start=now - timedelta(hours=1),
        end=now + timedelta(minutes=10),
    )
    EventPageFactory(title="Slotbijeenkomst", community=communities.a, start=now + timedelta(7))
    client, url = Client(), communities.a.url
    assert "Intervisie" in text_of(client.get(url))

    # Within the hour a content generation lasts at most: only the event's end has passed.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=20))
    after = text_of(client.get(url))

    assert "Intervisie" not in after
    assert "Slotbijeenkomst" in after
