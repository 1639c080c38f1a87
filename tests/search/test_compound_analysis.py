"""The engine sees inside Dutch compounds: a part finds the whole, from the Dutch word list and
from the portal's own words; the search analyzer leaves synonyms and splitting to the query."""

import io
import json
from importlib import import_module

from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from communities.factories import CommunityPageFactory
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from search import wordlist
from search.analysis import index_settings, with_portal_words
from search.wordlist import dutch_words

from .conftest import word_list_problem

WORD_LIST = "analysis/nl-words.txt"


def test_the_index_analyzer_splits_compounds_after_folding_and_before_stemming():
    analyzers = index_settings(compound_words=WORD_LIST)["settings"]["analysis"]["analyzer"]
    index_filters = analyzers["default"]["filter"]

    assert index_filters[:3] == ["lowercase", "asciifolding", "dutch_compounds"]
    assert index_filters.index("dutch_compounds") < index_filters.index("dutch_stop")
    assert "dutch_compounds" not in analyzers["default_search"]["filter"]


def test_without_a_word_list_on_the_engine_nothing_names_one():
    analysis = index_settings(compound_words="")["settings"]["analysis"]

    assert "dutch_compounds" not in analysis["filter"]
    assert "dutch_compounds" not in analysis["analyzer"]["default"]["filter"]


def test_no_synonyms_in_the_engine_analysis():
    analysis = index_settings(compound_words=WORD_LIST)["settings"]["analysis"]

    assert not [f for f in analysis["filter"].values() if "synonym" in f["type"]]


def test_portal_words_become_compound_parts_folded_without_stop_words():
    settings = index_settings(compound_words=WORD_LIST)

    with_words = with_portal_words(settings, ["Zwiepkader", "Cultuur", "Één", "over", "po"])

    analysis = with_words["settings"]["analysis"]
    assert analysis["filter"]["portal_compounds"]["word_list"] == ["cultuur", "zwiepkader"]
    index_filters = analysis["analyzer"]["default"]["filter"]
    assert index_filters.index("dutch_compounds") < index_filters.index("portal_compounds")
    assert index_filters.index("portal_compounds") < index_filters.index("dutch_stop")
    assert "portal_compounds" not in analysis["analyzer"]["default_search"]["filter"]
    # The settings themselves stay as Wagtail's backend holds them.
    assert "portal_compounds" not in settings["settings"]["analysis"]["filter"]


def test_without_portal_words_an_index_gets_wagtails_own_settings():
    settings = index_settings(compound_words=WORD_LIST)

    assert with_portal_words(settings, []) == settings


@pytest.mark.parametrize("name", ["opensearch2", "opensearch3"])
def test_the_portal_backends_are_wagtails_with_an_index_that_adds_the_portal_words(name):
    portal = import_module(f"search.engine.{name}").SearchBackend
    wagtail = import_module(f"wagtail.search.backends.{name}").SearchBackend

    assert issubclass(portal, wagtail)
    assert issubclass(portal.index_class, wagtail.index_class)
    assert portal.index_class.put is not wagtail.index_class.put


@pytest.fixture
def word_list(settings, tmp_path):
    dutch_words.cache_clear()
    settings.DUTCH_WORD_LIST = str(tmp_path / "nl-words.txt")
    yield tmp_path / "nl-words.txt"
    dutch_words.cache_clear()


def test_the_local_word_list_is_read_once(word_list):
    word_list.write_text("cultuur\nerfgoed\n", "utf-8")

    assert dutch_words() == {"cultuur", "erfgoed"}
    word_list.write_text("anders\n", "utf-8")
    assert dutch_words() == {"cultuur", "erfgoed"}


def test_a_missing_word_list_is_empty_and_said_once(word_list, monkeypatch):
    warnings = []
    monkeypatch.setattr(
        wordlist.logger, "warning", lambda message, *args: warnings.append(message % args)
    )

    assert dutch_words() == frozenset()
    assert dutch_words() == frozenset()
    assert len(warnings) == 1
    assert "scripts/dutch-words" in warnings[0]


