"""The discussion tests' people: those of tests.communities.conftest, with names, a second
member of the first community, and a discussion in it."""

from types import SimpleNamespace

import pytest

from communities.models import CommunityPage
from exchange.discussions import actions
from tests.communities.conftest import communities, people  # noqa: F401


@pytest.fixture
def members(people, communities, django_user_model):  # noqa: F811
    community = CommunityPage.objects.get(pk=communities.a.pk)
    for user, first, last in (
        (people.member_a, "Anna", "de Vries"),
        (people.moderator_a, "Mo", "Bakker"),
        (people.moderator_b, "Bea", "Jansen"),
        (people.editor, "Eva", "Smit"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    second = django_user_model.objects.create_user(
        "lid-a2@example.org",
        "lid-a2@example.org",
        "wachtwoord-123",
        first_name="Piet",
        last_name="Visser",
    )
    second.groups.add(community.members_group)
    return SimpleNamespace(**vars(people), member_a2=second, community=community)


@pytest.fixture
def discussion(members):
    return actions.start(
        members.community, members.member_a, "Hoe betrek je ouders?", "Wie heeft **ervaring**?"
    )
