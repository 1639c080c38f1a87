"""What the WCAG 2.1 AA audit checked by hand and axe cannot: reflow at 320 px, a visible focus
on everything a keyboard reaches, contrast in the project's own admin templates, and Escape in
the search box. A fixed sample of pages from the demo content, in real Chromium."""

import io
import re

from django.core.management import call_command
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from communities.factories import CommunityPageFactory, SelfEvaluationFactory
from communities.models import CommunityPage, MembershipRequest
from communities.models.monitor import quarter_of
from communities.roles import ensure_site_groups
from resources.models import EventPage, PracticeExamplePage

from .helpers import serve_default_site_from

# The narrowest width WCAG 1.4.10 asks content to reflow to without scrolling sideways.
REFLOW_WIDTH = 320

# Boxes that stick out of the viewport. An element inside a scroll box that itself fits (a wide
# table in its own scroll region) scrolls there, not the page; content clipped to a 1 px box
# (visually hidden text, the honeypot) is meant to be out of sight.
WIDER_THAN_VIEWPORT = """
() => {
    const width = document.documentElement.clientWidth;
    const describe = (el) =>
        el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
    function excused(el) {
        for (let box = el; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            const rect = box.getBoundingClientRect();
            if (style.overflowX !== "visible" && rect.width <= 1 && rect.height <= 1) return true;
            if (/auto|scroll/.test(style.overflowX) && rect.left >= 0 && rect.right <= width) {
                return true;
            }
        }
        return false;
    }
    const offenders = [];
    for (const el of document.body.querySelectorAll("*")) {
        const rect = el.getBoundingClientRect();
        if (!rect.width && !rect.height) continue;
        if (rect.left < -0.5 || rect.right > width + 0.5) {
            if (!excused(el)) {
                const span = `${Math.round(rect.left)} to ${Math.round(rect.right)}`;
                offenders.push(`${describe(el)} (${span})`);
            }
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, width, offenders};
}
"""

# For each element a keyboard reaches: its look unfocused and focused. The page has had a key
# pressed first, so Chromium applies :focus-visible to focus() as it does to Tab.
FOCUS_CHANGES = """
() => {
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
        + "[tabindex]";
    const properties = [
        "outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "borderTopColor",
        "borderBottomColor", "backgroundColor", "color", "textDecorationLine",
    ];
    const look = (el) => {
        const style = getComputedStyle(el);
        const values = properties.map((name) => style[name]);
        // An outline of style none or width 0 draws nothing, whatever its colour.
        if (style.outlineStyle === "none" || style.outlineWidth === "0px") {
            values[0] = values[1] = values[2] = "";
        }
        return values.join("|");
    };
    const unchanged = [];
    let checked = 0;
    for (const el of document.querySelectorAll(selector)) {
        if (el.tabIndex < 0 || el.disabled || !el.getClientRects().length) continue;
        if (getComputedStyle(el).visibility === "hidden") continue;
        document.activeElement && document.activeElement.blur();
        const before = look(el);
        el.focus();
        if (document.activeElement !== el) continue;
        checked += 1;
        if (look(el) === before) {
            unchanged.push(el.outerHTML.slice(0, 120));
        }
        el.blur();
    }
    return {checked, unchanged};
}
"""

# Contrast from computed styles, as the audit measured it: text against the first opaque
# background behind it, a form field's border against what surrounds the field. Colours go
# through a canvas, so whatever notation the browser computes comes back as sRGB.
CONTRAST = """
(selector) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", {willReadFrequently: true});
    const rgba = (color) => {
        context.clearRect(0, 0, 1, 1);
        context.fillStyle = "#000";
        context.fillStyle = color;
        context.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
        return [r, g, b, a / 255];
    };
    const over = ([r, g, b, a], [R, G, B]) =>
        [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
    const backgroundOf = (el) => {
        const layers = [];
        for (let node = el; node; node = node.parentElement) {
            const color = rgba(getComputedStyle(node).backgroundColor);
            if (color[3] > 0) layers.push(color);
            if (color[3] === 1) break;
        }
        return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const luminance = ([r, g, b]) => {
        const channel = (value) => {
            value /= 255;
            return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (one, two) => {
        const [light, dark] = [luminance(one), luminance(two)].sort((a, b) => b - a);
        return (light + 0.05) / (dark + 0.05);
    };
    const results = [];
    for (const el of document.querySelectorAll(selector)) {
        if (!el.getClientRects().length) continue;
        const style = getComputedStyle(el);
        const background = backgroundOf(el);
        const field = ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName);
        const name = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (name && !field) {
            results.push({
                element: name, kind: "text", needed: large ? 3 : 4.5,
                ratio: ratio(over(rgba(style.color), background), background),
            });
        }
        // WCAG 1.4.11 asks a visible boundary of form fields; a button is known by its text.
        if (field && parseFloat(style.borderTopWidth) > 0 && style.borderTopStyle !== "none") {
            const surroundings = el.parentElement ? backgroundOf(el.parentElement) : background;
            results.push({
                element: el.name || el.id, kind: "border", needed: 3,
                ratio: ratio(over(rgba(style.borderTopColor), surroundings), surroundings),
            });
        }
    }
    return results;
}
"""


