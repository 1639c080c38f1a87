"""The search page and API on every backend: facets, filters, sorting, snippets, privacy."""

import json
from datetime import date

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import CommunityPageFactory
from home.factories import SectorFactory, ThemeFactory
from resources.factories import PracticeExamplePageFactory, StoryPageFactory, ToolPageFactory

from .helpers import api


@pytest.fixture
def knowledge(db):
    """Pages that all mention 'mentoraat', classified in known ways."""
    veiligheid = ThemeFactory(name="Sociale veiligheid", slug="sociale-veiligheid")
    loopbaan = ThemeFactory(name="Loopbaan", slug="loopbaan")
    vo = SectorFactory(name="Voortgezet onderwijs", slug="vo")
    community = CommunityPageFactory(
        title="Kenniskring Mentoraat", intro="Over mentoraat in het vo.", themes=[veiligheid]
    )
    community.sectors.set([vo])
    community.save()
    example = PracticeExamplePageFactory(
        parent=community, title="Mentoraat in de onderbouw", intro="Mentoraat per klas."
    )
    example.themes.set([veiligheid, loopbaan])
    example.save()
    tool = ToolPageFactory(
        title="Gesprekskaart mentoraat", intro="Kaart voor mentoraat.", purpose="x"
    )
    story = StoryPageFactory(
        title="Wat mentoraat oplevert", intro="Een verhaal over mentoraat.", date=date(2024, 3, 1)
    )
    StoryPageFactory(title="Rekenen", intro="Niets over dat andere onderwerp.")
    # Published through revisions, as editors do, so every page has its publication date.
    for page in (community, example, tool, story):
        page.save_revision().publish()
    return {"community": community, "example": example}


@pytest.mark.django_db
def test_results_come_with_facets_whose_counts_equal_the_database(search_backend, knowledge):
    search_backend.refresh()

    data = api(q="mentoraat")

    assert data["count"] == 4
    assert data["facets"]["type"] == {
        "community": 1,
        "practice_example": 1,
        "tool": 1,
        "story": 1,
    }
    assert data["facets"]["theme"] == {"sociale-veiligheid": 2, "loopbaan": 1}
    assert data["facets"]["sector"] == {"vo": 1}
    community_id = str(knowledge["community"].pk)
    assert data["facets"]["community"] == {community_id: 2}
    assert data["facets"]["year"]["2024"] == 1


@pytest.mark.django_db
def test_facets_combine_and_narrow_the_results(search_backend, knowledge):
    search_backend.refresh()

    data = api(q="mentoraat", theme="sociale-veiligheid", type="practice_example")

    assert [result["title"] for result in data["results"]] == ["Mentoraat in de onderbouw"]
    assert data["results"][0]["type"] == "practice_example"
    assert data["results"][0]["community"] == "Kenniskring Mentoraat"
    assert sorted(data["results"][0]["themes"]) == ["Loopbaan", "Sociale veiligheid"]


@pytest.mark.django_db
def test_the_page_shows_facets_highlights_and_sorts_newest_first(search_backend, knowledge):
    search_backend.refresh()

    response = Client().get("/zoeken/", {"q": "mentoraat", "sort": "newest"})
    content = response.content.decode()

    assert response.status_code == 200
    assert "<mark>Mentoraat</mark>" in content or "<mark>mentoraat</mark>" in content
    assert 'Sociale veiligheid <span class="facet__count">(2)</span>' in content
    titles = [page.title for page in response.context["search_results"].object_list]
    assert titles[-1] == "Wat mentoraat oplevert"  # published in 2024, the rest today


@pytest.mark.django_db
def test_snippets_escape_page_text(search_backend, db):
    StoryPageFactory(title="Scripts", intro="Mentoraat <script>alert(1)</script> voorbij.")
    search_backend.refresh()

    snippet = api(q="mentoraat")["results"][0]["snippet"]

    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>Mentoraat</mark>" in snippet


