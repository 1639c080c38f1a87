"""An unreachable engine, the editors' query report, promotions and autocomplete."""

import json
import time

from django.contrib.auth.models import AnonymousUser
from django.core.signals import request_finished
from django.db import close_old_connections
from django.template.response import TemplateResponse
from django.test import Client
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from communities.roles import EDITORS_GROUP, ensure_site_groups
from resources.factories import StoryPageFactory
from search import views
from search.models import SearchQueryDaily


@pytest.mark.django_db
def test_with_the_engine_down_search_answers_from_the_database_and_says_so(engine_down, caplog):
    StoryPageFactory(title="Mentoraat in de brugklas", intro="Over mentoraat.")

    started = time.monotonic()
    page = Client().get("/zoeken/", {"q": "mentoraat"})
    api = json.loads(Client().get("/api/search/", {"q": "mentoraat"}).content)
    elapsed = time.monotonic() - started

    assert page.status_code == 200
    assert "De zoekmachine is even niet bereikbaar" in page.content.decode()
    assert api["fallback"] is True
    assert [result["title"] for result in api["results"]] == ["Mentoraat in de brugklas"]
    assert "Search engine unreachable" in caplog.text
    assert elapsed < 10


@pytest.mark.django_db
def test_publishing_succeeds_while_the_engine_is_down(engine_down):
    story = StoryPageFactory(title="Gepubliceerd zonder zoekmachine", live=False)

    story.save_revision().publish()

    story.refresh_from_db()
    assert story.live


@pytest.fixture
def editor_client(django_user_model):
    editors, _administrators = ensure_site_groups()
    editor = django_user_model.objects.create_user("redacteur", "r@example.org", "pw")
    editor.groups.add(editors)
    client = Client()
    client.force_login(editor)
    assert editors.name == EDITORS_GROUP
    return client


@pytest.mark.django_db
def test_every_query_is_counted_and_the_report_shows_frequent_and_fruitless_ones(
    editor_client,
):
    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    for query in ["mentoraat", "Mentoraat", "mentoraat", "kwantumfysica"]:
        Client().get("/zoeken/", {"q": query})
    Client().get("/zoeken/", {"q": "mentoraat", "pagina": "2"})  # paging is not a new search

    logged = {row.query_text: row for row in SearchQueryDaily.objects.all()}
    report = editor_client.get(reverse("search_query_report"))

    assert logged["mentoraat"].hits == 3
    assert logged["mentoraat"].zero_result_hits == 0
    assert logged["kwantumfysica"].zero_result_hits == 1
    assert report.status_code == 200
    assert '<h1 class="w-header__title" id="header-title">' in report.content.decode()
    frequent, fruitless = report.context["frequent"], report.context["fruitless"]
    assert frequent[0]["query_text"] == "mentoraat"
    assert [row["query_text"] for row in fruitless] == ["kwantumfysica"]


@pytest.mark.django_db
@pytest.mark.parametrize("view", [views.search, views.search_api])
def test_a_search_is_counted_once_its_answer_has_gone_out(view, rf):
    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    request = rf.get("/", {"q": "mentoraat"})
    request.user = AnonymousUser()

    response = view(request)
    if isinstance(response, TemplateResponse):
        response.render()

    assert response.status_code == 200
    assert not SearchQueryDaily.objects.exists()
    # What the WSGI server does once it has sent the response; the test's transaction keeps
    # its connection, as in Django's test client.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert SearchQueryDaily.objects.get(query_text="mentoraat").hits == 1


@pytest.mark.django_db
def test_the_report_is_for_editors_only(django_user_model):
    user = django_user_model.objects.create_user("lid", "l@example.org", "pw")
    client = Client()
    client.force_login(user)

    assert client.get(reverse("search_query_report")).status_code in (302, 403)


@pytest.mark.django_db
def test_promoted_pages_are_shown_as_recommended(db):
    story = StoryPageFactory(title="Starterspakket leergemeenschappen", intro="Begin hier.")
    SearchPromotion.objects.create(
        query=Query.get("starten"), page=story, description="Het beste begin.", sort_order=0
    )

    content = Client().get("/zoeken/", {"q": "starten"}).content.decode()

    assert "Aanbevolen" in content
    assert "Starterspakket leergemeenschappen" in content
    assert "Het beste begin." in content


@pytest.mark.django_db
def test_a_promoted_page_in_a_private_section_is_not_shown(db):
    from wagtail.models import PageViewRestriction

    story = StoryPageFactory(title="Starterspakket leergemeenschappen", intro="Begin hier.")
    SearchPromotion.objects.create(
        query=Query.get("starten"), page=story, description="Het beste begin.", sort_order=0
    )
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)

    content = Client().get("/zoeken/", {"q": "starten"}).content.decode()

    assert "Het beste begin." not in content
    assert "Starterspakket leergemeenschappen" not in content


@pytest.mark.django_db
def test_autocomplete_suggests_titles_of_visible_pages(db):
    StoryPageFactory(title="Mentoraat in de brugklas")
    hidden = StoryPageFactory(title="Mentorgesprekken concept")
    hidden.unpublish()

    data = json.loads(Client().get("/zoeken/suggesties/", {"q": "mento"}).content)

    assert "Mentoraat in de brugklas" in data["suggestions"]
    assert "Mentorgesprekken concept" not in data["suggestions"]
