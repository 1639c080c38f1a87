"""Searching in real Chromium: suggestions while typing, facets, and axe on the results."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

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
