"""Discussions in a community's workspace, in real Chromium with axe on every page: a member
starts one, another replies from the post's "Reageer" link by keyboard and the first hears of
it by email, and the moderator pins it and makes a practice example of it, which the editors
publish and the discussion then links to. The discussion page also fits a phone."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

import pytest
from playwright.sync_api import expect

from communities.factories import CommunityPageFactory
from communities.models import CommunityPage, WorkspacePage
from communities.roles import EDITORS_GROUP, ensure_site_groups
from exchange.models import Discussion, Post
from home.models import ensure_section_pages
from resources.models import PracticeExamplePage

from .helpers import assert_accessible, serve_default_site_from, wait_for_admin_messages
from .test_accessibility_audit import FOCUS_CHANGES, WIDER_THAN_VIEWPORT
from .test_accessibility_names import DASH, submit_with_errors

PASSWORD = "Een-lang-wachtwoord-42"
PHONE = {"width": 375, "height": 740}
COMMUNITY = "Kenniskring Mentoraat"
TITLE = "Mentorgesprekken met ouders"
OPENING = "Hoe bereiden jullie een mentorgesprek met ouders voor?"
REPLY = "Wij sturen de vragen een week vooraf naar huis."


@pytest.fixture
def community(live_server):
    """A published community with its workspace: two members, a moderator, and an editor."""
    ensure_site_groups()
    ensure_section_pages()
    serve_default_site_from(live_server)
    community = CommunityPageFactory(title=COMMUNITY, slug="mentoraat")
    community.save_revision().publish()
    community = CommunityPage.objects.get(pk=community.pk)
    users = get_user_model().objects
    for username, first, last, group in (
        ("anna", "Anna", "de Vries", community.members_group),
        ("piet", "Piet", "Visser", community.members_group),
        ("moderator", "Mo", "Bakker", community.moderators_group),
        ("redacteur", "Eva", "Smit", Group.objects.get(name=EDITORS_GROUP)),
    ):
        user = users.create_user(
            username, f"{username}@example.org", PASSWORD, first_name=first, last_name=last
        )
        user.groups.add(group)
    return community


@pytest.fixture
def second_tab(live_server, browser_page):
    """A tab of its own browser context, for a second person logged in at the same time."""
    context = browser_page.context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, username):
    """Log in through the site's login form, from the link in the header of every page."""
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="Inloggen voor leden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn leergemeenschappen")


def open_discussion(page):
    """From the member's own page through the workspace to the discussion."""
    page.get_by_role("link", name=f"Werkruimte van {COMMUNITY}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkruimte")
    page.get_by_role("region", name="Gesprekken").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def post_by(page, name):
    """The post whose byline starts with `name`: an article named by its byline."""
    return page.get_by_role("article", name=re.compile(rf"^{re.escape(name)},"))


def assert_focus_visible(page):
    """Every control a keyboard reaches on the page looks different when focused
    (test_accessibility_audit's check)."""
    page.keyboard.press("Shift")
    focus = page.evaluate(FOCUS_CHANGES)
    assert focus["checked"], f"No focusable element checked on {page.url}."
    assert not focus["unchanged"], f"Without a visible focus on {page.url}: {focus['unchanged']}"


