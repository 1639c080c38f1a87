"""The editors' loop for searches that fail: result clicks are counted, the report lists the
queries that found nothing or whose results nobody opens, and one click starts each fix."""

import re
from html import unescape

from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

import pytest

from communities.roles import ensure_site_groups
from exchange.models import QuestionAnswerPage
from exchange.questions.publishing import free_slug
from home.models import ensure_section_pages
from resources.factories import StoryPageFactory
from search import query as search_query
from search import querylog
from search.models import SearchQueryDaily, Synonym


def search(text):
    response = Client().get("/zoeken/", {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def title_links(html):
    """The attributes of the link of every result and promotion title on a search page."""
    return [
        {name: unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', attributes)}
        for attributes in re.findall(r'class="search-result__title"><a ([^>]*)>', html)
    ]


def result_links(html):
    """The href of every result title on a search page, as a browser reads it."""
    return [link["href"] for link in title_links(html)]


def logged():
    return {row.query_text: row for row in SearchQueryDaily.objects.all()}


@pytest.fixture
def editor(django_user_model):
    editors, _administrators = ensure_site_groups()
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="search", codename__in=["add_synonym", "change_synonym"]
        )
    )
    user = django_user_model.objects.create_user("redacteur", "r@example.org", "pw")
    user.groups.add(editors)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def report_reader(django_user_model):
    """May read the report, and make none of its fixes."""
    readers = Group.objects.create(name="Zoekrapport")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_searchquerydaily"),
    )
    user = django_user_model.objects.create_user("lezer", "lezer@example.org", "pw")
    user.groups.add(readers)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mentoraat(db):
    return StoryPageFactory(title="Mentoraat in de brugklas", intro="Over mentoraat.")


