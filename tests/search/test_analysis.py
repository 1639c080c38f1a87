"""Visitors find pages by Dutch word forms and by synonyms, on every configured backend."""

from django.test import Client

import pytest

from communities.factories import CommunityPageFactory
from resources.factories import StoryPageFactory
from search.analysis import expand_query, index_settings, normalise, synonym_groups


def result_titles(query):
    response = Client().get("/zoeken/", {"q": query})
    assert response.status_code == 200
    return {page.title for page in response.context["search_results"]}


@pytest.mark.django_db
def test_a_synonym_finds_a_page_that_only_uses_the_other_word(search_backend):
    CommunityPageFactory(
        title="Samen sterker in Drenthe",
        intro="Een leergemeenschap van schoolleiders.",
        central_question="Hoe houden we goede leraren vast?",
    )
    CommunityPageFactory(title="Tuinieren", intro="Over moestuinen.", central_question="Wat?")
    search_backend.refresh()

    titles = result_titles("lerende netwerken")

    assert "Samen sterker in Drenthe" in titles
    assert "Tuinieren" not in titles


@pytest.mark.django_db
def test_cultuur_educatie_and_cultuureducatie_find_the_same_pages(search_backend):
    StoryPageFactory(title="Erfgoed in de klas", intro="Cultuureducatie in het vo.")
    StoryPageFactory(title="Muziek op school", intro="Cultuureducatie met een orkest.")
    StoryPageFactory(title="Rekenen", intro="Over breuken.")
    search_backend.refresh()

    together = result_titles("cultuureducatie")

    assert {"Erfgoed in de klas", "Muziek op school"} <= together
    assert "Rekenen" not in together
    assert result_titles("cultuur educatie") == together


@pytest.mark.django_db
def test_an_abbreviation_finds_the_spelled_out_sector(search_backend):
    StoryPageFactory(title="Burgerschap in de klas", intro="Lessen in het primair onderwijs.")
    search_backend.refresh()

    assert "Burgerschap in de klas" in result_titles("po")


def test_the_synonyms_file_is_read_in_normalised_groups():
    groups = synonym_groups()
    community_group = next(group for group in groups if "leergemeenschap" in group)

    assert "lerende netwerken" in community_group
    assert "community of practice" in community_group
    assert all(phrase == normalise(phrase) for group in groups for phrase in group)


def test_query_expansion_swaps_a_phrase_for_its_equivalents():
    variants = expand_query("Lerende netwerken in het PO")

    assert "leergemeenschap in het po" in variants
    assert "lerende netwerken in het primair onderwijs" in variants
    assert expand_query("moestuin") == []


def test_engine_analysis_is_dutch_and_leaves_synonyms_to_the_query():
    analysis = index_settings()["settings"]["analysis"]
    search_filters = analysis["analyzer"]["default_search"]["filter"]

    assert analysis["filter"]["dutch_stop"]["stopwords"] == "_dutch_"
    assert search_filters.index("asciifolding") < search_filters.index("dutch_stop")
    assert "portal_synonyms" not in search_filters
    assert "asciifolding" in analysis["analyzer"]["default"]["filter"]
