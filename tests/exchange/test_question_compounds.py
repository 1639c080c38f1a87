"""The question form and 'Wie weet wat' see inside compounds as search does: a word of the
question finds the compound that holds it, and a compound in the question finds its parts."""

import re

from django.test import Client

from wagtail.models import Site

import pytest

from communities.factories import CommunityPageFactory, PersonFactory
from exchange.factories import KnowledgeQuestionFactory
from exchange.questions.existing_knowledge import existing_knowledge
from exchange.questions.suggestions import suggested_communities, suggested_people
from home.factories import ThemeFactory
from home.models import Theme
from resources.factories import PracticeExamplePageFactory
from search.vocabulary import (
    compound_parts,
    compounds_containing,
    compounds_of_words,
    rebuild_vocabulary,
)

from .conftest import publish


@pytest.fixture
def known_words(sections):
    """Themes that make their names words the vocabulary knows, so the compounds below split
    the same with or without the Dutch word list installed."""
    for name in ("Cultuur", "Educatie", "Erfgoed", "Leerlijn", "Loopbaan", "Perspectief"):
        if not Theme.objects.filter(name=name).exists():
            ThemeFactory(name=name)


def question(title):
    return KnowledgeQuestionFactory(title=title, context="-")


@pytest.mark.django_db
def test_a_question_word_finds_a_community_that_has_it_inside_a_compound(known_words):
    publish(
        CommunityPageFactory(
            title="Kunstmenu Utrecht",
            central_question="Hoe maken we cultuureducatie een vast deel van het rooster?",
        )
    )
    publish(CommunityPageFactory(title="Rekenkring", central_question="Breuken in groep 6."))
    rebuild_vocabulary()

    ranked = suggested_communities(question("Wie weet veel over educatie in musea?"))

    assert [s.item.title for s in ranked] == ["Kunstmenu Utrecht"]
    assert ranked[0].matching_words == ["educatie"]


@pytest.mark.django_db
def test_a_compound_in_the_question_finds_a_community_that_has_one_of_its_parts(known_words):
    publish(
        CommunityPageFactory(
            title="Doorlopend leren", central_question="Hoe bouw je een doorlopende leerlijn?"
        )
    )
    publish(CommunityPageFactory(title="Rekenkring", central_question="Breuken in groep 6."))
    rebuild_vocabulary()

    ranked = suggested_communities(question("Wie bouwde al een erfgoedleerlijn?"))

    assert [s.item.title for s in ranked] == ["Doorlopend leren"]
    assert ranked[0].matching_words == ["erfgoedleerlijn"]


@pytest.mark.django_db
def test_people_are_suggested_for_a_part_or_the_whole_of_a_compound(known_words):
    PersonFactory(
        name="Ilse Kunst",
        email="ilse@example.org",
        consent_to_contact=True,
        expertise="Cultuureducatie en de kunstvakken.",
    )
    PersonFactory(
        name="Joost Pad",
        email="joost@example.org",
        consent_to_contact=True,
        expertise="Loopbaanperspectief van leraren.",
    )
    PersonFactory(
        name="Karin Som",
        email="karin@example.org",
        consent_to_contact=True,
        expertise="Rekenen en wiskunde.",
    )
    rebuild_vocabulary()

    def suggested(title):
        return [s.item.name for s in suggested_people(question(title))]

    assert suggested("Hoe begin je met cultuur op school?") == ["Ilse Kunst"]
    assert suggested("Wie kan iets zeggen over perspectief voor starters?") == ["Joost Pad"]
    assert suggested("Wat werkt bij loopbaan begeleiding?") == ["Joost Pad"]


@pytest.mark.django_db
def test_existing_knowledge_finds_a_page_with_the_question_word_inside_a_compound(
    communities, known_words, search_backend
):
    example = publish(
        PracticeExamplePageFactory(
            parent=communities.a,
            title="Een erfgoedleerlijn met zes scholen",
            intro="Zes basisscholen bouwden samen aan lessen over de eigen omgeving.",
        )
    )
    rebuild_vocabulary()
    search_backend.refresh()

    check = existing_knowledge("Hoe begin je met erfgoed?", "", Site.objects.get())

    assert [hit.page.pk for hit in check.hits] == [example.pk]


@pytest.mark.django_db
def test_wie_weet_wat_finds_people_who_list_a_compound_of_the_searched_word(
    sections, known_words, search_backend
):
    for name in ("Ilse Kunst", "Omar Vos"):
        PersonFactory(
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            consent_to_contact=True,
            expertise="Cultuureducatie in het primair onderwijs.",
        )
    PersonFactory(
        name="Karin Som",
        email="karin@example.org",
        consent_to_contact=True,
        expertise="Rekenen en wiskunde.",
    )
    rebuild_vocabulary()
    search_backend.refresh()

    response = Client().get(sections["experts"].url, {"q": "cultuur"})

    assert response.status_code == 200
    names = re.findall(r'<h3 id="expert-\d+"[^>]*>([^<]+)</h3>', response.content.decode())
    assert sorted(names) == ["Ilse Kunst", "Omar Vos"]


@pytest.mark.django_db
def test_the_words_of_a_question_are_looked_up_together_as_each_alone(known_words):
    PersonFactory(
        consent_to_contact=True,
        expertise="Cultuureducatie, erfgoedleerlijnen en loopbaanperspectief in het onderwijs.",
    )
    rebuild_vocabulary()
    words = ["erfgoedleerlijn", "cultuur", "loopbaan", "perspectief", "educatie", "po", "x-y"]

    together = compounds_of_words(words, limit=10)

    assert together == {
        word: (compound_parts(word), compounds_containing(word, limit=10)) for word in words
    }
    assert together["erfgoedleerlijn"][0] == ["erfgoed", "leerlijn"]
    assert together["cultuur"][1] == ["cultuureducatie"]