def assert_refused(response):
    """Wagtail's answer to an admin user without the right (wagtail.admin.auth.permission_denied):
    back to the dashboard, with a message; a 403 only for a script's request."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def report_row(report, list_name, query_text):
    return next(row for row in report.context[list_name] if row["query_text"] == query_text)


@pytest.mark.django_db
def test_a_result_opens_through_the_portal_which_counts_the_click(search_backend, mentoraat):
    search_backend.refresh()

    links = result_links(search("Mentoraat"))
    response = Client().get(links[0])

    assert links == [f"/zoeken/open/{mentoraat.pk}/?q=Mentoraat"]
    assert response.status_code == 302
    assert response["Location"] == mentoraat.url
    assert logged()["mentoraat"].clicks == 1
    assert logged()["mentoraat"].hits == 1


@pytest.fixture
def promoted_section(mentoraat):
    """The stories section, promoted for "mentoraat": a page the search itself never lists."""
    stories = ensure_section_pages()["stories"]
    SearchPromotion.objects.create(
        query=Query.get("mentoraat"), page=stories, description="Alle verhalen."
    )
    return stories


@pytest.mark.django_db
def test_a_promotion_opens_through_the_portal_and_its_query_is_no_longer_unopened(
    editor, promoted_section
):
    html = search("mentoraat")
    promotion_link = f"/zoeken/open/{promoted_section.pk}/?q=mentoraat"

    response = Client().get(promotion_link)
    report = editor.get(reverse("search_query_report"))

    assert promotion_link in result_links(html)
    assert response.status_code == 302
    assert response["Location"] == promoted_section.url
    assert logged()["mentoraat"].clicks == 1
    assert report.context["unopened"] == []


@pytest.mark.django_db
def test_a_promoted_page_opens_only_for_its_own_query(promoted_section):
    search("brugklas")
    search("mentoraat")
    promoted_section.unpublish()

    other_query = Client().get(f"/zoeken/open/{promoted_section.pk}/", {"q": "brugklas"})
    unpublished = Client().get(f"/zoeken/open/{promoted_section.pk}/", {"q": "mentoraat"})

    assert other_query.status_code == 404
    assert unpublished.status_code == 404
    assert {text: row.clicks for text, row in logged().items()} == {"brugklas": 0, "mentoraat": 0}


@pytest.mark.django_db
def test_crawlers_are_asked_not_to_follow_results_or_promotions(promoted_section):
    html = search("mentoraat")
    links = title_links(html)

    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert len(links) == 2
    assert all(link["rel"] == "nofollow" for link in links)


@pytest.mark.django_db
def test_the_result_link_keeps_the_title_as_its_text(mentoraat):
    html = search("mentoraat")

    assert f'?q=mentoraat">{mentoraat.title}</a></h3>' in html


@pytest.mark.django_db
def test_a_draft_a_private_or_a_missing_page_gives_404_and_no_click(mentoraat):
    draft = StoryPageFactory(title="Mentoraat concept", live=False)
    private = StoryPageFactory(title="Mentoraat besloten")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    search("mentoraat")

    statuses = [
        Client().get(f"/zoeken/open/{pk}/", {"q": "mentoraat"}).status_code
        for pk in (draft.pk, private.pk, 999_999, ensure_section_pages()["stories"].pk)
    ]

    assert statuses == [404, 404, 404, 404]
    assert logged()["mentoraat"].clicks == 0


@pytest.mark.django_db
def test_the_click_view_only_answers_get_and_never_redirects_elsewhere(mentoraat):
    search("mentoraat")
    url = f"/zoeken/open/{mentoraat.pk}/"

    posted = Client().post(url, {"q": "mentoraat"})
    elsewhere = Client().get(url, {"q": "mentoraat", "next": "https://example.com/"})

    assert posted.status_code == 405
    assert elsewhere["Location"] == mentoraat.url
    assert logged()["mentoraat"].clicks == 1


@pytest.mark.django_db
def test_a_click_is_counted_under_the_query_as_the_log_stores_it(mentoraat):
    typed = "Mentoraat jan@example.nl"
    search(typed)

    Client().get(f"/zoeken/open/{mentoraat.pk}/", {"q": typed})

    assert {text: row.clicks for text, row in logged().items()} == {"mentoraat [e-mailadres]": 1}


@pytest.mark.django_db
def test_a_click_on_a_query_not_searched_today_adds_nothing_to_the_log(mentoraat):
    response = Client().get(f"/zoeken/open/{mentoraat.pk}/", {"q": "verzonnen zoekopdracht"})

    assert response.status_code == 302
    assert not SearchQueryDaily.objects.exists()


@pytest.mark.django_db
def test_a_failure_to_count_still_opens_the_page(mentoraat, monkeypatch):
    search("mentoraat")
    warnings = []
    monkeypatch.setattr(
        querylog.logger, "warning", lambda message, *args, **_info: warnings.append(message % args)
    )

    class BrokenLog:
        class objects:
            @staticmethod
            def filter(**lookups):
                raise DatabaseError("the log table is locked")

    monkeypatch.setattr(querylog, "SearchQueryDaily", BrokenLog)
    response = Client().get(f"/zoeken/open/{mentoraat.pk}/", {"q": "mentoraat"})

    assert response.status_code == 302
    assert response["Location"] == mentoraat.url
    assert warnings == ["Could not count a click for 'mentoraat'"]


@pytest.fixture
def failing_searches(mentoraat):
    """kwantumfysica found nothing; mentoraat found a page nobody opened; brugklas found a
    page that was opened."""
    for text in ["kwantumfysica", "kwantumfysica", "mentoraat", "brugklas"]:
        search(text)
    Client().get(f"/zoeken/open/{mentoraat.pk}/", {"q": "brugklas"})
    return mentoraat


@pytest.mark.django_db
def test_the_report_lists_fruitless_and_unopened_queries_with_three_fixes(
    editor, failing_searches
):
    report = editor.get(reverse("search_query_report"))
    html = report.content.decode()

    assert report.status_code == 200
    assert [row["query_text"] for row in report.context["fruitless"]] == ["kwantumfysica"]
    assert [row["query_text"] for row in report.context["unopened"]] == ["mentoraat"]
    assert report_row(report, "frequent", "brugklas")["clicks"] == 1
    for list_name, query_text in (("fruitless", "kwantumfysica"), ("unopened", "mentoraat")):
        labels = [
            action["label"] for action in report_row(report, list_name, query_text)["actions"]
        ]
        assert labels == ["Synoniem toevoegen", "Promotie toevoegen", "Kennisvraag openen"]
    assert "vindt nog niets" in html
    assert "vindt nu 1 resultaat" in html
    synonym = reverse(Synonym.snippet_viewset.get_url_name("add"))
    assert f'href="{synonym}?terms=kwantumfysica"' in html
    assert f'href="{reverse("search_report_add_promotion")}?query_string=kwantumfysica"' in html
    question_form = re.search(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="[^"]+">\s*<input type="hidden" '
        r'name="zoekopdracht" value="kwantumfysica">',
        html,
    )
    assert question_form and question_form[1] == reverse("exchange_question_from_search")


@pytest.mark.django_db
def test_the_report_searches_each_listed_query_once_until_content_changes(
    search_backend, editor, failing_searches, monkeypatch
):
    search_backend.refresh()
    searched = []
    ranked_candidates = search_query.ranked_candidates

    def counting(text):
        searched.append(text)
        return ranked_candidates(text)

    monkeypatch.setattr(search_query, "ranked_candidates", counting)
    first = editor.get(reverse("search_query_report"))
    searched_first = sorted(searched)
    again = editor.get(reverse("search_query_report"))
    searched_again = sorted(searched)
    StoryPageFactory(title="Kwantumfysica voor de brugklas")
    search_backend.refresh()
    changed = editor.get(reverse("search_query_report"))

    # The fixture searched before the engine's index was refreshed, so there "brugklas" found
    # nothing too: each listed query is searched once, whichever the backend lists.
    listed = sorted(
        row["query_text"] for row in first.context["fruitless"] + first.context["unopened"]
    )
    assert {"kwantumfysica", "mentoraat"} <= set(listed)
    assert searched_first == listed
    assert searched_again == searched_first
    assert report_row(again, "fruitless", "kwantumfysica")["finds_now"] == 0
    assert [
        row["finds_now"] for row in again.context["fruitless"] + again.context["unopened"]
    ] == [row["finds_now"] for row in first.context["fruitless"] + first.context["unopened"]]
    assert searched.count("kwantumfysica") == 2
    assert searched.count("mentoraat") == 2
    assert report_row(changed, "fruitless", "kwantumfysica")["finds_now"] == 1


@pytest.mark.django_db
def test_a_reader_of_the_report_gets_no_fixes_and_cannot_draft_a_question(
    report_reader, failing_searches
):
    ensure_section_pages()
    report = report_reader.get(reverse("search_query_report"))
    drafting = report_reader.post(
        reverse("exchange_question_from_search"), {"zoekopdracht": "kwantumfysica"}
    )

    assert report.status_code == 200
    assert report_row(report, "fruitless", "kwantumfysica")["actions"] == []
    assert "Synoniem toevoegen" not in report.content.decode()
    assert_refused(drafting)
    assert not QuestionAnswerPage.objects.exists()


@pytest.mark.django_db
def test_a_synonym_added_from_the_report_makes_the_query_find_something(
    search_backend, editor, failing_searches
):
    search_backend.refresh()
    report = editor.get(reverse("search_query_report"))
    add_url = report_row(report, "fruitless", "kwantumfysica")["actions"][0]["url"]

    form = editor.get(add_url)
    prefilled = form.context["form"]["terms"].value()
    saved = editor.post(add_url.split("?")[0], {"terms": f"{prefilled}, mentoraat"})
    html = search("kwantumfysica")
    report = editor.get(reverse("search_query_report"))

    assert form.status_code == 200
    assert prefilled == "kwantumfysica"
    assert saved.status_code == 302
    assert Synonym.objects.filter(terms="kwantumfysica, mentoraat").exists()
    assert "Mentoraat in de brugklas" in html
    assert report_row(report, "fruitless", "kwantumfysica")["finds_now"] == 1
    assert "vindt nog niets" not in report.content.decode()


@pytest.mark.django_db
def test_a_promotion_added_from_the_report_starts_from_the_query(editor, failing_searches):
    report = editor.get(reverse("search_query_report"))
    add_url = report_row(report, "fruitless", "kwantumfysica")["actions"][1]["url"]

    form = editor.get(add_url)
    saved = editor.post(
        form.context["action_url"],
        {
            "query_string": form.context["form"]["query_string"].value(),
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(failing_searches.pk),
            "editors_picks-0-description": "Over mentoraat.",
            "editors_picks-0-ORDER": "0",
        },
    )

    assert form.status_code == 200
    assert form.context["form"]["query_string"].value() == "kwantumfysica"
    assert form.context["action_url"] == reverse("wagtailsearchpromotions:add")
    assert saved.status_code == 302
    assert SearchPromotion.objects.get(query=Query.get("kwantumfysica")).description == (
        "Over mentoraat."
    )
    assert "Aanbevolen" in search("kwantumfysica")


@pytest.mark.django_db
def test_the_promotion_form_is_for_those_who_may_add_promotions(report_reader):
    response = report_reader.get(
        reverse("search_report_add_promotion"), {"query_string": "kwantumfysica"}
    )

    assert_refused(response)


@pytest.mark.django_db
def test_a_knowledge_question_drafted_from_the_report_opens_in_the_editor(
    editor, failing_searches
):
    report = editor.get(reverse("search_query_report"))
    action = report_row(report, "fruitless", "kwantumfysica")["actions"][2]

    response = editor.post(action["url"], {action["field"]: "kwantumfysica"})
    again = editor.post(action["url"], {action["field"]: "kwantumfysica"})
    page = QuestionAnswerPage.objects.get()
    editor_view = editor.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert again["Location"] == response["Location"]
    assert page.question == "kwantumfysica"
    assert page.title == "Kwantumfysica"
    assert not page.live
    assert page.get_parent().specific_class.__name__ == "QuestionIndexPage"
    assert page.latest_revision is not None
    assert page.owner == editor.user
    assert editor_view.status_code == 200
    assert "kwantumfysica" in editor_view.content.decode()


@pytest.mark.django_db
def test_drafting_a_question_needs_a_post_with_a_query(editor):
    ensure_section_pages()
    url = reverse("exchange_question_from_search")

    assert editor.get(url, {"zoekopdracht": "kwantumfysica"}).status_code == 405
    assert editor.post(url, {"zoekopdracht": "  "})["Location"] == reverse("search_query_report")
    assert not QuestionAnswerPage.objects.exists()


@pytest.mark.django_db
def test_a_question_drafted_from_a_query_gets_a_slug_no_route_or_page_uses(editor):
    index = ensure_section_pages()["questions"]
    url = reverse("exchange_question_from_search")

    editor.post(url, {"zoekopdracht": "verstuurd"})
    drafted = QuestionAnswerPage.objects.get()

    # "verstuurd" is a route of the index page: a child with that slug could never be reached.
    assert drafted.slug == "verstuurd-2"
    assert free_slug(index, "Verstuurd") == "verstuurd-3"
