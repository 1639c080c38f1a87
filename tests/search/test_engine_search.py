"""The count and facets of a search cover every match, on every backend; on the engine they
come with the results in one request, with visibility decided by the engine and checked again
in SQL for the results shown."""

from datetime import date, datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

import pytest

from communities.factories import CommunityPageFactory
from home.factories import ThemeFactory
from resources.factories import (
    EventPageFactory,
    PracticeExamplePageFactory,
    StoryPageFactory,
    ToolPageFactory,
)
from search import engine_search
from search import query as search_query
from search.indexing import search_index_missing
from tests.conftest import SearchBackendUnderTest

from .helpers import api


@pytest.fixture
def engine(on_engine):
    return SearchBackendUnderTest("engine")


@pytest.fixture
def stories(db):
    """Seven public stories about mentoraat, four on one theme and three on another, over two
    years; and four that no visitor may find, all on the first theme."""
    loopbaan = ThemeFactory(name="Loopbaan", slug="loopbaan")
    welzijn = ThemeFactory(name="Welzijn", slug="welzijn")
    for number in range(7):
        story = StoryPageFactory(
            title=f"Mentoraat verhaal {number}",
            intro="Over mentoraat.",
            date=date(2023 + number % 2, 1, 1 + number),
        )
        story.themes.set([loopbaan if number < 4 else welzijn])
        story.save()
    hidden = [
        StoryPageFactory(title=f"Verborgen mentoraat {number}", intro="Over mentoraat.")
        for number in range(4)
    ]
    for story in hidden:
        story.themes.set([loopbaan])
        story.save()
    draft, expired, elsewhere, _private = hidden
    draft.unpublish()
    expired.expire_at = timezone.now() - timezone.timedelta(days=1)
    expired.save()
    # Not below the site's root page: another site's page.
    Page.get_first_root_node().add_child(instance=Page(title="Andere site"))
    elsewhere.move(Page.objects.get(title="Andere site"), pos="last-child")
    return hidden


def make_private(page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )


