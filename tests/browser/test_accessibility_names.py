"""What axe does not check, in real Chromium: every form control in the admin screens members
and moderators use has an accessible name (the rich-text editors too, wagtail/wagtail#14205),
and a public form that comes back with errors moves the focus to its error summary and says
so in the page title."""

import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.models import Page

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from communities.factories import CommunityPageFactory, PersonFactory
from communities.models import MembershipRequest, WorkspaceItemPage, WorkspacePage
from communities.roles import ensure_site_groups
from home.models import ensure_section_pages

from .helpers import serve_default_site_from

DASH = "\N{EN DASH}"
PASSWORD = "Een-lang-wachtwoord-42"

# What the walk checks: the controls of HTML and those an ARIA role makes one.
CONTROLS = (
    "input, select, textarea, [contenteditable=''], [contenteditable='true'],"
    " [role='textbox'], [role='combobox']"
)


def accessible_names(page):
    """(description, role, computed name) of every control in the accessibility tree.

    Chromium's own computation, as a screen reader receives it; controls it leaves out of the
    tree (hidden ones, type="hidden") have no name to give.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = []
        for node_id in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": CONTROLS})[
            "nodeIds"
        ]:
            try:
                nodes = cdp.send(
                    "Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False}
                )["nodes"]
            except PlaywrightError:
                continue  # removed from the page since it was found: no longer there to name
            node = next((node for node in nodes if not node.get("ignored")), None)
            if node is None:
                continue
            attributes = cdp.send("DOM.getAttributes", {"nodeId": node_id})["attributes"]
            described = dict(zip(attributes[::2], attributes[1::2], strict=True))
            tag = cdp.send("DOM.describeNode", {"nodeId": node_id})["node"]["localName"]
            description = tag + "".join(
                f"[{key}={described[key]}]"
                for key in ("id", "name", "type", "class")
                if key in described
            )
            found.append(
                (description, node["role"]["value"], node.get("name", {}).get("value", "").strip())
            )
        return found
    finally:
        cdp.detach()


def published(page):
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def admin_log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def build_community():
    """A community with a workspace page holding a rich-text block, a join request, and a
    moderator and a member."""
    ensure_site_groups()
    community = published(CommunityPageFactory(title="Kenniskring Mentoraat", slug="mentoraat"))
    workspace = WorkspacePage.objects.child_of(community).get()
    notes = workspace.add_child(
        instance=WorkspaceItemPage(
            title="Notulen",
            slug="notulen",
            body=json.dumps([{"type": "paragraph", "value": "<p>Wat we afspraken.</p>"}]),
        )
    )
    MembershipRequest.objects.create(
        community=community, name="Fatima Yilmaz", email="fatima@example.org"
    )
    users = get_user_model().objects
    users.create_user("moderator", "moderator@example.org", PASSWORD).groups.add(
        community.moderators_group
    )
    users.create_user("lid", "lid@example.org", PASSWORD).groups.add(community.members_group)
    return community, workspace, notes


def nameless_controls(page):
    """The controls without a name on the page, in each of its tabs."""
    page.wait_for_load_state("load")
    tabs = page.locator("[role='tab']:visible")
    nameless = set()
    for index in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(index).click()
        # Collapsed panels hide their fields from the accessibility tree too.
        for toggle in page.locator("[data-panel-toggle][aria-expanded='false']:visible").all():
            toggle.click()
        nameless |= {(role, what) for what, role, name in accessible_names(page) if not name}
    return sorted(nameless)


def assert_rich_text_named(page, expected):
    editors = page.locator("[data-draftail-editor-wrapper] [role='textbox']")
    expect(editors).to_have_count(len(expected))
    for index, name in enumerate(expected):
        expect(editors.nth(index)).to_have_accessible_name(name)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_control_in_the_members_and_moderators_admin_has_a_name(live_server, browser_page):
    serve_default_site_from(live_server)
    community, workspace, notes = build_community()
    page = browser_page

    admin_log_in(page, "moderator")
    page.goto(f"/admin/pages/{community.pk}/edit/")
    expect(page.get_by_role("textbox", name="Zo doe je mee")).to_be_visible()
    screens = {"community editor": nameless_controls(page)}
    page.goto(f"/admin/pages/{notes.pk}/edit/")
    assert_rich_text_named(page, ["Tekst"])
    screens["workspace page editor"] = nameless_controls(page)
    page.goto("/admin/communities/membershiprequest/")
    inspect_url = page.get_by_role("link", name="Fatima Yilmaz").get_attribute("href")
    screens["join requests"] = nameless_controls(page)
    for url in (
        inspect_url,
        inspect_url.replace("/inspect/", "/decline/"),
        "/admin/",
        f"/admin/pages/{workspace.pk}/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/kennisvragen/",
        "/admin/account/",
    ):
        page.goto(url)
        screens[url] = nameless_controls(page)

    admin_log_in(page, "lid")
    page.goto(f"/admin/pages/add/communities/workspaceitempage/{workspace.pk}/")
    page.get_by_role("button", name="Invoegen").first.click()
    page.get_by_role("option", name="Tekst").click()
    assert_rich_text_named(page, ["Tekst"])
    screens["new workspace page"] = nameless_controls(page)

    assert not {screen: found for screen, found in screens.items() if found}


def submit_with_errors(page, button, title):
    """Send the form on the page empty: it comes back titled an error, focused on its summary,
    whose links each lead to a control of the form."""
    expect(page).to_have_title(f"{title} | {settings.WAGTAIL_SITE_NAME}")
    page.get_by_role("button", name=button).click()
    expect(page).to_have_title(f"Fout: {title} | {settings.WAGTAIL_SITE_NAME}")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_role("alert")
    links = summary.get_by_role("link")
    expect(links.first).to_be_visible()
    for link in links.all():
        expect(page.locator(link.get_attribute("href"))).to_be_attached()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_form_with_errors_takes_the_focus_to_its_summary_and_says_so_in_the_title(
    live_server, browser_page
):
    serve_default_site_from(live_server)
    community, workspace, _notes = build_community()
    sections = ensure_section_pages()
    directory = sections["experts"]
    expert = PersonFactory(
        name="Sanne de Vries", email="sanne@example.org", consent_to_contact=True
    )
    page = browser_page

    # Nothing takes the focus on arrival: a screen reader starts at the heading and the
    # introduction that say whose login this is.
    page.goto("/account/inloggen/")
    expect(page.locator("body")).to_be_focused()
    submit_with_errors(page, "Inloggen", "Inloggen")

    page.goto(community.url + community.reverse_subpage("join"))
    submit_with_errors(page, "Aanmelding versturen", f"Meld je aan {DASH} Kenniskring Mentoraat")
    page.goto(sections["questions"].url)
    submit_with_errors(page, "Verder", sections["questions"].title)
    page.goto(directory.url + directory.reverse_subpage("contact", args=(expert.pk,)))
    submit_with_errors(
        page, "Bericht versturen", f"Contact met {expert.name} {DASH} {directory.title}"
    )

    page.get_by_role("link", name="Inloggen voor leden").click()
    page.get_by_label("Gebruikersnaam").fill("lid")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{community.url}bouwstenen/invullen/")
    submit_with_errors(page, "Scores versturen", f"Vul de monitor in {DASH} Kenniskring Mentoraat")

    # The workspace's pages are written in the admin, whose own message takes the focus.
    page.goto(f"/admin/pages/add/communities/workspaceitempage/{workspace.pk}/")
    expect(page).not_to_have_title(re.compile("^Fout"))
    page.get_by_role("button", name="Bewaar concept").click()
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.locator(".messages li.error")).to_be_focused()
