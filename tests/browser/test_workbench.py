"""The daily workbench in real Chromium: each role's dashboard and the page editor pass axe,
and a moderator submits a practice example for review in a few steps, which the test counts."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from playwright.sync_api import expect

from communities.factories import CommunityPageFactory
from communities.roles import EDITORS_GROUP, ensure_site_groups
from home.models import ensure_section_pages
from resources.models import PracticeExamplePage

from .helpers import assert_accessible, serve_default_site_from, wait_for_admin_messages

PASSWORD = "Een-lang-wachtwoord-42"

# What a moderator does, counted from their dashboard to the page waiting for review: open
# the editor (1), write the title (2), the introduction (3) and the approach (4), submit (5).
# Before the dashboard linked to the editor and submitting was the main action it took 13.
SUBMISSION_STEPS = 5


class Steps:
    """Counts what the user does: each click or text typed is one step."""

    def __init__(self):
        self.done = []

    def click(self, locator, what):
        locator.click()
        self.done.append(what)

    def fill(self, locator, text, what):
        locator.fill(text)
        self.done.append(what)

    def type(self, locator, text, what):
        """Writing in a rich-text box: clicking into it and typing is one step."""
        locator.click()
        locator.page.keyboard.type(text)
        self.done.append(what)


@pytest.fixture
def workbench(live_server):
    ensure_site_groups()
    ensure_section_pages()
    serve_default_site_from(live_server)
    community = CommunityPageFactory(title="Kenniskring Mentoraat", slug="mentoraat")
    community.save_revision().publish()
    users = get_user_model().objects
    moderator = users.create_user("moderator", "moderator@example.org", PASSWORD)
    moderator.groups.add(community.moderators_group)
    editor = users.create_user("redacteur", "redacteur@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return community


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_moderator_submits_a_practice_example_in_five_steps(workbench, browser_page):
    page = browser_page
    steps = Steps()
    log_in(page, "moderator")
    expect(page.locator("#own-drafts-section")).to_contain_text("Je hebt geen concepten")
    assert_accessible(page)

    steps.click(
        page.locator("#add-results-section").get_by_role(
            "link", name="Praktijkvoorbeeld toevoegen"
        ),
        "open the editor",
    )
    # The page editor the moderator works in, as it opens and once submitted.
    expect(page.get_by_role("textbox", name="Titel*")).to_be_visible()
    assert_accessible(page)
    steps.fill(page.get_by_role("textbox", name="Titel*"), "Lesbezoek in duo's", "title")
    steps.fill(
        page.get_by_role("textbox", name="Inleiding"),
        "Twee leraren bezoeken elkaars les en bespreken wat ze zagen.",
        "introduction",
    )
    steps.type(
        page.get_by_role("textbox", name="Aanpak"),
        "Elk duo plant drie bezoeken per jaar.",
        "approach",
    )
    steps.click(
        page.locator("footer").get_by_role("button", name=re.compile("Resultaten-review")),
        "submit for review",
    )

    expect(page.get_by_role("status")).to_contain_text(
        "Pagina 'Lesbezoek in duo's' aangemaakt en ingediend voor controle."
    )
    wait_for_admin_messages(page)
    assert_accessible(page)
    submitted = PracticeExamplePage.objects.get(title="Lesbezoek in duo's")
    assert submitted.workflow_in_progress
    assert submitted.get_parent().pk == workbench.pk
    assert len(steps.done) == SUBMISSION_STEPS, steps.done

    page.goto("/admin/")
    expect(page.locator("#own-drafts-section")).to_contain_text("Lesbezoek in duo's")
    expect(page.locator("#own-drafts-section")).to_contain_text("ter beoordeling")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_editors_dashboard_shows_the_review_queue_and_passes_axe(workbench, browser_page):
    draft = workbench.add_child(
        instance=PracticeExamplePage(title="Mentorgesprekken in groep 8", live=False)
    )
    draft.save_revision()
    draft.get_workflow().start(draft, get_user_model().objects.get(username="moderator"))
    page = browser_page

    log_in(page, "redacteur")

    expect(page.get_by_role("link", name="Mentorgesprekken in groep 8")).to_be_visible()
    expect(page.locator("#add-results-section")).to_have_count(0)
    assert_accessible(page)
