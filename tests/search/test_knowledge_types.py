"""A knowledge type search has never heard of: declared on its class, it is searched, faceted
and listed like the portal's own, on every backend.

The type is BulletinPage of the test-only app tests.knowledge_fixture; nothing in search
names it.
"""

from datetime import UTC, date, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from communities.factories import CommunityPageFactory
from home.factories import ThemeFactory
from home.knowledge import KnowledgePageMixin, by_knowledge_key
from resources.factories import EventPageFactory, StoryPageFactory, ToolPageFactory
from search.query import searchable_text
from tests.knowledge_fixture.factories import ArchivedBulletinPageFactory, BulletinPageFactory

from .helpers import api


@pytest.fixture
def bulletin(db):
    """A bulletin about mentoraat from 2019, of a community, among pages of the portal's own
    types that mention mentoraat too."""
    theme = ThemeFactory(name="Sociale veiligheid", slug="sociale-veiligheid")
    community = CommunityPageFactory(title="Kenniskring Mentoraat", intro="Over mentoraat.")
    tool = ToolPageFactory(title="Gesprekskaart mentoraat", intro="Kaart voor mentoraat.")
    StoryPageFactory(title="Wat mentoraat oplevert", intro="Een verhaal over mentoraat.")
    page = BulletinPageFactory(
        title="Nieuwe mentoren gezocht",
        intro="De kenniskring zoekt mentoren.",
        notice="<p>Wie wil meedoen aan ons <b>mentoraat</b>-project?</p>",
        issued_on=date(2019, 5, 1),
        community=community,
    )
    page.themes.set([theme])
    # Published through a revision, as editors do: published today, issued in 2019.
    for published in (page, community, tool):
        published.save_revision().publish()
    return page


@pytest.mark.django_db
def test_a_declared_knowledge_type_is_searched_and_listed(search_backend, bulletin):
    search_backend.refresh()

    data = api(q="mentoraat")

    assert data["count"] == 4
    result = next(result for result in data["results"] if result["type"] == "bulletin")
    assert result["title"] == "Nieuwe mentoren gezocht"
    assert result["url"].endswith(bulletin.url)
    assert result["community"] == "Kenniskring Mentoraat"
    assert result["themes"] == ["Sociale veiligheid"]
    assert result["date"] == "2019-05-01"
    assert "<mark>mentoraat</mark>-project" in result["snippet"]
    assert "<p>" not in result["snippet"]


@pytest.mark.django_db
def test_its_facets_come_from_its_declaration(search_backend, bulletin):
    search_backend.refresh()

    data = api(q="mentoraat")

    # Ordered by knowledge_order: the bulletins (35) between the tools (30) and stories (50).
    assert list(data["facets"]["type"].items()) == [
        ("community", 1),
        ("tool", 1),
        ("bulletin", 1),
        ("story", 1),
    ]
    # Its year is the day it was issued, not the day it was published.
    assert data["facets"]["year"]["2019"] == 1
    assert data["facets"]["theme"] == {"sociale-veiligheid": 1}
    community_id = str(bulletin.community_id)
    assert data["facets"]["community"] == {community_id: 2}  # the community and its bulletin
    for facet, value in [
        ("type", "bulletin"),
        ("year", "2019"),
        ("theme", "sociale-veiligheid"),
        ("community", community_id),
    ]:
        titles = [result["title"] for result in api(q="mentoraat", **{facet: value})["results"]]
        assert "Nieuwe mentoren gezocht" in titles, facet


@pytest.mark.django_db
def test_the_search_page_shows_its_label_and_sorts_it_by_its_own_date(search_backend, bulletin):
    search_backend.refresh()

    response = Client().get("/zoeken/", {"q": "mentoraat", "sort": "newest"})
    content = response.content.decode()

    assert response.status_code == 200
    assert 'Mededeling <span class="facet__count">(1)</span>' in content
    titles = [page.title for page in response.context["search_results"].object_list]
    assert titles[-1] == "Nieuwe mentoren gezocht"  # issued in 2019, the rest today


@pytest.mark.django_db
def test_its_snippet_reads_its_snippet_fields_in_order_without_html(bulletin):
    assert searchable_text(bulletin) == (
        "De kenniskring zoekt mentoren. Wie wil meedoen aan ons mentoraat-project?"
    )


@pytest.mark.django_db
def test_a_date_time_counts_by_its_day_in_the_sites_time_zone(search_backend, db):
    # New Year's Eve in UTC, already New Year's Day in Amsterdam.
    EventPageFactory(
        title="Mentoraat bij de jaarwisseling",
        intro="Een werksessie over mentoraat.",
        start=datetime(2024, 12, 31, 23, 30, tzinfo=UTC),
    )
    search_backend.refresh()

    data = api(q="mentoraat")

    assert data["facets"]["year"] == {"2025": 1}
    assert data["results"][0]["date"] == "2025-01-01"


@pytest.mark.django_db
def test_its_pages_cost_the_search_the_same_queries_for_1_or_10(bulletin):
    def queries():
        # Bulletins only on the page of results, however they rank among the other types.
        params = {"q": "mentoraat", "type": "bulletin"}
        Client().get("/api/search/", params)  # the site's structure is stored
        with CaptureQueriesContext(connection) as captured:
            found = api(**params)
        return found["facets"]["type"]["bulletin"], len(captured)

    found, one = queries()
    assert found == 1
    for number in range(9):
        community = CommunityPageFactory(title=f"Kring {number}")
        more = BulletinPageFactory(intro="Over mentoraat.", community=community)
        more.themes.set([ThemeFactory()])

    assert queries() == (10, one)


@pytest.mark.django_db
def test_a_subclass_that_is_no_knowledge_type_of_its_own_is_not_searched(search_backend, bulletin):
    archived = ArchivedBulletinPageFactory(
        title="Mentoren gezocht in 2018", intro="Over mentoraat.", community=bulletin.community
    )
    archived.save_revision().publish()
    search_backend.refresh()

    data = api(q="mentoraat")
    response = Client().get("/zoeken/", {"q": "mentoraat"})

    assert data["count"] == 4
    assert "Mentoren gezocht in 2018" not in [result["title"] for result in data["results"]]
    assert data["facets"]["type"]["bulletin"] == 1
    assert response.status_code == 200
    assert "Mentoren gezocht in 2018" not in response.content.decode()


def test_two_knowledge_types_with_one_key_are_refused_by_name():
    class Notice(KnowledgePageMixin):
        knowledge_key = "notice"

    class UrgentNotice(Notice):
        """Inherits the key without meaning to."""

    class Agenda(KnowledgePageMixin):
        knowledge_key = "agenda"
        knowledge_order = 10

    assert by_knowledge_key([Notice, Agenda]) == {"agenda": Agenda, "notice": Notice}
    with pytest.raises(ImproperlyConfigured) as refused:
        by_knowledge_key([Notice, Agenda, UrgentNotice])
    message = str(refused.value)
    assert ".Notice and " in message and ".UrgentNotice both declare" in message
    assert "'notice'" in message