def previous_quarter(period):
    year, quarter = map(int, period.split("-"))
    return f"{year - 1}-4" if quarter == 1 else f"{year}-{quarter - 1}"


def sample_pages():
    """The audit's sample: one page of each kind a visitor meets, Dutch and English home."""
    community = CommunityPage.objects.get(slug="loopbaanperspectief-po")
    # The monitor shows its score table and its trend: two finished quarters with scores.
    last = previous_quarter(quarter_of(timezone.localdate()))
    for period in (previous_quarter(last), last):
        for _ in range(3):
            SelfEvaluationFactory(
                community=community, period=period, scores=[4, 3, 5, 2, 1, 3, 4, 5]
            )
    event = (
        EventPage.objects.live()
        .filter(start__gte=timezone.now())
        .exclude(registration_url="")
        .order_by("start")
        .first()
    )
    example = PracticeExamplePage.objects.live().order_by("title").first()
    return {
        "home": "/",
        "home (English)": "/en/",
        "community": community.url,
        "event": event.url,
        "practice example": example.url,
        "search results": "/zoeken/?q=loopbaan",
        "monitor": f"{community.url}bouwstenen/",
        "Wie weet wat": "/wie-weet-wat/",
        "join form": community.url + community.reverse_subpage("join"),
        "login": "/account/inloggen/",
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sample_pages_reflow_at_320_px_and_show_focus_on_every_control(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    pages = sample_pages()
    page = browser_page
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})

    reflow_failures = {}
    focus_failures = {}
    for name, url in pages.items():
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if name == "event":
            expect(
                page.get_by_role("link", name="Aanmelden voor deze bijeenkomst")
            ).to_be_visible()
        if name == "monitor":
            # The score table scrolls in a region of its own, named by its caption.
            scores = page.get_by_role(
                "region", name=re.compile(r"^Gemiddelde score .*deelnemers\)$")
            )
            expect(scores.get_by_role("table")).to_be_visible()
        layout = page.evaluate(WIDER_THAN_VIEWPORT)
        if layout["scrollWidth"] > REFLOW_WIDTH or layout["offenders"]:
            reflow_failures[name] = layout
        page.keyboard.press("Shift")
        focus = page.evaluate(FOCUS_CHANGES)
        assert focus["checked"], f"No focusable element checked on {name} ({url})."
        if focus["unchanged"]:
            focus_failures[name] = focus["unchanged"]

    assert not reflow_failures, f"Pages that do not reflow at {REFLOW_WIDTH} px: {reflow_failures}"
    assert not focus_failures, f"Focusable elements without a visible focus: {focus_failures}"


def published_community(title):
    """A published community, through a revision as the admin publishes, so it is indexed."""
    ensure_site_groups()
    community = CommunityPageFactory(title=title)
    community.save_revision().publish()
    return CommunityPage.objects.get(pk=community.pk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_join_request_admin_screens_have_enough_contrast(
    live_server, browser_page, django_user_model
):
    community = published_community("Loopbaanperspectief in het primair onderwijs")
    serve_default_site_from(live_server)
    moderator = django_user_model.objects.create_user(
        "moderator", "moderator@example.org", "wachtwoord-123"
    )
    moderator.groups.add(community.moderators_group)
    join_request = MembershipRequest.objects.create(
        community=community,
        name="Fatima Yilmaz",
        email="fatima@example.org",
        motivation="Ik wil leren hoe collega's loopbaanpaden vormgeven.",
    )
    page = browser_page

    inspect = f"/admin/communities/membershiprequest/inspect/{join_request.pk}/"
    page.goto(f"/account/inloggen/?next={inspect}")
    page.get_by_label("Gebruikersnaam").fill("moderator")
    page.get_by_label("Wachtwoord").fill("wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Afwijzen…")).to_be_visible()
    # The project's own part of the inspect view is its footer with the two actions.
    measured = page.evaluate(CONTRAST, "footer .button, footer button")
    assert {item["element"] for item in measured} == {"Goedkeuren", "Afwijzen…"}
    too_low = [item for item in measured if item["ratio"] < item["needed"]]
    assert not too_low, f"Too little contrast on {page.url}: {too_low}"

    # The decline form is the project's own template throughout.
    page.get_by_role("link", name="Afwijzen…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanmelding afwijzen")
    measured = page.evaluate(CONTRAST, "main .button, main button, main input, main textarea")
    assert {"Afwijzen", "Annuleren"} <= {item["element"] for item in measured}
    assert any(item["kind"] == "border" for item in measured)
    too_low = [item for item in measured if item["ratio"] < item["needed"]]
    assert not too_low, f"Too little contrast on {page.url}: {too_low}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_escape_closes_the_suggestions_and_keeps_the_typed_text(live_server, browser_page):
    published_community("Loopbaanperspectief in het primair onderwijs")
    serve_default_site_from(live_server)
    page = browser_page

    page.goto("/")
    search_box = page.locator("header input[name='q']")
    search_box.press_sequentially("Loopbaan", delay=30)
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option").first).to_be_visible()

    search_box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(search_box).to_have_attribute("aria-expanded", "false")
    expect(search_box).to_have_value("Loopbaan")
    expect(search_box).to_be_focused()

    # With the list closed, a second Escape clears the box, as a search field does.
    search_box.press("Escape")
    expect(search_box).to_have_value("")
