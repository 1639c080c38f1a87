"""Searching in real Chromium: suggestions while typing, facets, and axe on the results; the
editors' report of failing searches and a fix started from it."""

import io
from urllib.parse import quote

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from exchange.models import QuestionAnswerPage

from .helpers import assert_accessible, serve_default_site_from


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_picks_a_suggestion_and_narrows_the_results(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    page = browser_page

    page.goto("/")
    search_box = page.locator("header input[name='q']")
    search_box.press_sequentially("Loopbaan", delay=30)
    suggestion = page.get_by_role("option").first
    expect(suggestion).to_be_visible()
    expect(search_box).to_have_attribute("aria-expanded", "true")
    search_box.press("ArrowDown")
    search_box.press("Enter")

    expect(page.get_by_role("heading", level=2, name="Verfijnen")).to_be_visible()
    assert_accessible(page)

    type_links = page.locator("section[aria-labelledby='facet-type'] a")
    chosen = type_links.last.inner_text().rsplit(" (", 1)[0]
    type_links.last.click()
    expect(page.locator(".facet__value--selected").first).to_contain_text(chosen)
    types = page.locator(".search-result__type").all_inner_texts()
    assert types and {label.casefold() for label in types} == {chosen.casefold()}
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_follows_bedoelde_je_from_a_misspelt_search(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    page = browser_page

    page.goto("/zoeken/")
    search_box = page.locator("main input[name='q']")
    search_box.fill("leergemenschap")
    search_box.press("Enter")

    results = page.locator("section.search-layout__results")
    suggestion = results.get_by_role("status")
    expect(suggestion).to_have_text("Bedoelde je: leergemeenschap?")
    # Right after the results heading, so a screen reader meets it with the count.
    expect(results.locator("h2 + .spelling-suggestion")).to_have_count(1)
    assert_accessible(page)

    suggestion.get_by_role("link", name="leergemeenschap").click()
    expect(page.get_by_role("heading", level=2, name="leergemeenschap")).to_be_visible()
    expect(page.locator("main input[name='q']")).to_have_value("leergemeenschap")
    expect(page.locator(".spelling-suggestion")).to_have_count(0)
    assert page.locator(".search-result").count() > 0
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_sees_failing_searches_and_drafts_a_question_in_one_click(
    live_server, browser_page
):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    page = browser_page

    # A visitor searches in vain once, and opens a result of another search.
    page.goto("/zoeken/?q=kwantumfysica")
    expect(page.get_by_text("We hebben niets gevonden")).to_be_visible()
    page.goto("/zoeken/?q=cultuureducatie")
    first = page.locator(".search-result__title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    report = "/admin/reports/zoekopdrachten/"
    page.goto(f"/account/inloggen/?next={quote(report)}")
    page.get_by_label("Gebruikersnaam").fill("redactie")
    page.get_by_label("Wachtwoord").fill("demo-redactie-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoekopdrachten")
    fruitless = page.get_by_role("table", name="Zoekopdrachten zonder resultaat")
    row = fruitless.get_by_role("row").filter(has_text="kwantumfysica")
    expect(row).to_contain_text("vindt nog niets")
    promotion = row.get_by_role(
        "link", name="Promotie toevoegen voor de zoekopdracht kwantumfysica"
    )
    expect(promotion).to_be_visible()
    frequent = page.get_by_role("table").first
    opened = (
        frequent.get_by_role("row").filter(has_text="cultuureducatie").get_by_role("cell").last
    )
    expect(opened).to_have_text("1")
    assert_accessible(page)

    promotion.click()
    expect(page.locator("input[name='query_string']")).to_have_value("kwantumfysica")
    assert_accessible(page)
    page.go_back()

    row.get_by_role("button", name="Kennisvraag openen voor de zoekopdracht kwantumfysica").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kwantumfysica")
    expect(page.get_by_text('Concept-kennisvraag "Kwantumfysica" gemaakt.')).to_be_visible()
    draft = QuestionAnswerPage.objects.get(question="kwantumfysica")
    assert not draft.live
    # No axe here: the page editor is Wagtail's own, whose rich text field axe finds unnamed.
    assert page.url.endswith(f"/admin/pages/{draft.pk}/edit/")
