"""From conversation to knowledge: a moderator makes a draft practice example of a discussion."""

from django.urls import reverse

import pytest

from communities.models import Person
from resources.models import PracticeExamplePage
from tests.exchange.discussions.helpers import client_for, reply

pytestmark = pytest.mark.django_db


def test_a_moderator_makes_a_draft_practice_example_of_chosen_posts(members, discussion):
    opening = discussion.posts.get()
    chosen = reply(
        discussion, members.member_a2, "Wij nodigen ouders uit voor een *koffieochtend*."
    )
    reply(discussion, members.member_a, "Niet gekozen")
    url = reverse("discussions:draft", args=[discussion.pk])

    response = client_for(members.moderator_a).post(url, {"posts": [opening.pk, chosen.pk]})

    page = PracticeExamplePage.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live
    assert page.get_parent().specific == members.community
    assert page.community == members.community
    assert page.title == discussion.title
    assert page.intro == "Wie heeft **ervaring**?"
    assert "<em>koffieochtend</em>" in page.approach
    assert "Niet gekozen" not in page.approach
    assert {person.name for person in page.people_involved.all()} == {
        "Anna de Vries",
        "Piet Visser",
    }
    latest = page.get_latest_revision_as_object()
    assert {person.pk for person in latest.people_involved.all()} == set(
        Person.objects.values_list("pk", flat=True)
    )
    discussion.refresh_from_db()
    assert discussion.result_id == page.pk


def test_the_discussion_links_the_result_once_it_is_published(members, discussion):
    client_for(members.moderator_a).post(
        reverse("discussions:draft", args=[discussion.pk]),
        {"posts": [discussion.posts.get().pk]},
    )
    page = PracticeExamplePage.objects.get()
    url = reverse("discussions:detail", args=[discussion.pk])

    before = client_for(members.member_a).get(url).content.decode()
    page.save_revision().publish()
    after = client_for(members.member_a).get(url).content.decode()

    assert "Uit dit gesprek kwam een praktijkvoorbeeld" not in before
    assert "Uit dit gesprek kwam een praktijkvoorbeeld" in after
    assert page.url in after


def test_an_existing_person_is_reused_not_duplicated(members, discussion):
    existing = Person.objects.create(name="A. de Vries", email=members.member_a.email.upper())

    client_for(members.moderator_a).post(
        reverse("discussions:draft", args=[discussion.pk]),
        {"posts": [discussion.posts.get().pk]},
    )

    page = PracticeExamplePage.objects.get()
    assert list(page.people_involved.all()) == [existing]
    assert Person.objects.count() == 1


def test_no_posts_chosen_is_refused_and_nothing_is_made(members, discussion):
    response = client_for(members.moderator_a).post(
        reverse("discussions:draft", args=[discussion.pk]), {}
    )

    assert response.status_code == 400
    assert not PracticeExamplePage.objects.exists()
