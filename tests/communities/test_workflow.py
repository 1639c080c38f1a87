"""Results and stories go live only after the editors approve them, through Wagtail's workflows."""

import html
import re

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupApprovalTask, Page, WorkflowTask

import pytest

from communities.roles import EDITORIAL_WORKFLOW, EDITORS_GROUP, RESULTS_WORKFLOW
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from resources.models import PracticeExamplePage


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def review(page, user, action, comment=""):
    """`user` takes `action` ("approve" or "reject") on the review step `page` waits at, from the
    admin's review screen."""
    task_state = page.current_workflow_task_state
    return logged_in(user).post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )


def edit_form(page, action, **values):
    """The page editor's form for `page` with `values`, sent with the button `action`."""
    return {
        "title": page.title,
        "slug": page.slug,
        "intro": "Twee leraren bezoeken elkaars les.",
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        action: "true",
        **values,
    }


@pytest.fixture
def submitted(people, communities):
    """A moderator writes a practice example and submits it for review through the admin."""
    page = PracticeExamplePageFactory(parent=communities.a, title="Lesbezoek in duo's", live=False)
    page.save_revision()
    moderator = logged_in(people.moderator_a)
    mail.outbox.clear()
    response = moderator.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, "action-submit", title="Lesbezoek in duo's, herzien"),
    )
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    return PracticeExamplePage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_results_are_reviewed_by_the_results_workflow(communities):
    page = PracticeExamplePageFactory(parent=communities.a)

    assert page.get_workflow().name == RESULTS_WORKFLOW


@pytest.mark.django_db
def test_stories_go_through_the_one_step_editorial_review(communities):
    story = StoryPageFactory()

    workflow = story.get_workflow()

    assert workflow.name == EDITORIAL_WORKFLOW
    assert workflow.tasks.count() == 1


@pytest.mark.django_db
def test_submitting_notifies_the_editors_and_keeps_the_page_offline(submitted, people):
    assert not submitted.live
    assert submitted.workflow_in_progress
    assert any(people.editor.email in message.to for message in mail.outbox)
    assert Client().get(submitted.url or "/nope/").status_code == 404


@pytest.mark.django_db
def test_approval_publishes_the_submitted_content(submitted, people):
    mail.outbox.clear()

    review(submitted, people.editor, "approve", "Mooi voorbeeld.")

    page = PracticeExamplePage.objects.get(pk=submitted.pk)
    assert page.live
    assert page.title == "Lesbezoek in duo's, herzien"
    assert page.live_revision_id == page.latest_revision_id
    assert Client().get(page.url).status_code == 200
    assert any(people.moderator_a.email in message.to for message in mail.outbox)


@pytest.mark.django_db
def test_requested_changes_keep_the_page_offline_and_show_the_comment(submitted, people):
    mail.outbox.clear()

    review(submitted, people.editor, "reject", "Voeg nog een foto en de geleerde lessen toe.")

    page = Page.objects.get(pk=submitted.pk)
    assert not page.live
    assert any(people.moderator_a.email in message.to for message in mail.outbox)
    history = logged_in(people.moderator_a).get(
        reverse("wagtailadmin_pages:workflow_history", args=[submitted.pk])
    )
    edit = logged_in(people.moderator_a).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "Voeg nog een foto en de geleerde lessen toe." in (
        history.content.decode() + edit.content.decode()
    )


def messages_after(response):
    """The admin's messages, as text: Wagtail stores each rendered as HTML."""
    return [html.unescape(str(message)).strip() for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_approving_from_the_review_screen_says_the_page_is_published(submitted, people):
    response = review(submitted, people.editor, "approve")

    assert messages_after(response) == [
        "'Lesbezoek in duo's, herzien' is goedgekeurd en gepubliceerd."
    ]


@pytest.mark.django_db
def test_approving_in_the_editor_says_published_not_updated(submitted, people):
    response = logged_in(people.editor).post(
        reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        edit_form(
            submitted,
            "action-workflow-action",
            **{"workflow-action-name": "approve", "workflow-action-extra-data": "{}"},
        ),
    )

    assert response.status_code == 302
    assert PracticeExamplePage.objects.get(pk=submitted.pk).live
    assert messages_after(response) == [
        "'Lesbezoek in duo's, herzien' is goedgekeurd en gepubliceerd."
    ]


@pytest.mark.django_db
def test_requesting_changes_says_the_page_went_back(submitted, people):
    response = review(submitted, people.editor, "reject", "Voeg de geleerde lessen toe.")

    assert messages_after(response) == [
        "'Lesbezoek in duo's, herzien' is teruggestuurd met het verzoek om wijzigingen."
    ]


@pytest.mark.django_db
def test_approving_one_step_of_two_says_where_the_page_is_now(submitted, people):
    workflow = submitted.get_workflow()
    second = GroupApprovalTask.objects.create(name="Eindredactie")
    second.groups.set(Group.objects.filter(name=EDITORS_GROUP))
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=99)
    first = submitted.current_workflow_task_state

    response = review(submitted, people.editor, "approve")

    assert messages_after(response) == [
        f"'Lesbezoek in duo's, herzien' is goedgekeurd in '{first.task.name}' "
        "en ligt nu bij 'Eindredactie'."
    ]
    assert not Page.objects.get(pk=submitted.pk).live


def main_action(content):
    """The page editor's main button: the first in its footer, by its name ("action-..."); saving
    a draft, the form's plain submit, has none."""
    footer = content[content.index('<footer class="footer') :]
    button = re.search(r'<button\b[^>]*\btype="submit"[^>]*>', footer).group(0)
    name = re.search(r'name="(action-[\w-]+)"', button)
    return name.group(1) if name else "save draft"


@pytest.mark.django_db
def test_sending_to_review_is_the_moderators_main_action_and_publishing_the_editors(
    people, communities
):
    page = PracticeExamplePageFactory(parent=communities.a, title="Kijkwijzer", live=False)
    page.save_revision()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])

    moderator = logged_in(people.moderator_a).get(edit).content.decode()
    editor = logged_in(people.editor).get(edit).content.decode()

    assert main_action(moderator) == "action-submit"
    assert "Resultaten-review" in moderator[moderator.index('<footer class="footer') :]
    assert main_action(editor) != "action-submit"
