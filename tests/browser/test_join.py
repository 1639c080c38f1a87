"""Joining a community and entering its workspace, in real Chromium, with axe on every page."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from communities.models import CommunityPage, MembershipRequest, WorkspacePage

from .helpers import assert_accessible, serve_default_site_from


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_asks_to_join_and_a_member_reaches_the_workspace(live_server, browser_page):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    community = CommunityPage.objects.get(slug="loopbaanperspectief-po")
    page = browser_page

    page.goto(community.url)
    page.get_by_role("link", name="Meld je aan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld je aan")
    assert_accessible(page)

    page.get_by_role("button", name="Aanmelding versturen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Naam").fill("Fatima Yilmaz")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Waarom wil je meedoen?").fill("Ik wil leren van collega's.")
    page.get_by_role("button", name="Aanmelding versturen").click()
    confirmation = page.get_by_role("status").filter(has_text="Bedankt voor je aanmelding")
    expect(confirmation).to_be_visible()
    assert MembershipRequest.objects.filter(email="fatima@example.org").exists()

    page.get_by_role("link", name="Inloggen voor leden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("lid")
    page.get_by_label("Wachtwoord").fill("demo-lid-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn leergemeenschappen")
    assert_accessible(page)

    page.get_by_role("link", name=f"Werkruimte van {community.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkruimte")
    assert_accessible(page)

    # Another community's workspace: a page saying who may see it, not the login page again.
    other = next(
        candidate
        for candidate in CommunityPage.objects.live().exclude(pk=community.pk).order_by("title")
        if candidate.accepts_members
    )
    page.goto(WorkspacePage.objects.child_of(other).get().url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deze pagina is niet voor jou zichtbaar"
    )
    expect(page.get_by_role("link", name=f"Aanmelden bij {other.title}")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen voor leden")).to_be_visible()
    # Logged out, the workspace asks for a login again.
    page.goto(WorkspacePage.objects.child_of(community).get().url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
