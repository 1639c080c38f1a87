"""Visitors find pages by Dutch word forms and by synonyms, on every configured backend."""

from django.test import Client

import pytest

from communities.factories import CommunityPageFactory
from resources.factories import StoryPageFactory
from search.analysis import index_settings, inflection_bases


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

    titles = result_titles("learning community")

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


def test_engine_analysis_is_dutch_and_leaves_synonyms_to_the_query():
    analysis = index_settings()["settings"]["analysis"]
    search_filters = analysis["analyzer"]["default_search"]["filter"]

    assert analysis["filter"]["dutch_stop"]["stopwords"] == "_dutch_"
    assert search_filters.index("asciifolding") < search_filters.index("dutch_stop")
    assert "portal_synonyms" not in search_filters
    assert "asciifolding" in analysis["analyzer"]["default"]["filter"]


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("leerlijnen", "leerlijn"),
        ("werkplaatsen", "werkplaats"),
        ("ouders", "ouder"),
        ("scholen", "school"),
        ("leraren", "leraar"),
        ("digitale", "digitaal"),
        ("lessen", "les"),
        ("huizen", "huis"),
        ("brieven", "brief"),
        ("lerende", "leren"),
    ],
)
def test_an_inflection_gives_the_word_it_is_a_form_of(word, base):
    assert base in inflection_bases(word)


def test_a_word_without_an_inflection_ending_has_no_base():
    assert inflection_bases("leergemenschap") == []
    assert inflection_bases("les") == []
    # No syllable opens before an -s: "ouders" is no "oudeer".
    assert inflection_bases("ouders") == ["ouder"]
