"""The admin's dashboard shows each role the join requests and knowledge questions it has to
handle, and nothing of other communities."""

import re
from datetime import timedelta

from django.utils import timezone

from wagtail.models import Page

import pytest

from communities.models import MembershipRequest, MembershipRequestStatus
from exchange.factories import KnowledgeQuestionFactory
from exchange.models import QuestionStatus
from resources.factories import EventPageFactory, PracticeExamplePageFactory, StoryPageFactory
from search.models import SearchQueryDaily

from .conftest import logged_in


@pytest.fixture
def work(communities):
    def join(name, community, status=MembershipRequestStatus.PENDING):
        return MembershipRequest.objects.create(
            community=community, name=name, email=f"{name.lower()}@example.org", status=status
        )

    return {
        "join_a": join("Anna", communities.a),
        "join_b": join("Bram", communities.b),
        "handled_a": join("Cor", communities.a, MembershipRequestStatus.APPROVED),
        "new": KnowledgeQuestionFactory(title="Hoe begin je een leesclub?"),
        "for_a": KnowledgeQuestionFactory(
            title="Vraag voor het ouders-netwerk",
            assigned_community=communities.a,
            status=QuestionStatus.ASSIGNED,
        ),
        "for_b": KnowledgeQuestionFactory(
            title="Vraag voor de burgerschapskring",
            assigned_community=communities.b,
            status=QuestionStatus.ASSIGNED,
        ),
    }


def panel(content, panel_id):
    """The text of the dashboard panel `panel_id`; None when the dashboard has no such panel."""
    found = re.search(
        rf"<section[^>]*id=\"{panel_id}-section\"[^>]*>(.*?)</section>", content, re.DOTALL
    )
    return found and re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def dashboard(user):
    """`user`'s dashboard, with the text of its join-request and question panels."""
    content = logged_in(user).get("/admin/").content.decode()
    return content, panel(content, "join-requests"), panel(content, "knowledge-questions")


@pytest.mark.django_db
def test_an_editor_sees_every_join_request_waiting_and_the_new_questions(people, work):
    _content, joins, questions = dashboard(people.editor)

    assert "Anna, Netwerk Ouders en School" in joins
    assert "Bram, Kenniskring Burgerschap" in joins
    assert "Cor" not in joins
    assert "Nieuwe kennisvragen" in questions
    assert "Hoe begin je een leesclub?" in questions
    assert "Vraag voor" not in questions


@pytest.mark.django_db
def test_a_moderator_sees_the_work_of_their_own_community_only(people, work):
    content, joins, questions = dashboard(people.moderator_a)

    assert "Anna, Netwerk Ouders en School" in joins
    assert "Bram" not in joins
    assert "Kennisvragen voor jouw leergemeenschappen" in questions
    assert "Vraag voor het ouders-netwerk" in questions
    assert "burgerschapskring" not in questions
    assert "leesclub" not in questions
    inspect = f"/admin/kennisvragen/inspect/{work['for_a'].pk}/"
    assert f'href="{inspect}"' in content
    assert logged_in(people.moderator_a).get(inspect).status_code == 200


@pytest.mark.django_db
def test_with_nothing_waiting_the_panels_say_so(people, communities):
    _content, joins, questions = dashboard(people.moderator_b)

    assert "Er wachten geen aanmeldingen." in joins
    assert "Er wachten geen kennisvragen." in questions


@pytest.mark.django_db
def test_an_editor_sees_this_weeks_searches_that_found_nothing(people, communities):
    today = timezone.localdate()
    SearchQueryDaily.objects.create(query_text="leesclub", date=today, hits=4, zero_result_hits=3)
    SearchQueryDaily.objects.create(
        query_text="oude zoekvraag", date=today - timedelta(days=10), hits=5, zero_result_hits=5
    )
    SearchQueryDaily.objects.create(query_text="rekenen", date=today, hits=9, zero_result_hits=0)

    editor, _joins, _questions = dashboard(people.editor)
    moderator, _joins, _questions = dashboard(people.moderator_a)

    fruitless = panel(editor, "fruitless-searches")
    assert "leesclub (3 keer zonder resultaat)" in fruitless
    assert "oude zoekvraag" not in fruitless
    assert "rekenen" not in fruitless
    assert panel(moderator, "fruitless-searches") is None


@pytest.mark.django_db
def test_a_moderator_sees_their_drafts_and_where_each_review_stands(people, communities):
    def draft(title, owner=people.moderator_a):
        page = PracticeExamplePageFactory(
            parent=communities.a, title=title, live=False, owner=owner
        )
        page.save_revision(user=owner)
        return page

    draft("Nog een concept")
    submitted = draft("Ingestuurd voorbeeld")
    submitted.get_workflow().start(submitted, people.moderator_a)
    sent_back = draft("Teruggestuurd voorbeeld")
    workflow_state = sent_back.get_workflow().start(sent_back, people.moderator_a)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, people.editor, "reject")
    draft("Van iemand anders", owner=people.moderator_b)

    content, _joins, _questions = dashboard(people.moderator_a)

    own = panel(content, "own-drafts")
    assert "Nog een concept (concept)" in own
    assert f"Ingestuurd voorbeeld (ter beoordeling: {task_state.task.name})" in own
    assert "Teruggestuurd voorbeeld (teruggestuurd voor wijzigingen)" in own
    assert "Van iemand anders" not in own


@pytest.mark.django_db
def test_an_editor_sees_the_stories_and_events_scheduled_and_just_published(people, sections):
    now = timezone.now()
    fresh = StoryPageFactory(title="Vers verhaal")
    fresh.save_revision().publish()
    old = StoryPageFactory(title="Oud verhaal")
    old.save_revision().publish()
    Page.objects.filter(pk=old.pk).update(last_published_at=now - timedelta(days=30))
    planned = EventPageFactory(title="Geplande bijeenkomst", live=False)
    planned.go_live_at = now + timedelta(days=3)
    planned.save_revision().publish()

    editor, _joins, _questions = dashboard(people.editor)
    moderator, _joins, _questions = dashboard(people.moderator_a)

    listed = panel(editor, "stories-and-events")
    assert listed.index("Geplande bijeenkomst (gepland voor") < listed.index("Vers verhaal")
    assert "Vers verhaal (gepubliceerd op" in listed
    assert "Oud verhaal" not in listed
    assert not Page.objects.get(pk=planned.pk).live
    assert panel(moderator, "stories-and-events") is None


@pytest.mark.django_db
def test_a_moderator_adds_a_result_to_their_community_from_the_dashboard(people, communities):
    content = logged_in(people.moderator_a).get("/admin/").content.decode()
    found = re.search(r'<section[^>]*id="add-results-section".*?</section>', content, re.DOTALL)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', found.group(0))

    add = f"/admin/pages/add/resources/%s/{communities.a.pk}/"
    assert (add % "practiceexamplepage", "Praktijkvoorbeeld toevoegen") in links
    assert (add % "toolpage", "Instrument toevoegen") in links
    assert str(communities.b.pk) not in found.group(0)
    editor = logged_in(people.moderator_a).get(add % "practiceexamplepage")
    assert editor.status_code == 200


@pytest.mark.django_db
def test_an_editor_gets_no_add_panel_for_communities_they_do_not_moderate(people, communities):
    content = logged_in(people.editor).get("/admin/").content.decode()

    assert 'id="add-results-section"' not in content
