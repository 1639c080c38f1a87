"""Triage in the admin: who sees which question, assigning, answering, closing, publishing."""

import re
from datetime import UTC, datetime

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import Site

import pytest

from communities.roles import EDITORIAL_WORKFLOW
from exchange.factories import KnowledgeQuestionFactory, QuestionAnswerPageFactory
from exchange.models import (
    KnowledgeQuestion,
    QuestionAnswerPage,
    QuestionIndexPage,
    QuestionStatus,
)
from exchange.questions.triage import answer as record_answer
from resources.factories import PracticeExamplePageFactory, ToolPageFactory
from search.query import SearchParams, search

from .conftest import logged_in, publish
from .helpers import links_formset

LISTING = "/admin/kennisvragen/"
ASKER = "vrager@example.org"


def admin_url(action, question):
    return f"{LISTING}{action}/{question.pk}/"


@pytest.fixture
def questions(communities, terms):
    unassigned = KnowledgeQuestionFactory(
        title="Hoe betrekken we ouders bij de les?",
        email=ASKER,
        ip_address="198.51.100.23",
        sector=terms.po,
        themes=[terms.ouders],
    )
    for_a = KnowledgeQuestionFactory(
        title="Vraag voor het ouders-netwerk",
        assigned_community=communities.a,
        status=QuestionStatus.ASSIGNED,
    )
    for_b = KnowledgeQuestionFactory(
        title="Vraag voor de burgerschapskring",
        assigned_community=communities.b,
        status=QuestionStatus.ASSIGNED,
    )
    return unassigned, for_a, for_b


@pytest.fixture
def knowledge(communities):
    example = PracticeExamplePageFactory(parent=communities.a, title="Koffieochtend voor ouders")
    return publish(example)


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_see_every_question_and_filter_by_status(people, questions):
    unassigned, for_a, _for_b = questions
    editor = logged_in(people.editor)

    everything = editor.get(LISTING).content.decode()
    new_only = editor.get(LISTING, {"status": QuestionStatus.NEW}).content.decode()

    for question in questions:
        assert question.title in everything
    assert unassigned.title in new_only
    assert for_a.title not in new_only


@pytest.mark.django_db
def test_a_moderator_sees_and_handles_only_their_communitys_questions(
    people, questions, django_capture_on_commit_callbacks
):
    unassigned, for_a, for_b = questions
    moderator = logged_in(people.moderator_a)

    listing = moderator.get(LISTING).content.decode()

    assert for_a.title in listing
    assert for_b.title not in listing and unassigned.title not in listing
    assert moderator.get(admin_url("inspect", for_a)).status_code == 200
    for other in (for_b, unassigned):
        for action in ("inspect", "toewijzen", "beantwoorden", "sluiten"):
            assert moderator.get(admin_url(action, other)).status_code == 404, action
        with django_capture_on_commit_callbacks(execute=True):
            assert moderator.post(admin_url("sluiten", other)).status_code == 404
            assert moderator.post(admin_url("publiceren", other)).status_code == 404
            assert moderator.post(admin_url("delete", other)).status_code == 404
    assert moderator.get(f"{LISTING}inspect/geen-nummer/").status_code == 404
    for question in (for_b, unassigned):
        question.refresh_from_db()
        assert question.status != QuestionStatus.CLOSED
    assert mail.outbox == []
    # Members of a community are no moderators: the listing is closed to them.
    assert logged_in(people.member_a).get(LISTING).status_code in (302, 403)
    assert logged_in(people.member_a).get(admin_url("inspect", for_a)).status_code == 404


@pytest.mark.django_db
def test_the_askers_address_is_shown_to_editors_only(people, questions, communities):
    unassigned, *_rest = questions
    unassigned.assigned_community = communities.a
    unassigned.save()

    as_editor = logged_in(people.editor).get(admin_url("inspect", unassigned)).content.decode()
    as_moderator = logged_in(people.moderator_a).get(admin_url("inspect", unassigned))

    assert ASKER in as_editor and "198.51.100.23" in as_editor
    assert as_moderator.status_code == 200
    assert unassigned.title in as_moderator.content.decode()
    assert ASKER not in as_moderator.content.decode()
    assert "198.51.100.23" not in as_moderator.content.decode()
    assert ASKER not in logged_in(people.moderator_a).get(LISTING).content.decode()


