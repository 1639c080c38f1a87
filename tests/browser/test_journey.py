"""A visitor's journey through the portal in real Chromium, with axe checking every page."""

import io
import re

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from communities.models import CommunityPage, CommunityStatus
from resources.models import PracticeExamplePage

from .helpers import assert_accessible, serve_default_site_from


def community_and_example_linked_from(page):
    """A community that the page links to and that has a published practice example."""
    for community in CommunityPage.objects.live().public().order_by("title"):
        example = (
            PracticeExamplePage.objects.live()
            .public()
            .filter(community=community)
            .order_by("title")
            .first()
        )
        if example and page.get_by_role("link", name=community.title, exact=True).count():
            return community, example
    pytest.fail(f"{page.url} links to no community that has a published practice example.")


def search_word_from(title):
    """The longest word of the title: distinctive enough to find the page again."""
    return max(re.findall(r"\w+", title), key=len)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_finds_a_practice_example_by_browsing_and_by_searching(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    page = browser_page

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    community, example = community_and_example_linked_from(page)
    page.get_by_role("link", name=community.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(community.title)
    assert_accessible(page)
    # The community's full list of practice examples, a view of the community page's own.
    page.goto(f"{community.url}praktijkvoorbeelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Praktijkvoorbeelden")
    expect(page.get_by_role("link", name=example.title, exact=True)).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name=example.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(example.title)
    assert_accessible(page)

    word = search_word_from(example.title)
    search_box = page.locator("header input[name='q']")
    search_box.fill(word)
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.get_by_role("link", name=example.title, exact=True).first).to_be_visible()
    assert_accessible(page)

    # A concluded community shows what it left behind: its reviewed harvest.
    concluded = (
        CommunityPage.objects.live().filter(status=CommunityStatus.CONCLUDED).order_by("title")
    ).first()
    page.goto(concluded.url)
    harvest = page.get_by_role("region", name="Oogst")
    expect(harvest).to_be_visible()
    first_result = concluded.published_harvest()[0][0]
    expect(harvest.get_by_role("link", name=first_result.title, exact=True)).to_be_visible()
    assert_accessible(page)