def assert_actions_are_controls(post, names):
    """The post's actions, in order, each a link or a button."""
    actions = post.locator(".post__actions")
    expect(actions.get_by_role("listitem")).to_have_count(len(names))
    expect(actions.locator("li:not(:has(> a[href], > button))")).to_have_count(0)
    expect(actions.get_by_role("link")).to_have_text(names)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_members_talk_and_the_moderator_makes_a_practice_example_of_it(
    community, browser_page, second_tab
):
    page = browser_page
    workspace = WorkspacePage.objects.child_of(community).get()

    # 1. Anna starts a discussion from the workspace page.
    log_in(page, "anna")
    page.get_by_role("link", name=f"Werkruimte van {COMMUNITY}").click()
    expect(page).to_have_url(re.compile(re.escape(workspace.url) + "$"))
    discussions = page.get_by_role("region", name="Gesprekken")
    expect(discussions).to_contain_text("Er is nog geen gesprek. Begin er een!")
    assert_accessible(page)

    discussions.get_by_role("link", name="Start een gesprek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start een gesprek")
    assert_accessible(page)
    submit_with_errors(page, "Plaats het gesprek", f"Start een gesprek {DASH} {COMMUNITY}")
    expect(page.locator(".error-summary")).to_contain_text("Onderwerp")
    expect(page.locator(".error-summary")).to_contain_text("Je bericht")
    assert_accessible(page)

    page.get_by_role("textbox", name="Onderwerp").fill(TITLE)
    page.get_by_role("textbox", name="Je bericht").fill(
        f"{OPENING}\n\nWij gebruiken een **vragenlijst** vooraf."
    )
    page.get_by_role("button", name="Plaats het gesprek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    opening = post_by(page, "Anna de Vries")
    expect(opening).to_contain_text(OPENING)
    expect(opening.locator("strong", has_text="vragenlijst")).to_be_visible()
    discussion = Discussion.objects.get(title=TITLE)
    assert discussion.community_id == community.pk
    assert_actions_are_controls(opening, ["Reageer", "Bewerk", "Verwijder"])
    assert_accessible(page)

    # 2. Piet, logged in at the same time, replies to Anna's post, by keyboard. The post's
    # actions are links, each with a visible focus (test_accessibility_audit's check).
    mail.outbox.clear()
    other = second_tab
    log_in(other, "piet")
    open_discussion(other)
    opening = post_by(other, "Anna de Vries")
    assert_actions_are_controls(opening, ["Reageer", "Meld aan de moderatoren"])
    assert_focus_visible(other)
    assert_accessible(other)

    # Tab from the link above the heading reaches the first post's "Reageer"; Enter opens the
    # reply form, and Tab goes on into it.
    opening_pk = Post.objects.get(discussion=discussion, parent=None).pk
    other.locator(".page-header").get_by_role("link", name="Gesprekken").focus()
    other.keyboard.press("Tab")
    expect(opening.get_by_role("link", name="Reageer")).to_be_focused()
    other.keyboard.press("Enter")
    expect(other).to_have_url(re.compile(rf"\?reageer={opening_pk}#reageren$"))
    reply_section = other.get_by_role("region", name="Reageer op Anna de Vries")
    expect(reply_section).to_be_visible()
    other.keyboard.press("Tab")
    expect(
        reply_section.get_by_role("link", name="Reageer liever op het hele gesprek")
    ).to_be_focused()
    other.keyboard.press("Tab")
    text_box = reply_section.get_by_role("textbox", name="Je reactie")
    expect(text_box).to_be_focused()
    other.keyboard.type(REPLY)
    # Past the attachments and the list of whom a post can mention, to the button.
    other.keyboard.press("Tab")
    expect(reply_section.get_by_label("Bijlagen")).to_be_focused()
    other.keyboard.press("Tab")
    expect(reply_section.get_by_text("Wie kun je noemen?")).to_be_focused()
    other.keyboard.press("Tab")
    expect(reply_section.get_by_role("button", name="Plaats je reactie")).to_be_focused()
    assert_accessible(other)
    other.keyboard.press("Enter")

    expect(other).to_have_url(re.compile(r"#bericht-\d+$"))
    reply = Post.objects.get(discussion=discussion, text=REPLY)
    expect(other).to_have_url(re.compile(rf"#bericht-{reply.pk}$"))
    assert reply.parent_id == opening_pk
    answer = post_by(other, "Piet Visser")
    expect(answer).to_contain_text(REPLY)
    expect(other.locator(".posts--replies").get_by_role("article")).to_have_count(1)
    assert_accessible(other)

    # Anna hears of it by email, with a link to the reply, once the mail worker has sent what
    # the reply queued.
    call_command("send_queued_mail", verbosity=0)
    notice = [message for message in mail.outbox if message.to == ["anna@example.org"]]
    assert len(notice) == 1, [(message.to, message.subject) for message in mail.outbox]
    assert notice[0].subject == f"Nieuwe reactie in '{TITLE}'"
    assert f"#bericht-{reply.pk}" in notice[0].body
    assert not [message for message in mail.outbox if "piet@example.org" in message.to]

    # 3. The moderator pins the discussion and makes a practice example of both posts.
    log_in(page, "moderator")
    open_discussion(page)
    moderation = page.get_by_role("region", name="Moderatie")
    moderation.get_by_role("button", name="Zet bovenaan vast").click()
    expect(
        page.get_by_role("status").filter(has_text="Het gesprek staat nu bovenaan.")
    ).to_be_visible()
    expect(page.locator(".page-header .badge")).to_have_text("Vastgezet")
    expect(moderation.get_by_role("button", name="Niet meer vastzetten")).to_be_visible()
    assert Discussion.objects.get(pk=discussion.pk).pinned
    assert_actions_are_controls(
        post_by(page, "Anna de Vries"),
        ["Reageer", "Meld aan de moderatoren", "Verplaats", "Verwijder als moderator"],
    )
    assert_accessible(page)

    moderation.get_by_role("link", name="Maak er een praktijkvoorbeeld van").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maak er een praktijkvoorbeeld van")
    assert_accessible(page)
    submit_with_errors(
        page, "Maak het concept", f"Maak er een praktijkvoorbeeld van {DASH} {TITLE}"
    )
    assert_accessible(page)
    posts = page.get_by_role("group", name="Berichten om mee te beginnen")
    posts.get_by_role("checkbox", name=re.compile(r"^Anna de Vries: ")).check()
    posts.get_by_role("checkbox", name=re.compile(r"^Piet Visser: ")).check()
    page.get_by_role("button", name="Maak het concept").click()

    draft = PracticeExamplePage.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/admin/pages/{draft.pk}/edit/$"))
    expect(page.get_by_role("status")).to_contain_text("Het concept staat klaar.")
    expect(page.get_by_role("textbox", name="Titel*")).to_have_value(TITLE)
    expect(page.get_by_role("textbox", name="Inleiding")).to_have_value(OPENING)
    expect(page.get_by_role("textbox", name="Aanpak")).to_contain_text(REPLY)
    assert not draft.live
    assert draft.get_parent().pk == community.pk
    assert Discussion.objects.get(pk=discussion.pk).result_id == draft.pk
    wait_for_admin_messages(page)
    assert_accessible(page)

    # The moderator sends it to review, as on their workbench (test_workbench.py).
    page.locator("footer").get_by_role("button", name=re.compile("Resultaten-review")).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Pagina '{TITLE}' is ter goedkeuring ingediend."
    )
    draft = PracticeExamplePage.objects.get(pk=draft.pk)
    assert draft.workflow_in_progress

    # Until an editor approves it, only the moderators see that a draft came of it.
    page.goto(reverse("discussions:detail", args=[discussion.pk]))
    expect(page.get_by_role("link", name="Bewerk het concept")).to_be_visible()
    other.reload()
    expect(other.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(other.get_by_role("link", name="Bewerk het concept")).to_have_count(0)
    expect(other.locator(".notice").filter(has_text="praktijkvoorbeeld")).to_have_count(0)

    # An editor approves it through Wagtail's workflow, which publishes it.
    editor = get_user_model().objects.get(username="redacteur")
    task_state = draft.current_workflow_task_state
    task = task_state.task.specific
    assert "approve" in [name for name, *_ in task.get_actions(draft, editor)]
    task.on_action(task_state, editor, "approve")
    assert PracticeExamplePage.objects.get(pk=draft.pk).live

    page.reload()
    found = page.locator(".notice").filter(has_text="Uit dit gesprek kwam een praktijkvoorbeeld")
    expect(found.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="Bewerk het concept")).to_have_count(0)
    assert_focus_visible(page)
    assert_accessible(page)

    found.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page).to_have_url(re.compile(re.escape(draft.url) + "$"))
    assert_accessible(page)

    # Last, on a phone the discussion, with the moderator's tools and the reply form, passes axe
    # and fits without scrolling sideways (test_accessibility_audit's reflow check).
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    layout = page.evaluate(WIDER_THAN_VIEWPORT)
    assert layout["scrollWidth"] <= PHONE["width"] and not layout["offenders"], (
        f"The discussion page scrolls sideways on a phone: {layout}"
    )