# Assigning -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_best_community_is_suggested_and_assigned_with_one_click(
    people, questions, communities, django_capture_on_commit_callbacks
):
    unassigned, *_rest = questions
    editor = logged_in(people.editor)

    page = editor.get(admin_url("inspect", unassigned)).content.decode()
    one_click = re.search(
        r'<form method="post" action="([^"]+)">\s*<input[^>]+csrfmiddlewaretoken[^>]+>\s*'
        r'<input type="hidden" name="community" value="(\d+)">',
        page,
    )
    assert one_click.groups() == (admin_url("toewijzen", unassigned), str(communities.a.pk))
    assert communities.b.title not in page.split("Voorstellen")[1]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(one_click.group(1), {"community": one_click.group(2)})

    assert response.status_code == 302
    unassigned.refresh_from_db()
    assert unassigned.status == QuestionStatus.ASSIGNED
    assert unassigned.assigned_community_id == communities.a.pk
    assert [message.to for message in mail.outbox] == [[people.moderator_a.email]]
    assert admin_url("inspect", unassigned) in mail.outbox[0].body
    assert ASKER not in mail.outbox[0].body
    # Now the community's moderator finds it among theirs.
    assert unassigned.title in logged_in(people.moderator_a).get(LISTING).content.decode()


@pytest.mark.django_db
def test_an_expert_gets_the_question_and_replies_to_the_editor_not_the_asker(
    people, questions, expert, django_capture_on_commit_callbacks
):
    unassigned, *_rest = questions
    editor = logged_in(people.editor)
    assert expert.name in editor.get(admin_url("toewijzen", unassigned)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(admin_url("toewijzen", unassigned), {"expert": expert.pk})

    unassigned.refresh_from_db()
    assert unassigned.status == QuestionStatus.ASSIGNED
    assert unassigned.assigned_expert == expert
    message = mail.outbox[-1]
    assert message.to == [expert.email]
    assert message.reply_to == [people.editor.email]
    assert unassigned.context in message.body
    assert ASKER not in message.body


@pytest.mark.django_db
def test_assigning_needs_a_choice_and_an_open_question(people, questions):
    unassigned, *_rest = questions
    editor = logged_in(people.editor)

    response = editor.post(admin_url("toewijzen", unassigned), {})

    assert response.status_code == 400
    assert "Kies een leergemeenschap of een expert" in response.content.decode()
    unassigned.refresh_from_db()
    assert unassigned.status == QuestionStatus.NEW


# Answering and closing -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_moderator_answers_and_the_asker_gets_the_answer_with_links(
    people, questions, knowledge, django_capture_on_commit_callbacks
):
    _unassigned, for_a, _for_b = questions
    tool = publish(ToolPageFactory(title="Gespreksleidraad ouders"))
    moderator = logged_in(people.moderator_a)
    form_page = moderator.get(admin_url("beantwoorden", for_a))
    assert form_page.status_code == 200
    assert 'name="answer_links-TOTAL_FORMS"' in form_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(
            admin_url("beantwoorden", for_a),
            {"answer": "Begin klein.\n\nNodig ouders uit voor een koffieochtend."}
            | links_formset(knowledge, tool),
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    for_a.refresh_from_db()
    assert for_a.status == QuestionStatus.ANSWERED
    assert for_a.answered_by == people.moderator_a
    assert for_a.answered_at is not None
    assert [link.page_id for link in for_a.answer_links.all()] == [knowledge.pk, tool.pk]
    message = mail.outbox[-1]
    assert message.to == [for_a.email]
    assert "Nodig ouders uit voor een koffieochtend." in message.body
    assert f"{settings.BASE_URL}{knowledge.url}" in message.body
    assert f"{settings.BASE_URL}{tool.url}" in message.body

    # Answered once: a second answer is refused and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = moderator.post(
            admin_url("beantwoorden", for_a),
            {"answer": "Nog eens."} | links_formset(),
            follow=True,
        )
    assert "al beantwoord" in again.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_answer_may_not_point_to_unpublished_pages(people, questions, communities):
    _unassigned, for_a, _for_b = questions
    draft = PracticeExamplePageFactory(parent=communities.a, title="Nog niet af", live=False)

    response = logged_in(people.moderator_a).post(
        admin_url("beantwoorden", for_a), {"answer": "Zie hier."} | links_formset(draft)
    )

    assert response.status_code == 400
    assert "Nog niet af" in response.content.decode()
    for_a.refresh_from_db()
    assert for_a.status == QuestionStatus.ASSIGNED
    assert not for_a.answer_links.exists()


