"""Results and stories go live only after the editors approve them, through Wagtail's workflows."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import Page

import pytest

from communities.roles import EDITORIAL_WORKFLOW, RESULTS_WORKFLOW
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from resources.models import PracticeExamplePage


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def submitted(people, communities):
    """A moderator writes a practice example and submits it for review through the admin."""
    page = PracticeExamplePageFactory(parent=communities.a, title="Lesbezoek in duo's", live=False)
    page.save_revision()
    moderator = logged_in(people.moderator_a)
    mail.outbox.clear()
    response = moderator.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            "title": "Lesbezoek in duo's, herzien",
            "slug": page.slug,
            "intro": "Twee leraren bezoeken elkaars les.",
            "body-count": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "action-submit": "submit",
        },
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
    task_state = submitted.current_workflow_task_state
    mail.outbox.clear()

    logged_in(people.editor).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, "approve", task_state.pk]
        ),
        {"comment": "Mooi voorbeeld."},
    )

    page = PracticeExamplePage.objects.get(pk=submitted.pk)
    assert page.live
    assert page.title == "Lesbezoek in duo's, herzien"
    assert page.live_revision_id == page.latest_revision_id
    assert Client().get(page.url).status_code == 200
    assert any(people.moderator_a.email in message.to for message in mail.outbox)


@pytest.mark.django_db
def test_requested_changes_keep_the_page_offline_and_show_the_comment(submitted, people):
    task_state = submitted.current_workflow_task_state
    mail.outbox.clear()

    logged_in(people.editor).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, "reject", task_state.pk]
        ),
        {"comment": "Voeg nog een foto en de geleerde lessen toe."},
    )

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
