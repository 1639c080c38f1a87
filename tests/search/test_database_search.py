"""The condition the database backend counts and facets over (search.database_search)."""

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

import pytest

from resources.factories import StoryPageFactory
from search.database_search import match_condition, stored_tallies
from search.query import Ranking, SearchParams

pytestmark = pytest.mark.django_db


def _stories(count):
    return [
        StoryPageFactory(title=f"Mentoraat {number}", intro="Over mentoraat.")
        for number in range(count)
    ]


def _matching(condition):
    return set(Page.objects.filter(condition).values_list("title", flat=True))


def test_every_page_a_tier_matches_and_every_page_found_by_meaning_alone():
    found = _stories(3)
    near = StoryPageFactory(title="Begeleiding van studenten", intro="Over coaching.")
    StoryPageFactory(title="Rekenen", intro="Over breuken.")
    # The tiers ranked two of the three pages they match (the limit reached), and the vectors
    # added one that holds none of the words.
    ranking = Ranking(
        ids=[found[0].pk, near.pk, found[1].pk],
        queries=[PlainText("mentoraat")],
        complete=False,
    )

    condition = match_condition(
        get_search_backend(), ranking, frozenset([found[0].pk, found[1].pk])
    )

    assert _matching(condition) == {page.title for page in found} | {near.title}


def test_a_complete_ranking_is_its_own_ids():
    pages = _stories(2)
    ranking = Ranking(ids=[pages[0].pk], queries=[PlainText("mentoraat")], complete=True)

    assert _matching(match_condition(get_search_backend(), ranking)) == {pages[0].title}
    assert _matching(match_condition(get_search_backend(), Ranking())) == set()


def test_a_search_asked_again_is_counted_once_until_content_changes():
    """Paging through a search's results, or asking it again, takes its count and facets from
    the cache: the facet statement over every match runs once."""
    site = Site.objects.get(is_default_site=True)
    params = SearchParams.from_querydict(QueryDict("q=mentoraat"))
    backend = get_search_backend()

    def count():
        ranking = Ranking(queries=[PlainText("mentoraat")], complete=False)
        condition = match_condition(backend, ranking)
        return stored_tallies(params, site, backend, ranking, condition)["type"]

    _stories(2)
    rekenen = StoryPageFactory(title="Rekenen", intro="Over breuken.")
    first = count()
    with CaptureQueriesContext(connection) as again:
        assert count() == first == {"story": 2}
    assert not [query for query in again.captured_queries if "GROUP BY" in query["sql"]]

    StoryPageFactory(title="Mentoraat in de wijk", intro="Over mentoraat.")
    assert count() == {"story": 3}
    # Another search, the same within a filter, or with other pages ranked: each counted on
    # its own.
    ranking = Ranking(queries=[PlainText("rekenen")], complete=False)
    other = stored_tallies(params, site, backend, ranking, match_condition(backend, ranking))
    assert other["type"] == {"story": 1}
    tools = SearchParams.from_querydict(QueryDict("q=mentoraat&type=tool"))
    ranking = Ranking(queries=[PlainText("mentoraat")], complete=False)
    filtered = stored_tallies(tools, site, backend, ranking, match_condition(backend, ranking))
    assert filtered["type"] == {}
    ranking = Ranking(ids=[rekenen.pk], queries=[PlainText("mentoraat")], complete=False)
    nearest = stored_tallies(params, site, backend, ranking, match_condition(backend, ranking))
    assert nearest["type"] == {"story": 4}