@pytest.mark.django_db
def test_private_and_unpublished_pages_are_never_found(
    search_backend, knowledge, django_user_model
):
    draft = StoryPageFactory(title="Concept mentoraat", intro="Mentoraat in concept.")
    draft.unpublish()
    expired = StoryPageFactory(title="Verlopen mentoraat", intro="Mentoraat, verlopen.")
    expired.expire_at = timezone.now() - timezone.timedelta(days=1)
    expired.save()
    secret = StoryPageFactory(title="Geheim mentoraat", intro="Mentoraat achter een wachtwoord.")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    members_only = StoryPageFactory(title="Leden mentoraat", intro="Mentoraat voor leden.")
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Leden X")])
    search_backend.refresh()

    titles = {result["title"] for result in api(q="mentoraat")["results"]}
    page_titles = {
        page.title
        for page in Client().get("/zoeken/", {"q": "mentoraat"}).context["search_results"]
    }

    hidden = {"Concept mentoraat", "Verlopen mentoraat", "Geheim mentoraat", "Leden mentoraat"}
    assert not titles & hidden
    assert not page_titles & hidden
    assert "Mentoraat in de onderbouw" in titles


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"mentoraat',
        "(mentoraat",
        "mentoraat AND OR NOT",
        "*",
        "\\",
        "men*",
        "mentoraat~2^3",
        "\u2133\U0001d522ntoraat \U0001f642 \u00ebn \u4e2d\u6587",
        "x" * 10_000,
        "   ",
        "{}[]:/!",
    ],
)
def test_pathological_queries_get_a_normal_answer(search_backend, knowledge, query):
    search_backend.refresh()

    page = Client().get("/zoeken/", {"q": query, "pagina": "-3", "theme": "bestaat-niet"})
    data = Client().get("/api/search/", {"q": query, "page": "abc", "year": "☃"})

    assert page.status_code == 200
    assert data.status_code == 200
    assert json.loads(data.content)["count"] >= 0


@pytest.mark.django_db
def test_pagination_goes_through_every_result_once(search_backend, db):
    for number in range(23):
        StoryPageFactory(title=f"Mentoraat deel {number}", intro="Over mentoraat.")
    search_backend.refresh()

    seen = []
    for page in (1, 2, 3):
        seen += [result["title"] for result in api(q="mentoraat", page=page)["results"]]

    assert len(seen) == 23
    assert len(set(seen)) == 23


@pytest.mark.django_db
def test_a_search_asks_the_engine_once_for_all_candidates(knowledge, search_backend, monkeypatch):
    from opensearchpy.transport import Transport

    for n in range(120):  # more candidates than modelsearch fetches per scroll page (100)
        StoryPageFactory(title=f"Mentoraat verhaal {n}")
    search_backend.refresh()
    sent = []
    perform_request = Transport.perform_request

    def counting(self, method, url, *args, **kwargs):
        sent.append((method, url))
        return perform_request(self, method, url, *args, **kwargs)

    monkeypatch.setattr(Transport, "perform_request", counting)

    found = api(q="mentoraat")

    assert found["count"] == 124  # the four of `knowledge` and the 120 stories
    assert len(sent) == (1 if search_backend.name == "engine" else 0), sent


@pytest.mark.django_db
def test_snippet_text_is_read_from_the_stored_body_without_a_query(django_assert_num_queries):
    from wagtail.rich_text import RichText

    from wagtail_factories import ImageFactory

    from resources.models import StoryPage
    from search.query import searchable_text

    story = StoryPageFactory(title="Verhaal over mentoraat", intro="")
    story.body = [
        ("heading", {"text": "Wat we leerden", "level": "h2"}),
        ("paragraph", RichText("<p>Mentoraat <b>werkt</b> in kleine groepen.</p>")),
        ("image", {"image": ImageFactory(), "caption": "Een mentorklas"}),
    ]
    story.save()
    story = StoryPage.objects.get(pk=story.pk)

    with django_assert_num_queries(0):  # the image in the body is never fetched
        text = searchable_text(story)

    assert text == "Wat we leerden Mentoraat werkt in kleine groepen. Een mentorklas"


@pytest.mark.django_db
def test_a_published_knowledge_question_is_found_as_a_question(search_backend, knowledge):
    from exchange.models import QuestionAnswerPage
    from home.models import ensure_section_pages

    questions = ensure_section_pages()["questions"]
    answered = questions.add_child(
        instance=QuestionAnswerPage(
            title="Hoe start ik een mentoraat-kring?",
            question="Onze school wil mentoren laten leren van elkaar.",
            answer="<p>Begin met een kleine groep; zie het praktijkvoorbeeld.</p>",
            community=knowledge["community"],
        )
    )
    answered.themes.set(knowledge["example"].themes.all())
    answered.save_revision().publish()
    draft = questions.add_child(
        instance=QuestionAnswerPage(
            title="Mentoraat, nog niet beoordeeld", question="Mentoraat?", answer="<p>Ja.</p>"
        )
    )
    draft.unpublish()
    search_backend.refresh()

    data = api(q="mentoraat")
    only_questions = api(q="mentoraat", type="question")

    assert data["facets"]["type"]["question"] == 1
    assert data["facets"]["community"] == {str(knowledge["community"].pk): 3}
    assert [result["title"] for result in only_questions["results"]] == [answered.title]
    assert only_questions["results"][0]["type"] == "question"
    assert only_questions["results"][0]["snippet"].startswith("Onze school wil mentoren")
