"""What an attacker types into the public endpoints: control characters and query syntax get a
normal answer on every backend, and the backends are handed plain words only."""

import json

from django.test import Client

import pytest

from communities.factories import PersonFactory
from home.abuse import CleanTextForm
from home.models import ensure_section_pages
from home.text import clean_line, clean_text
from resources.factories import StoryPageFactory
from search.analysis import plain_terms, plain_words

# Each answered 500 on SQLite (FTS5 syntax errors) or PostgreSQL (NUL in a string).
HOSTILE_SUGGESTIONS = [
    '/zoeken/suggesties/?q="abc',
    '/zoeken/suggesties/?q=";DROP',
    "/zoeken/suggesties/?q=a%00b",
]
NUL_QUERIES = ["/zoeken/?q=a%00b", "/api/search/?q=a%00b", "/zoeken/suggesties/?q=a%00b"]


@pytest.fixture
def story(db):
    story = StoryPageFactory(title="Mentoraat in de brugklas", intro="Over mentoraat.")
    story.save_revision().publish()
    return story


@pytest.mark.django_db
@pytest.mark.parametrize("url", HOSTILE_SUGGESTIONS)
def test_suggestions_answer_query_syntax_and_nul_normally(search_backend, story, url):
    search_backend.refresh()

    response = Client().get(url)

    assert response.status_code == 200
    assert json.loads(response.content) == {"suggestions": []}


@pytest.mark.django_db
@pytest.mark.parametrize("url", NUL_QUERIES)
def test_a_nul_in_the_query_gets_a_normal_answer(search_backend, story, url):
    search_backend.refresh()

    response = Client().get(url)

    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"mento',
        "mento*",
        '("mento")',
        "mento\x00",
        "\x0bmento\x7f",
        "mento:^",
        "mento)",
        "\ufffemento\x9f",
    ],
)
def test_suggestions_find_the_words_inside_the_syntax(search_backend, story, query):
    search_backend.refresh()

    response = Client().get("/zoeken/suggesties/", {"q": query})

    assert response.status_code == 200
    assert json.loads(response.content)["suggestions"] == ["Mentoraat in de brugklas"]


@pytest.mark.django_db
def test_the_page_and_the_api_find_and_show_the_words_without_control_characters(
    search_backend, story
):
    search_backend.refresh()

    page = Client().get("/zoeken/", {"q": "mento\x00raat\x0b", "theme": "\x00"})
    data = json.loads(Client().get("/api/search/", {"q": "\x00men\x1btoraat"}).content)

    assert page.status_code == 200
    assert page.context["search_query"] == "mentoraat"
    assert [result.title for result in page.context["search_results"]] == [story.title]
    assert [result["title"] for result in data["results"]] == [story.title]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "section, params",
    [
        ("communities", {"theme": "a\x00b", "sector": "\x00", "status": "\x00", "form": "\x0b"}),
        ("tools", {"theme": "a\x00b", "phase": "\x00", "bouwsteen": "1\x00"}),
        ("stories", {"theme": "a\x00b", "pagina": "\x00"}),
        ("events", {"theme": "a\x00b", "period": "voorbij\x00"}),
        ("questions", {"pagina": "2\x00"}),
    ],
)
def test_listing_filters_with_control_characters_show_the_listing(db, section, params):
    page = ensure_section_pages()[section]

    response = Client().get(page.url, params)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Anna\x00", '"Anna', "Anna)\x0b", "a\x00b", "\uffff"])
def test_the_directory_search_answers_hostile_text_normally(search_backend, db, query):
    directory = ensure_section_pages()["experts"]
    PersonFactory(name="Anna Jansen", expertise="Mentoraat.", consent_to_contact=True)
    search_backend.refresh()

    response = Client().get(directory.url, {"q": query, "theme": "a\x00b", "sector": "\x00"})

    assert response.status_code == 200
    assert response.context["filter_form"].data["q"] == clean_text(query)


# Hyphens alone are plain words to the backends but hold no word to search for: each once
# answered 500 on the page, the API and the directory.
NO_WORDS = ["-", "- -", "--", " - -- ", "-\x00-"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", NO_WORDS)
def test_a_query_of_hyphens_alone_finds_nothing_without_an_error(search_backend, story, query):
    search_backend.refresh()

    page = Client().get("/zoeken/", {"q": query})
    data = Client().get("/api/search/", {"q": query})

    assert page.status_code == 200
    assert data.status_code == 200
    assert json.loads(data.content)["count"] == 0
    assert json.loads(data.content)["spelling"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("query", NO_WORDS)
def test_the_directory_answers_a_query_of_hyphens_alone(search_backend, db, query):
    directory = ensure_section_pages()["experts"]
    PersonFactory(name="Anna Jansen", expertise="Mentoraat.", consent_to_contact=True)
    search_backend.refresh()

    response = Client().get(directory.url, {"q": query})

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_question_form_checks_a_question_with_control_characters(search_backend, story):
    index = ensure_section_pages()["questions"]
    search_backend.refresh()

    response = Client().post(
        index.url,
        {
            "title": "Hoe \x00werkt\x0b mentoraat in de brugklas?",
            "context": 'Regel een\r\nregel twee\x00 "(',
            "email": "vrager@example.org",
            "stage": "check",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["title"] == "Hoe werkt mentoraat in de brugklas?"
    assert form.cleaned_data["context"] == 'Regel een\nregel twee "('
    assert story.title in response.content.decode()


def test_text_loses_controls_and_keeps_lines_only_where_lines_are_allowed():
    text = "Titel\x0bvervolg\ttab\r\nregel\x00\x7f\x85\x9f\ud800\ufffe einde"

    assert clean_text(text) == "Titel vervolg tab regel  einde"
    assert clean_text(text, multiline=True) == "Titel\nvervolg\ttab\nregel\n einde"
    assert clean_line("  een\x00 \x0b twee\n") == "een twee"
    assert clean_text("Gewone tekst, één regel.") == "Gewone tekst, één regel."


@pytest.mark.parametrize(
    "query, terms",
    [
        ('"abc', "abc"),
        ('";DROP', "drop"),
        ("a\x00b", "ab"),
        ("mentoraat AND OR NOT NEAR(x)", "mentoraat and or not near x"),
        ("men* title:x^2 {y} [z] 'q' \\", "men title x 2 y z q"),
        ("Beëindiging co-teaching", "beëindiging co-teaching"),
        ("\ud800\U0001f642", ""),
    ],
)
def test_plain_terms_are_words_without_syntax(query, terms):
    assert plain_terms(query) == terms


def test_plain_words_fold_accents_as_the_engine_does():
    assert plain_words('"Beëindiging"') == "beeindiging"


def test_a_clean_text_form_cleans_what_its_fields_receive():
    from django import forms

    class MessageForm(CleanTextForm):
        name = forms.CharField()
        message = forms.CharField(widget=forms.Textarea)

    form = MessageForm({"name": "Jan\x0bJansen\x00", "message": "Hoi\r\nJan\x0b\x00"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Jan Jansen", "message": "Hoi\nJan"}