@pytest.mark.django_db
def test_closing_emails_the_asker_only_with_a_message(
    people, questions, django_capture_on_commit_callbacks
):
    unassigned, for_a, _for_b = questions
    editor = logged_in(people.editor)

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(admin_url("sluiten", unassigned), {"message": "Dit is een reclamebericht."})
        editor.post(admin_url("sluiten", for_a), {"message": ""})

    unassigned.refresh_from_db()
    for_a.refresh_from_db()
    assert unassigned.status == for_a.status == QuestionStatus.CLOSED
    assert [message.to for message in mail.outbox] == [[ASKER]]
    assert "Dit is een reclamebericht." in mail.outbox[0].body
    inspect = editor.get(admin_url("inspect", for_a)).content.decode()
    assert "Gesloten door" in inspect
    assert "Beantwoorden…" not in inspect


# Publishing ------------------------------------------------------------------------------------


@pytest.fixture
def answered(people, communities, terms, knowledge):
    question = KnowledgeQuestionFactory(
        title="Hoe krijgen we ouders naar de ouderavond?",
        context=(
            "Ik ben Fatima, mail me op fatima@deregenboog.nl of bel 06-12345678. "
            "Op onze school komen weinig ouders naar de ouderavond."
        ),
        email=ASKER,
        sector=terms.po,
        themes=[terms.ouders],
        assigned_community=communities.a,
        status=QuestionStatus.ASSIGNED,
        consent_to_publish=True,
    )
    return record_answer(
        question,
        people.moderator_a,
        "Maak er een <koffieochtend> van.\nMet koffie.\n\nEn vraag wat ouders willen.",
        [knowledge],
    )


def approve(page, editor):
    task_state = page.current_workflow_task_state
    logged_in(editor).post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    return QuestionAnswerPage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_publishing_with_consent_goes_through_review_and_then_is_found(
    search_backend, people, answered, knowledge, terms, communities
):
    editor = logged_in(people.editor)
    assert (
        "Publiceren als kennisvraag" in editor.get(admin_url("inspect", answered)).content.decode()
    )

    response = editor.post(admin_url("publiceren", answered), follow=True)

    assert "ter beoordeling" in response.content.decode()
    answered.refresh_from_db()
    page = QuestionAnswerPage.objects.get()
    assert answered.answer_page == page
    assert page.get_parent().specific_class is QuestionIndexPage
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == EDITORIAL_WORKFLOW
    assert Client().get(f"{QuestionIndexPage.objects.get().url}{page.slug}/").status_code == 404
    assert "fatima@deregenboog.nl" not in page.question
    assert "06-12345678" not in page.question
    assert "weinig ouders naar de ouderavond" in page.question
    assert page.answer == (
        "<p>Maak er een &lt;koffieochtend&gt; van.<br/>Met koffie.</p>"
        "<p>En vraag wat ouders willen.</p>"
    )
    assert [link.target_id for link in page.links.all()] == [knowledge.pk]
    assert list(page.themes.all()) == [terms.ouders]
    assert list(page.sectors.all()) == [terms.po]
    assert page.community_id == communities.a.pk
    # The editors can still change the text before they approve it.
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    # Publishing twice makes no second page.
    editor.post(admin_url("publiceren", answered))
    assert QuestionAnswerPage.objects.count() == 1

    page = approve(page, people.editor)

    assert page.live and page.live_revision_id == page.latest_revision_id
    html = Client().get(page.url).content.decode()
    assert "Maak er een &lt;koffieochtend&gt; van." in html
    assert f'href="{knowledge.url}"' in html
    assert "fatima@deregenboog.nl" not in html and ASKER not in html
    search_backend.refresh()
    outcome = search(SearchParams(q="ouderavond"), Site.objects.get(is_default_site=True))
    assert page.pk in [result.pk for result in outcome.page.object_list]