def test_ci_refuses_to_run_the_search_tests_without_the_word_list(word_list):
    assert "scripts/dutch-words" in word_list_problem({"CI": "true"})
    # Outside CI the suite runs without it, as the portal does.
    assert word_list_problem({}) is None

    dutch_words.cache_clear()
    word_list.write_text("cultuur\n", "utf-8")
    assert word_list_problem({"CI": "true"}) is None


# On the engine ---------------------------------------------------------------------------------
# These tests need the real engine, with the Dutch word list installed on its node:
# `make test` and `scripts/search-engine run -- ...` start one.


class Engine:
    def refresh(self):
        """Rebuild the index, as update_index does, and make it searchable."""
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        backend = get_search_backend()
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")


@pytest.fixture
def engine(on_engine):
    return Engine()


def analyze(text, analyzer="default"):
    """The tokens the page index's `analyzer` makes of `text`."""
    backend = get_search_backend()
    index = backend.get_index_for_model(Page)
    response = backend.es.indices.analyze(
        index=index.name, body={"analyzer": analyzer, "text": text}
    )
    return {token["token"] for token in response["tokens"]}


def titles_found(query):
    response = Client().get("/api/search/", {"q": query})
    assert response.status_code == 200
    return {result["title"] for result in json.loads(response.content)["results"]}


@pytest.fixture
def compound_pages(engine):
    community = CommunityPageFactory(title="Loopbaanperspectief in het primair onderwijs")
    PracticeExamplePageFactory(parent=community, title="Loopbaangesprekken met een vertelkaart")
    StoryPageFactory(title="Een erfgoedleerlijn met zes scholen")
    StoryPageFactory(title="Cultuureducatie in de wijk")
    StoryPageFactory(title="Rekenen in groep acht")
    engine.refresh()


def test_the_index_analyzer_finds_the_parts_of_dutch_compounds(compound_pages):
    assert django_settings.SEARCH_COMPOUND_WORDS, "the engine has no Dutch word list"
    # The stemmed forms of the parts, as the search analyzer makes them of the words alone.
    for compound, parts in [
        ("loopbaanperspectief", ["loopbaan", "perspectief"]),
        ("erfgoedleerlijn", ["erfgoed", "leerlijn"]),
        ("cultuureducatie", ["cultuur"]),
    ]:
        tokens = analyze(compound)
        for part in parts:
            assert analyze(part, "default_search") <= tokens, (compound, part)


def test_the_search_analyzer_neither_expands_synonyms_nor_splits(compound_pages):
    # One group of search/synonyms.txt: the query's synonym tier asks for them, not the engine.
    assert "leergemeenschap" not in analyze("learning community", "default_search")
    assert analyze("leergemeenschap", "default_search") == {"leergemeenschap"}
    assert len(analyze("loopbaanperspectief", "default_search")) == 1


def test_a_part_finds_the_compound_through_the_portals_search(compound_pages):
    assert titles_found("loopbaan") == {
        "Loopbaanperspectief in het primair onderwijs",
        "Loopbaangesprekken met een vertelkaart",
    }
    assert titles_found("erfgoed") == {"Een erfgoedleerlijn met zes scholen"}
    assert titles_found("cultuur") == {"Cultuureducatie in de wijk"}


def test_a_new_portal_word_splits_compounds_after_a_rebuild(
    engine, django_capture_on_commit_callbacks
):
    # A word no dictionary knows, made a part of the portal's vocabulary by a page's title.
    with django_capture_on_commit_callbacks(execute=True):
        StoryPageFactory(title="Zwiepkader")
        StoryPageFactory(title="Het zwiepkaderoverleg van de school")
    engine.refresh()

    assert analyze("zwiepkader", "default_search") <= analyze("zwiepkaderoverleg")
    assert titles_found("zwiepkader") == {"Zwiepkader", "Het zwiepkaderoverleg van de school"}
