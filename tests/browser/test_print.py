"""A practice example or tool printed: its content alone, with the address of each link, in
Chromium."""

import pytest

from communities.factories import CommunityPageFactory
from home.models import ensure_section_pages
from resources.factories import PracticeExamplePageFactory, ToolPageFactory

from .helpers import serve_default_site_from


def shown(page, selector):
    return page.locator(selector).first.is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("factory", "rich_text_field"),
    [(PracticeExamplePageFactory, "approach"), (ToolPageFactory, "how_to_use")],
)
def test_a_printed_result_is_its_content_with_link_addresses(
    live_server, browser_page, factory, rich_text_field
):
    ensure_section_pages()
    serve_default_site_from(live_server)
    community = CommunityPageFactory(title="Kenniskring mentoraat")
    example = factory(
        parent=community,
        title="Mentoraat in de brugklas",
        **{rich_text_field: '<p>Zie <a href="https://www.example.nl/gids">de gids</a>.</p>'},
    )
    example.save_revision().publish()
    page = browser_page
    page.goto(example.url)

    on_screen = {name: shown(page, selector) for name, selector in SCREEN_ONLY.items()}
    page.emulate_media(media="print")

    assert all(on_screen.values()), on_screen
    for name, selector in SCREEN_ONLY.items():
        assert not shown(page, selector), f"{name} is printed"
    assert page.get_by_role("heading", name="Mentoraat in de brugklas").is_visible()
    link_after = page.locator('main a[href="https://www.example.nl/gids"]').evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    # Chromium gives the declared value, or the address it stands for.
    assert "attr(href)" in link_after or "example.nl/gids" in link_after, link_after


SCREEN_ONLY = {
    "the menu": ".main-nav",
    "the search box": ".site-header form",
    "the footer": ".site-footer",
}