@pytest.mark.django_db
def test_count_and_facets_cover_every_match_not_only_the_candidates(
    search_backend, stories, monkeypatch
):
    make_private(stories[3])
    search_backend.refresh()
    # Three candidates ranked, seven pages matching: the count and facets are the seven.
    monkeypatch.setattr(engine_search, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(search_query, "MAX_CANDIDATES", 3)

    data = api(q="mentoraat")

    assert data["count"] == 7
    # The results list those of the ranked candidates a visitor may see: on the database the
    # candidates are ranked before visibility is decided, so hidden ones may take their places.
    assert len(data["results"]) <= 3
    assert {result["title"] for result in data["results"]} <= {
        f"Mentoraat verhaal {number}" for number in range(7)
    }
    assert data["facets"]["theme"] == {"loopbaan": 4, "welzijn": 3}
    assert data["facets"]["type"] == {"story": 7}
    assert data["facets"]["year"] == {"2023": 4, "2024": 3}
    assert api(q="mentoraat", theme="welzijn")["count"] == 3
    assert api(q="mentoraat", theme="welzijn")["facets"]["theme"] == {"welzijn": 3}
    assert api(q="mentoraat", theme="bestaat-niet")["count"] == 0


@pytest.mark.django_db
def test_a_section_made_private_leaves_count_and_facets_without_reindexing(engine, stories):
    engine.refresh()
    before = api(q="mentoraat")

    make_private(Page.objects.get(title="Mentoraat verhaal 0"))

    after = api(q="mentoraat")
    assert before["count"] == 8
    assert after["count"] == 7
    assert after["facets"]["theme"]["loopbaan"] == before["facets"]["theme"]["loopbaan"] - 1
    assert "Mentoraat verhaal 0" not in {result["title"] for result in after["results"]}


@pytest.mark.django_db
def test_results_of_five_types_are_read_in_as_many_queries_as_results_of_one(search_backend, db):
    def types_and_queries():
        Client().get("/api/search/", {"q": "mentoraat"})  # the site's structure is stored
        with CaptureQueriesContext(connection) as captured:
            found = api(q="mentoraat")
        with CaptureQueriesContext(connection) as page:
            shown = Client().get("/zoeken/", {"q": "mentoraat"})
        assert shown.status_code == 200
        results = {result["type"] for result in found["results"]}
        return results, (len(captured), len(page))

    for number in range(3):
        StoryPageFactory(title=f"Mentoraat verhaal {number}", intro="Over mentoraat.")
    search_backend.refresh()
    one_type, one = types_and_queries()

    CommunityPageFactory(title="Kring mentoraat", intro="Over mentoraat.")
    PracticeExamplePageFactory(title="Mentoraat in de praktijk", intro="Over mentoraat.")
    ToolPageFactory(title="Kaart voor mentoraat", intro="Over mentoraat.")
    EventPageFactory(title="Mentoraat bijeenkomst", intro="Over mentoraat.")
    search_backend.refresh()
    five_types, five = types_and_queries()

    assert one_type == {"story"}
    assert five_types == {"story", "community", "practice_example", "tool", "event"}
    # The pages of all types in one query, joined to each type's table; not one per type,
    # and no column a result shows read page by page (search.query._result_fields).
    assert five == one


def test_the_expiry_cutoff_is_the_next_whole_minute_never_an_earlier_time():
    minute = datetime(2026, 12, 7, 9, 41, tzinfo=timezone.get_current_timezone())

    assert engine_search.expiry_cutoff(minute) == minute
    assert engine_search.expiry_cutoff(minute.replace(microsecond=1)) == minute.replace(minute=42)
    assert engine_search.expiry_cutoff(minute.replace(second=59)) == minute.replace(minute=42)


def request_cache_hits(backend):
    index = backend.get_index_for_model(Page).name
    stats = backend.es.indices.stats(index=index, metric="request_cache")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


@pytest.mark.django_db
def test_a_search_repeated_within_the_minute_is_counted_from_the_engines_cache(
    engine, stories, monkeypatch
):
    minute = timezone.now().replace(second=0, microsecond=0) + timezone.timedelta(minutes=1)
    # A page due to expire: with no expiry time in the index beyond the one that passed, the
    # engine would drop the time from the query before it looks in its cache.
    StoryPageFactory(
        title="Mentoraat tot volgend jaar",
        intro="Over mentoraat.",
        expire_at=minute + timezone.timedelta(days=365),
    )
    engine.refresh()
    backend = get_search_backend()
    monkeypatch.setattr(timezone, "now", lambda: minute.replace(second=10))
    first = api(q="mentoraat")
    before = request_cache_hits(backend)

    # Twenty seconds on: the same body, so the engine's request cache answers the count and
    # facets (with the time to the microsecond in it, no two searches were ever the same).
    monkeypatch.setattr(timezone, "now", lambda: minute.replace(second=30))
    again = api(q="mentoraat")

    assert request_cache_hits(backend) > before
    assert again == first
    assert again["count"] == 9


@pytest.mark.django_db
def test_a_page_the_index_still_holds_as_live_is_never_shown(engine, stories, caplog):
    engine.refresh()
    # Unpublished behind the index's back, as when an update has not reached the engine yet.
    Page.objects.filter(title="Mentoraat verhaal 1").update(live=False)

    titles = {result["title"] for result in api(q="mentoraat")["results"]}

    assert "Mentoraat verhaal 1" not in titles
    assert "Mentoraat verhaal 0" in titles
    assert "still shows pages no visitor may see" in caplog.text


@pytest.mark.django_db
def test_pages_below_a_page_moved_to_another_site_are_found_there(engine, stories):
    # The move rewrites the tree path of the stories below their section, which is how the
    # engine tells the sites apart; only the section itself is saved by the move.
    other_root = Page.objects.get(title="Andere site")
    Site.objects.create(hostname="andere.test", root_page=other_root)
    section = Page.objects.get(title="Mentoraat verhaal 0").get_parent()
    engine.refresh()
    assert api(host="andere.test", q="mentoraat")["count"] == 1

    section.move(other_root, pos="last-child")
    # Searchable now, without the rebuild of engine.refresh() that would hide a missed update.
    get_search_backend().get_index_for_model(Page).refresh()

    moved = api(host="andere.test", q="mentoraat")
    # The seven public stories, the one not made private in this test, and the one that was
    # there already; the draft and the expired story stay out.
    assert moved["count"] == 9
    assert moved["facets"]["theme"] == {"loopbaan": 6, "welzijn": 3}
    assert api(q="mentoraat")["count"] == 0


@pytest.mark.django_db
def test_newest_first_comes_from_the_engine_page_by_page(engine, stories):
    for number in range(8, 15):
        StoryPageFactory(
            title=f"Mentoraat verhaal {number}", intro="Over mentoraat.", date=date(2020, 1, 1)
        )
    engine.refresh()

    first = api(q="mentoraat", sort="newest")
    second = api(q="mentoraat", sort="newest", page=2)
    beyond = api(q="mentoraat", sort="newest", page=40)

    dates = [result["date"] for result in first["results"] + second["results"]]
    assert first["count"] == 15
    assert dates == sorted(dates, reverse=True)
    assert len(first["results"]) == 10 and len(second["results"]) == 5
    assert beyond["page"] == 2
    assert beyond["results"] == second["results"]


@pytest.mark.django_db
def test_newest_first_pages_through_every_match_not_only_the_candidates(
    search_backend, stories, monkeypatch
):
    for number in range(8, 15):
        StoryPageFactory(
            title=f"Mentoraat verhaal {number}", intro="Over mentoraat.", date=date(2020, 1, 1)
        )
    search_backend.refresh()
    # Three candidates ranked: newest first still orders all fifteen visible matches.
    monkeypatch.setattr(engine_search, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(search_query, "MAX_CANDIDATES", 3)

    first = api(q="mentoraat", sort="newest")
    second = api(q="mentoraat", sort="newest", page=2)
    filtered = api(q="mentoraat", sort="newest", theme="welzijn")

    dates = [result["date"] for result in first["results"] + second["results"]]
    assert first["count"] == 15
    assert len(first["results"]) == 10 and len(second["results"]) == 5
    assert dates == sorted(dates, reverse=True)
    assert dates[-7:] == ["2020-01-01"] * 7
    assert [result["title"] for result in filtered["results"]] == [
        f"Mentoraat verhaal {number}" for number in (5, 6, 4)
    ]


@pytest.mark.django_db
def test_an_index_without_the_search_fields_is_rebuilt_and_answered_meanwhile(engine, stories):
    engine.refresh()
    backend = get_search_backend()
    name = backend.get_index_for_model(Page).name
    # An index made by a stray write: no mapping of the portal's, every field guessed as text.
    index = backend.index_class(backend, name)
    for target in [i.name for i in index.aliased_indices()] if index.is_alias() else [name]:
        backend.es.indices.delete(index=target)
    backend.es.index(index=name, body={"home_basepage__search_type_filter": "story"}, id="x")
    backend.es.indices.refresh(index=name)

    assert search_index_missing()
    # The words still answer, tier by tier, with SQL deciding the rest.
    assert api(q="verzonnen")["count"] == 0

    engine.refresh()
    assert not search_index_missing()
    assert api(q="mentoraat")["count"] == 8


@pytest.mark.django_db
def test_every_knowledge_type_carries_its_facets_into_the_engine_documents(db):
    from datetime import datetime

    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseMapping

    from communities.factories import CommunityPageFactory
    from resources.factories import EventPageFactory, PracticeExamplePageFactory

    theme = ThemeFactory(name="Loopbaan", slug="loopbaan")
    community = CommunityPageFactory(title="Kenniskring")
    example = PracticeExamplePageFactory(parent=community, title="Een voorbeeld")
    example.themes.set([theme])
    example.save_revision().publish()
    example.refresh_from_db()
    event = EventPageFactory(
        title="Een bijeenkomst",
        start=timezone.make_aware(datetime(2025, 12, 31, 23, 30)),
    )
    story = StoryPageFactory(title="Een verhaal", date=date(2022, 5, 1))
    story.related_communities.set([community])

    def document(page):
        fields = ElasticsearchBaseMapping(type(page)).get_document(page)
        return {
            key.removeprefix("home_basepage__search_").removesuffix("_filter"): value
            for key, value in fields.items()
            if key.startswith("home_basepage__search_")
        }

    assert document(example) == {
        "type": ["practice_example"],
        "theme": [str(theme.pk)],
        "sector": [],
        "community": [str(community.pk)],
        "year": [str(timezone.localdate(example.first_published_at).year)],
        "date": timezone.localdate(example.first_published_at),
    }
    assert document(community)["community"] == [str(community.pk)]
    # An event by its start, on the day it is in the site's time zone.
    assert document(event)["date"] == date(2025, 12, 31)
    assert document(event)["year"] == ["2025"]
    assert document(story)["community"] == [str(community.pk)]
    assert document(story)["year"] == ["2022"]


@pytest.mark.django_db
def test_each_tier_asks_for_no_more_ids_than_the_page_needs_and_ranks_the_same(
    engine, monkeypatch
):
    for number in range(90):
        # Some with both words, some with one, in varying amounts: the tiers overlap.
        words = ["mentoraat"] * (number % 4) + ["brugklas"] * (number % 3) + ["rekenen"]
        StoryPageFactory(title=f"Verhaal {number}", intro=" ".join(words))
    engine.refresh()
    asked = []
    original = engine_search._ids_search

    def counting(query, filters, must_not, size):
        asked.append(size)
        return original(query, filters, must_not, size)

    monkeypatch.setattr(engine_search, "_ids_search", counting)

    shallow = [api(q="mentoraat brugklas", page=page) for page in (1, 2, 5)]
    monkeypatch.setattr(engine_search, "depth", lambda params: search_query.MAX_CANDIDATES)
    deep = [api(q="mentoraat brugklas", page=page) for page in (1, 2, 5)]

    assert max(asked[: len(asked) // 2]) < 150
    assert [data["results"] for data in shallow] == [data["results"] for data in deep]
    assert [data["count"] for data in shallow] == [data["count"] for data in deep]


@pytest.mark.django_db
def test_an_index_without_the_facet_fields_is_answered_through_the_tiers(
    engine, stories, monkeypatch, caplog
):
    engine.refresh()
    # As an index built before the search fields: the type field the engine counts on is gone.
    names = dict(engine_search.columns(get_search_backend().mapping_class))
    names["search_type"] = "home_basepage__search_type_gone_filter"
    monkeypatch.setattr(engine_search, "columns", lambda mapping_class: names)

    data = api(q="mentoraat")

    assert data["count"] == 8
    assert data["facets"]["type"] == {"story": 8}
    assert "The engine refused the one-request search" in caplog.text


@pytest.mark.django_db
def test_through_the_tiers_the_engine_counts_every_match_beyond_the_candidates(
    engine, stories, monkeypatch
):
    engine.refresh()
    names = dict(engine_search.columns(get_search_backend().mapping_class))
    names["search_type"] = "home_basepage__search_type_gone_filter"
    monkeypatch.setattr(engine_search, "columns", lambda mapping_class: names)
    # Fewer candidates than matches: the count and the facets ask the engine for every match.
    monkeypatch.setattr(search_query, "MAX_CANDIDATES", 3)

    data = api(q="mentoraat")

    assert data["count"] == 8
    assert data["facets"]["type"] == {"story": 8}


@pytest.mark.django_db
def test_an_engine_out_of_reach_is_not_waited_for_twice_for_meaning_and_words(
    engine_down, stories, caplog
):
    from search.semantic.store import recent_failure

    data = api(q="mentoraat in de klas")

    assert data["fallback"] is True
    # The database answered, by words and meaning; the vectors did not fail on their own.
    assert recent_failure() is None
    assert caplog.text.count("Search engine unreachable") == 1


@pytest.fixture
def engine_requests(monkeypatch):
    """The requests the portal sends the engine from now on: (method, path)."""
    from opensearchpy.transport import Transport

    sent = []
    perform_request = Transport.perform_request

    def recording(self, method, url, *args, **kwargs):
        sent.append((method, url))
        return perform_request(self, method, url, *args, **kwargs)

    monkeypatch.setattr(Transport, "perform_request", recording)
    return sent


@pytest.mark.django_db
def test_one_word_that_finds_nothing_is_answered_by_meaning_asked_beside_the_typo_tier(
    engine, engine_requests
):
    StoryPageFactory(title="Moestuin op het schoolplein", intro="Groente kweken met de klas.")
    StoryPageFactory(title="Rekenen met breuken", intro="Breuken oefenen met pizzapunten.")
    engine.refresh()
    engine_requests.clear()

    data = api(q="schooltuin")

    assert [result["title"] for result in data["results"]] == ["Moestuin op het schoolplein"]
    assert data["count"] == 1
    assert data["facets"]["type"] == {"story": 1}
    # The words as typed; then the typo tier, a compound's parts and the vectors' nearest
    # pages side by side; then, as neither tier found a page, which of the nearest a visitor
    # may see, and their count.
    assert [path.rsplit("/", 1)[-1] for _method, path in engine_requests] == [
        "_msearch",
        "_msearch",
        "_msearch",
    ]


@pytest.mark.django_db
def test_one_word_the_typo_tier_finds_is_answered_by_words_alone(engine, engine_requests):
    for number in range(2):
        StoryPageFactory(title=f"Mentoraat verhaal {number}", intro="Over mentoraat.")
    StoryPageFactory(title="Mentoren in de brugklas", intro="Een mentor voor elke leerling.")
    engine.refresh()
    engine_requests.clear()

    data = api(q="mentoraaat")

    # What the misspelt word means was asked in the same request, in case the typo tier found
    # nothing; it did, so the mentor page, near in meaning, does not join.
    assert sorted(result["title"] for result in data["results"]) == [
        "Mentoraat verhaal 0",
        "Mentoraat verhaal 1",
    ]
    assert data["count"] == 2
    # Two requests in all: the vectors were asked in the second, not before it.
    assert [path.rsplit("/", 1)[-1] for _method, path in engine_requests] == [
        "_msearch",
        "_msearch",
    ]


@pytest.mark.django_db
def test_a_search_the_engine_cannot_parse_fails_alone_if_it_may(engine, stories):
    """A k-NN query on a cluster without the k-NN plugin is refused as a whole request, before
    any search runs: the searches that may fail are then left out, and the rest answer."""
    from opensearchpy.exceptions import RequestError

    backend = get_search_backend()
    index = backend.get_index_for_model(Page).name
    unparsable = {"query": {"no_such_query": {"field": "value"}}}

    request = engine_search.Request(index)
    request.add("words", {"query": {"match_all": {}}, "size": 0, "track_total_hits": True})
    request.add("vectors", unparsable, may_fail=True)
    responses = request.send(backend)

    assert responses["words"]["hits"]["total"]["value"] > 0
    assert responses["vectors"]["error"]["type"] == "request_refused"
    assert "no_such_query" in responses["vectors"]["error"]["reason"]

    strict = engine_search.Request(index)
    strict.add("words", {"query": {"match_all": {}}, "size": 0})
    strict.add("vectors", unparsable)
    with pytest.raises(RequestError):
        strict.send(backend)


@pytest.mark.django_db
def test_one_word_is_answered_by_its_typo_tier_when_the_encoder_breaks(engine, monkeypatch):
    from search.semantic import encoder as semantic_encoder
    from search.semantic.store import recent_failure

    StoryPageFactory(title="Mentoraat verhaal", intro="Over mentoraat.")
    engine.refresh()

    def broken(texts):
        raise RuntimeError("the model's weights are damaged")

    monkeypatch.setattr(semantic_encoder, "encode", broken)
    data = api(q="mentoraaat")

    assert [result["title"] for result in data["results"]] == ["Mentoraat verhaal"]
    assert data["fallback"] is False
    assert "damaged" in recent_failure()["error"]
