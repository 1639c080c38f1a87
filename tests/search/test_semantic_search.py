"""Search by meaning: a question in the visitor's own words finds the page that answers it, while
exact matches, privacy, facets, highlighting and promotions work as they do for words. On every
configured backend."""

import json

from django.test import Client

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest

from communities.factories import CommunityPageFactory
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from search.models import PageEmbedding
from search.semantic.encoder import encode_query
from search.semantic.hybrid import nearest_pages
from search.semantic.vectors import vector_index


def api(query):
    response = Client().get("/api/search/", {"q": query})
    assert response.status_code == 200
    return json.loads(response.content)


def titles(query):
    return [result["title"] for result in api(query)["results"]]


@pytest.fixture
def portal(db):
    """Knowledge pages of the demo's kind, each on its own theme, written as communities write."""
    loopbaan = CommunityPageFactory(
        title="Loopbaanperspectief in het primair onderwijs",
        intro=(
            "Leraren, schoolleiders en hr-adviseurs onderzoeken samen hoe je in het "
            "basisonderwijs kunt doorgroeien zonder het klaslokaal te verlaten."
        ),
        central_question=(
            "Welke loopbaanpaden maken werken in het primair onderwijs aantrekkelijk, en hoe "
            "geef je die vorm binnen één schoolbestuur?"
        ),
    )
    erfgoed = CommunityPageFactory(
        title="Netwerk cultuur en school",
        intro="Scholen en culturele instellingen werken samen aan cultuuronderwijs.",
        central_question="Hoe krijgt cultuur een vaste plek in het rooster?",
    )
    pages = {
        "loopbaan": loopbaan,
        "erfgoed": PracticeExamplePageFactory(
            parent=erfgoed,
            title="Een erfgoedleerlijn met zes scholen",
            intro=(
                "Zes scholen ontwierpen op erfgoedlocaties een leerlijn die het erfgoed uit de "
                "eigen omgeving een vaste plek geeft in de geschiedenisles van de onderbouw."
            ),
        ),
        "opvang": StoryPageFactory(
            title="Hoe beginnen we samen met de buitenschoolse opvang?",
            intro=(
                "Onze basisschool deelt een gebouw met een opvangorganisatie, maar we werken "
                "langs elkaar heen. Waar begin je met leerkrachten en pedagogisch medewerkers?"
            ),
        ),
        "pesten": StoryPageFactory(
            title="Eén aanpak voor pesten van groep 1 tot klas 3",
            intro=(
                "Basisscholen en een vo-school spraken een gedeelde taal en aanpak af, zodat "
                "leerlingen bij de overstap niet opnieuw beginnen."
            ),
        ),
        "digitaal": StoryPageFactory(
            title="Docenten maken samen lessen digitale geletterdheid",
            intro=(
                "Een ontwikkelteam van twee scholen laat zien dat digitale geletterdheid in "
                "elk vak past."
            ),
        ),
        "burgerschap": StoryPageFactory(
            title="Burgerschap in het mbo: studenten schuiven aan",
            intro=(
                "In de kenniskring burgerschap zijn studenten geen onderwerp, maar "
                "gesprekspartner."
            ),
        ),
    }
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("hoe houd ik goede leraren vast in hun carrière", "loopbaan"),
        ("naschoolse opvang", "opvang"),
        ("geschiedenis van de eigen omgeving in de klas", "erfgoed"),
    ],
)
def test_a_question_in_other_words_finds_its_page_first(search_backend, portal, question, answer):
    search_backend.refresh()

    assert titles(question)[0] == portal[answer].title


@pytest.mark.django_db
def test_an_exact_title_ranks_above_a_page_that_means_much_the_same(search_backend, portal):
    near = StoryPageFactory(
        title="Doorgroeien als leraar in de basisschool",
        intro=(
            "Leraren die meer willen zonder schoolleider te worden: nieuwe rollen en "
            "loopbaanpaden binnen het basisonderwijs."
        ),
    )
    search_backend.refresh()
    question = "Loopbaanperspectief in het primair onderwijs"
    nearest = vector_index(get_search_backend()).nearest(encode_query(question), 3)
    assert near.pk in [pk for pk, _similarity in nearest]

    found = titles(question)

    assert found[0] == portal["loopbaan"].title
    assert near.title in found


@pytest.mark.django_db
def test_search_by_meaning_never_returns_a_private_page_or_a_draft(search_backend, portal):
    private = StoryPageFactory(
        title="Treiteren in de klas tegengaan",
        intro="Wat leraren doen als leerlingen elkaar treiteren en buitensluiten.",
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = StoryPageFactory(
        title="Treiteren op het schoolplein",
        intro="Hoe pleinwachten zien dat leerlingen elkaar treiteren.",
    )
    search_backend.refresh()
    # Taken offline after its vectors were written: they stay until the next catch-up.
    draft.unpublish()
    assert PageEmbedding.objects.filter(page=draft).exists()
    question = "leerlingen die elkaar treiteren"
    near_ids = {pk for pk, _similarity in nearest_pages(question, get_search_backend())}
    assert {private.pk, draft.pk} <= near_ids

    data = api(question)

    found = [result["title"] for result in data["results"]]
    assert private.title not in found
    assert draft.title not in found
    assert data["count"] == len(found)


@pytest.mark.django_db
def test_pages_found_by_meaning_alone_have_plain_snippets_and_count_in_the_facets(
    search_backend, portal
):
    search_backend.refresh()
    by_words = {portal["opvang"].title}

    data = api("naschoolse opvang")

    snippets = {result["title"]: result["snippet"] for result in data["results"]}
    assert "<mark>opvang" in snippets[portal["opvang"].title]
    by_meaning = [title for title in snippets if title not in by_words]
    assert by_meaning, "the vectors found no page beside the one with the visitor's words"
    for title in by_meaning:
        # None of the visitor's words in it: nothing marked, the page's opening instead.
        assert "<mark>" not in snippets[title]
        assert snippets[title].startswith(Page.objects.get(title=title).specific.intro[:30])
    assert data["count"] == len(data["results"]) == 1 + len(by_meaning)
    assert sum(data["facets"]["type"].values()) == data["count"]


@pytest.mark.django_db
def test_promoted_pages_still_come_before_what_search_by_meaning_finds(search_backend, portal):
    SearchPromotion.objects.create(
        query=Query.get("naschoolse opvang"),
        page=portal["digitaal"],
        description="Door de redactie gekozen.",
        sort_order=0,
    )
    search_backend.refresh()

    content = Client().get("/zoeken/", {"q": "naschoolse opvang"}).content.decode()

    promoted = content.index("Door de redactie gekozen.")
    assert promoted < content.index(portal["opvang"].title)
    assert content.index("Aanbevolen") < promoted
