"""Following a community by email in real Chromium, with axe on every page: the form, the
confirmation, the digest's one-click unsubscribe and the preferences page."""

import io
import re
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from communities.models import CommunityPage
from exchange.following.models import Follow
from resources.factories import PracticeExamplePageFactory
from tests.exchange.discussions.helpers import settle

from .helpers import assert_accessible, serve_default_site_from


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def link_in(body, fragment):
    return next(url for url in re.findall(r"https?://\S+", body) if fragment in url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_follows_a_community_and_unsubscribes_from_the_digest_in_one_click(
    live_server, browser_page
):
    call_command("load_demo_content", stdout=io.StringIO())
    serve_default_site_from(live_server)
    community = CommunityPage.objects.live().public().order_by("pk").first()
    page = browser_page

    page.goto(community.url)
    page.get_by_role("link", name=f"Volg {community.title} per e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Volg {community.title}")
    assert_accessible(page)
    page.get_by_role("button", name="Volgen").click()
    # Without an address the form says what is missing, and stores nothing.
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Je e-mailadres").fill("volger@example.org")
    page.get_by_label("Eén keer per week, in een overzicht").check()
    page.get_by_role("button", name="Volgen").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("link om te bevestigen")
    assert_accessible(page)

    call_command("send_queued_mail", verbosity=0)
    [confirmation] = mail.outbox
    page.goto(f"{live_server.url}{path_of(link_in(confirmation.body, '/volgen/bevestigen/'))}")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, ik wil volgen").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        f"Je volgt nu {community.title}"
    )
    assert Follow.objects.get(email="volger@example.org").confirmed_at is not None

    PracticeExamplePageFactory(
        parent=community, title="Nieuw voor volgers"
    ).save_revision().publish()
    settle()
    call_command("send_digests", "--frequency=wekelijks", stdout=io.StringIO())
    call_command("send_queued_mail", verbosity=0)
    digest = mail.outbox[-1]
    assert "Nieuw voor volgers" in digest.body

    page.goto(f"{live_server.url}{path_of(link_in(digest.body, '/volgen/voorkeuren/'))}")
    expect(page.get_by_role("group", name=community.title)).to_be_visible()
    assert_accessible(page)

    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(f"{live_server.url}{path_of(unsubscribe)}")
    assert_accessible(page)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("Je bent afgemeld")
    assert not Follow.objects.filter(email="volger@example.org").exists()
