"""The question form's 'misschien is je vraag al beantwoord' step finds pages by the meaning of
the whole question, not only by its words, and never a page a visitor may not see."""

from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction, Site

import pytest

from exchange.models import QuestionIndexPage
from exchange.questions.existing_knowledge import existing_knowledge, question_text
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from search.query import MAX_QUERY_LENGTH

from .conftest import publish

LOCAL_HISTORY = {
    "title": "Hoe breng ik de geschiedenis van onze eigen wijk de klas in?",
    "context": "Mijn leerlingen weten weinig van de straten waar ze wonen.",
    "email": "vrager@example.org",
}


@pytest.fixture
def heritage(communities):
    """The erfgoed example, published; the same subject behind a login; and a page about
    something else."""
    example = publish(
        PracticeExamplePageFactory(
            parent=communities.a,
            title="Een erfgoedleerlijn met zes scholen",
            intro=(
                "Zes basisscholen maakten met het erfgoedcentrum een leerlijn over de "
                "geschiedenis van de eigen omgeving. Leerlingen gaan op pad in hun buurt, "
                "bezoeken monumenten en interviewen oudere bewoners."
            ),
        )
    )
    private = publish(
        PracticeExamplePageFactory(
            parent=communities.b,
            title="Wijkgeschiedenis in de klas",
            intro="Onze leerlingen brengen de geschiedenis van hun eigen wijk in kaart.",
        )
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    unrelated = publish(
        StoryPageFactory(
            title="Rekenen met breuken in groep 6",
            intro="Hoe een rekencoördinator de breukendidactiek op school vernieuwde.",
        )
    )
    return example, private, unrelated


@pytest.mark.django_db
def test_a_question_about_local_history_in_class_suggests_the_erfgoed_example(
    search_backend, people, heritage
):
    example, private, unrelated = heritage
    search_backend.refresh()

    check = existing_knowledge(
        LOCAL_HISTORY["title"], LOCAL_HISTORY["context"], Site.objects.get()
    )

    found = [hit.page.pk for hit in check.hits]
    assert example.pk in found
    assert private.pk not in found
    assert unrelated.pk not in found
    # The link to the search page finds the example there too.
    results = Client().get(reverse("search"), {"q": check.query}).content.decode()
    assert reverse("search_open_result", args=[example.pk]) in results
    assert private.title not in results


@pytest.mark.django_db
def test_the_question_form_shows_the_erfgoed_example_and_never_the_private_page(
    search_backend, people, heritage
):
    example, private, _unrelated = heritage
    search_backend.refresh()

    response = Client().post(
        QuestionIndexPage.objects.get().url, {**LOCAL_HISTORY, "stage": "check"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="{example.url}"' in content
    assert private.title not in content and f'href="{private.url}"' not in content


def test_the_whole_question_is_cut_at_a_word_to_what_the_search_page_accepts():
    long_context = "Ik vraag me af hoe je leerlingen laat onderzoeken wat er vroeger was. " * 10

    text = question_text("  Geschiedenis   van de wijk?", long_context)

    assert text.startswith("Geschiedenis van de wijk? Ik vraag me af")
    assert len(text) <= MAX_QUERY_LENGTH
    assert long_context.startswith(text.removeprefix("Geschiedenis van de wijk? "))
    assert not text.endswith(" ")


# The same question in words the erfgoed page does not use: only its meaning can find it.
LOCAL_HISTORY_OTHER_WORDS = {
    "title": "Hoe laat ik kinderen het verleden van hun straat ontdekken?",
    "context": "Oude foto's en verhalen van vroeger spreken ze aan.",
}


@pytest.mark.django_db
def test_the_erfgoed_example_is_found_by_meaning_where_no_key_word_finds_it(
    search_backend, people, heritage, settings
):
    example, private, _unrelated = heritage
    search_backend.refresh()
    site = Site.objects.get()
    question = (LOCAL_HISTORY_OTHER_WORDS["title"], LOCAL_HISTORY_OTHER_WORDS["context"])

    settings.SEMANTIC_SEARCH = False
    by_words = [hit.page.pk for hit in existing_knowledge(*question, site).hits]
    settings.SEMANTIC_SEARCH = True
    by_meaning = [hit.page.pk for hit in existing_knowledge(*question, site).hits]

    assert example.pk not in by_words
    assert example.pk in by_meaning
    assert private.pk not in by_meaning
