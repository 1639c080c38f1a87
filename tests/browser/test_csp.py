"""The Content-Security-Policy in real Chromium: public pages and the admin's page editor run
without a single violation, so the policy blocks nothing the portal itself needs."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from communities.models import CommunityPage

from .helpers import serve_default_site_from

# Runs in every frame before the page's own scripts; Chromium fires this event for each
# blocked script, style, image, frame or request, including inline ones.
VIOLATION_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.portalReportViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `in ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`
    );
});
"""


class Violations:
    """Every CSP violation in a tab: the events, and the browser's messages in the console."""

    def __init__(self, page):
        self.found = []
        page.expose_function("portalReportViolation", self.report)
        page.add_init_script(VIOLATION_LISTENER)
        page.on("console", self.console)

    def report(self, text):
        self.found.append(text)

    def console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.found.append(f"console: {text}")

    def assert_none(self, where):
        assert not self.found, f"CSP violations {where}:\n" + "\n".join(self.found)


def policy_of(response):
    policy = response.header_value("content-security-policy")
    assert policy, f"{response.url} has no Content-Security-Policy"
    return policy


def monitored_community():
    """A community whose page shows the building-block chart."""
    community = CommunityPage.objects.get(slug="leernetwerk-cultuureducatie-twente")
    assert community.self_evaluations.exists()
    return community


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_pages_run_under_the_policy_without_violations(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    page = browser_page
    violations = Violations(page)

    response = page.goto("/")
    assert "script-src 'self'" in policy_of(response)
    assert "unsafe-inline" not in policy_of(response)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Suggestions come from a script file and a request to the portal itself.
    search_box = page.locator("header input[name='q']")
    search_box.press_sequentially("Loopbaan", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    search_box.press("Enter")
    expect(page.get_by_role("heading", level=2, name="Verfijnen")).to_be_visible()

    community = monitored_community()
    policy_of(page.goto(community.url))
    expect(page.get_by_role("img", name="Gemiddelde score per bouwsteen")).to_be_visible()
    # The chart keeps its size without a style attribute.
    chart_width = page.locator(".bar-chart svg").first.bounding_box()["width"]
    assert 0 < chart_width <= 30 * 16

    # Served again, now from the page cache, with the same policy.
    cached = page.goto(community.url)
    assert cached.header_value("x-portal-cache") == "hit"
    policy_of(cached)
    page.wait_for_load_state("load")
    violations.assert_none("on the public pages")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_page_editor_runs_under_the_admin_policy_without_violations(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    community = CommunityPage.objects.get(slug="loopbaanperspectief-po")
    page = browser_page
    violations = Violations(page)

    # A moderator edits their own community's pages.
    page.goto("/admin/login/")
    page.locator("input[name='username']").fill("moderator")
    page.locator("input[name='password']").fill("demo-moderator-2026")
    page.locator("form button[type='submit']").click()
    expect(page.locator("h1").first).to_be_visible()

    # The public page with Wagtail's userbar, which loads the admin's scripts and styles.
    policy_of(page.goto(community.url))
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    expect(page.locator("wagtail-userbar").get_by_role("menu")).to_be_visible()

    response = page.goto(f"/admin/pages/{community.pk}/edit/")
    admin_policy = policy_of(response)
    assert "frame-ancestors 'self'" in admin_policy
    expect(page.get_by_role("textbox", name="Titel")).to_have_value(community.title)
    # The live preview shows the page in a frame.
    page.get_by_role("button", name="Toon/verberg voorvertoning").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(community.title)

    # A new practice example: typing in its rich text fields uses Draftail.
    page.goto(f"/admin/pages/add/resources/practiceexamplepage/{community.pk}/")
    editor = page.locator(".Draftail-Editor [contenteditable='true']").first
    editor.click()
    page.keyboard.type("Samen lesgeven in de bovenbouw.")
    expect(editor).to_contain_text("Samen lesgeven in de bovenbouw.")
    page.wait_for_load_state("load")
    violations.assert_none("in the admin")