@pytest.mark.django_db
def test_without_consent_nothing_is_published(people, answered):
    KnowledgeQuestion.objects.filter(pk=answered.pk).update(consent_to_publish=False)
    editor = logged_in(people.editor)
    inspect = editor.get(admin_url("inspect", answered)).content.decode()
    assert "Publiceren als kennisvraag" not in inspect
    assert "geen toestemming" in inspect

    response = editor.post(admin_url("publiceren", answered), follow=True)

    assert "geen toestemming" in response.content.decode()
    assert not QuestionAnswerPage.objects.exists()
    answered.refresh_from_db()
    assert answered.answer_page is None


@pytest.mark.django_db
def test_moderators_answer_but_only_the_editors_write_pages(people, answered):
    moderator = logged_in(people.moderator_a)
    assert (
        "Publiceren als kennisvraag"
        not in moderator.get(admin_url("inspect", answered)).content.decode()
    )

    # Wagtail turns the refusal into a redirect with a message.
    assert moderator.post(admin_url("publiceren", answered)).status_code in (302, 403)
    assert not QuestionAnswerPage.objects.exists()


@pytest.mark.django_db
def test_a_published_question_renders_without_links_a_visitor_cannot_open(
    sections, communities, knowledge
):
    draft = PracticeExamplePageFactory(parent=communities.a, title="Concept", live=False)
    page = QuestionAnswerPageFactory(title="Hoe start je een leergemeenschap?")
    page.links = [
        page.links.model(target=knowledge, sort_order=0),
        page.links.model(target=draft, sort_order=1),
    ]
    page = publish(page)

    response = Client().get(page.url)
    index = Client().get(sections["questions"].url).content.decode()

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Hoe start je een leergemeenschap?</h1>" in html
    assert f'href="{knowledge.url}"' in html
    assert "Concept" not in html
    assert "Heb je zelf een vraag?" in html
    assert f'href="{page.url}"' in index


@pytest.mark.django_db
def test_a_moderator_who_passes_a_question_on_lands_on_the_list(people, questions, communities):
    _unassigned, for_a, _for_b = questions

    response = logged_in(people.moderator_a).post(
        admin_url("toewijzen", for_a), {"community": communities.b.pk}
    )

    # The question is another community's now, and out of this moderator's sight.
    assert response.status_code == 302
    assert response["Location"] == LISTING
    for_a.refresh_from_db()
    assert for_a.assigned_community_id == communities.b.pk


@pytest.mark.django_db
def test_a_question_whose_address_was_purged_cannot_be_answered(people, questions):
    _unassigned, for_a, _for_b = questions
    KnowledgeQuestion.objects.filter(pk=for_a.pk).update(email="")

    response = logged_in(people.moderator_a).post(
        admin_url("beantwoorden", for_a), {"answer": "Zie hier."} | links_formset()
    )

    assert response.status_code == 400
    assert "na de bewaartermijn gewist" in response.content.decode()
    for_a.refresh_from_db()
    assert for_a.status == QuestionStatus.ASSIGNED
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_list_and_the_question_show_the_time_it_was_asked_in_dutch_time(people, questions):
    unassigned = questions[0]
    # 14:09 UTC on a winter's day is 15:09 in the Netherlands.
    asked = datetime(2026, 12, 3, 14, 9, tzinfo=UTC)
    KnowledgeQuestion.objects.filter(pk=unassigned.pk).update(created_at=asked)
    editor = logged_in(people.editor)

    listing = editor.get(LISTING).content.decode()
    inspect = editor.get(admin_url("inspect", unassigned)).content.decode()

    for name, content in (("list", listing), ("question", inspect)):
        assert "15:09" in content, name
        assert "14:09" not in content, name
