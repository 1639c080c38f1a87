"""The portal on a phone, in real Chromium with and without JavaScript: the main menu folded
behind "Menu", search results before the facets folded behind "Verfijnen", and axe on the
pages a phone visitor meets. A wide screen still shows the menu and the facets unfolded."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from home.models import ensure_section_pages
from resources.models import PracticeExamplePage

from .helpers import assert_accessible, serve_default_site_from

PHONE = {"width": 375, "height": 740}
WIDE = {"width": 1280, "height": 800}
# The folded menu may take this share of a phone's first screen at most: a visitor should see
# the page, not the menu (unfolded, it takes several times as much).
MENU_SHARE = 0.1
SEARCH = "/zoeken/?q=loopbaan"


@pytest.fixture
def phones(live_server, browser_page):
    """A phone-sized tab with JavaScript and one without, keyed by which it is."""
    browser_page.set_viewport_size(PHONE)
    without = browser_page.context.browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport=PHONE, java_script_enabled=False
    )
    without.set_default_timeout(15_000)
    try:
        yield {"with JavaScript": browser_page, "without JavaScript": without.new_page()}
    finally:
        without.close()


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)


@pytest.fixture
def sections(live_server):
    """The home page with the sections the menu lists, and nothing else."""
    ensure_section_pages()
    serve_default_site_from(live_server)


def disclosure(page, name):
    """The toggle named `name` as Chromium tells assistive technology about it: its role and
    whether it says it is expanded, or None when it is not in the accessibility tree."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    for node in nodes:
        role = node.get("role", {}).get("value")
        if node.get("ignored") or role in {"StaticText", "InlineTextBox"}:
            continue
        if node.get("name", {}).get("value") == name:
            states = {item["name"]: item["value"].get("value") for item in node["properties"]}
            if "expanded" in states:
                return role, states["expanded"]
    return None


def top(locator):
    return locator.bounding_box()["y"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_menu_folds_away_on_a_phone_and_opens_without_javascript(sections, phones):
    for kind, page in phones.items():
        page.goto("/")
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        links = menu.get_by_role("link", include_hidden=True)
        toggle = menu.locator("summary")
        expect(toggle).to_have_text("Menu")
        expect(toggle).to_be_visible()
        assert links.count() >= 3, kind
        for link in links.all():
            expect(link).to_be_hidden()
        height = menu.bounding_box()["height"]
        assert height <= MENU_SHARE * PHONE["height"], f"{kind}: the menu is {height}px high"

        toggle.click()
        for link in links.all():
            expect(link).to_be_visible()
        # Open, the menu still marks the section the visitor is in.
        section = links.filter(has_text="Wie weet wat")
        section.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Wie weet wat")
        page.get_by_role("navigation", name="Hoofdmenu").locator("summary").click()
        expect(section).to_be_visible()
        expect(section).to_have_attribute("aria-current", "page")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_menu_toggle_is_a_named_keyboard_control_and_gone_on_a_wide_screen(
    sections, browser_page
):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    toggle = menu.locator("summary")
    first_link = menu.get_by_role("link", include_hidden=True).first
    assert disclosure(page, "Menu") == ("DisclosureTriangle", False)

    # Tab from the last control before the menu lands on the toggle; Enter opens and closes it.
    page.locator(".account-links a").last.focus()
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(first_link).to_be_visible()
    assert disclosure(page, "Menu") == ("DisclosureTriangle", True)
    page.keyboard.press("Tab")
    expect(first_link).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(first_link).to_be_hidden()

    # On a wide screen the sections stand in a row, with no toggle to find first.
    page.set_viewport_size(WIDE)
    page.reload()
    expect(toggle).to_be_hidden()
    assert disclosure(page, "Menu") is None
    links = menu.get_by_role("link").all()
    for link in links:
        expect(link).to_be_visible()
    assert len({top(link) for link in links}) == 1, "the sections are not in one row"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_shows_the_results_before_the_facets_folded_on_a_phone_and_beside_when_wide(
    demo_site, phones
):
    for kind, page in phones.items():
        page.goto(SEARCH)
        first_result = page.locator(".search-result").first
        toggle = page.locator(".facets summary")
        facet_links = page.locator(".facets a")
        expect(first_result).to_be_visible()
        expect(toggle).to_have_text("Verfijnen")
        assert facet_links.count() >= 2, kind
        for link in facet_links.all():
            expect(link).to_be_hidden()
        # The first result's title is on the first screen, the facets' toggle below the result.
        title = first_result.locator(".search-result__title").bounding_box()
        assert title["y"] + title["height"] <= PHONE["height"], kind
        assert top(toggle) > top(first_result), kind

        toggle.click()
        expect(page.get_by_role("heading", level=3, name="Soort")).to_be_visible()
        for link in facet_links.all():
            expect(link).to_be_visible()
        assert top(facet_links.first) > top(first_result), kind

        # With a filter chosen the facets stay open, showing the filter and how to remove it.
        type_link = page.locator("section[aria-labelledby='facet-type'] a").first
        chosen = type_link.inner_text().rsplit(" (", 1)[0]
        type_link.click()
        selected = page.locator(".facet__value--selected")
        expect(selected).to_be_visible()
        expect(selected).to_contain_text(chosen)
        assert top(page.locator(".search-result").first) < top(selected), kind

    # A wide screen shows the facets as it always did: unfolded, left of the results.
    page = phones["with JavaScript"]
    page.set_viewport_size(WIDE)
    page.goto(SEARCH)
    results = page.locator(".search-layout__results")
    facets = page.locator(".facets")
    expect(page.get_by_role("heading", level=2, name="Verfijnen")).to_be_visible()
    expect(page.locator(".facets summary")).to_be_hidden()
    for link in page.locator(".facets a").all():
        expect(link).to_be_visible()
    assert facets.bounding_box()["x"] < results.bounding_box()["x"]
    assert top(facets) == pytest.approx(top(results), abs=1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_a_phone_visitor_meets_pass_axe_folded_and_unfolded(demo_site, browser_page):
    page = browser_page
    page.set_viewport_size(PHONE)
    example = PracticeExamplePage.objects.live().order_by("title").first()
    for url, toggle in [("/", "Menu"), (SEARCH, "Verfijnen"), (example.url, "Menu")]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        page.locator("summary", has_text=toggle).click()
        assert disclosure(page, toggle) == ("DisclosureTriangle", True), url
        assert_accessible(page)
