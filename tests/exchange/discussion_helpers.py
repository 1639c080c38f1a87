"""Two communities with people, and a discussion in the first, for the discussion tests."""

from types import SimpleNamespace

from django.test import Client

import pytest

from communities.models import CommunityPage
from exchange.discussions import actions
from exchange.discussions.access import Role
from tests.communities.conftest import communities, people, publish  # noqa: F401


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def members(people, communities, django_user_model):
    """The people of tests.communities.conftest with names, and a second member of A."""
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
        "lid-a2@example.org", "lid-a2@example.org", "wachtwoord-123", first_name="Piet"
    )
    second.last_name = "Visser"
    second.save()
    second.groups.add(community.members_group)
    return SimpleNamespace(**vars(people), member_a2=second, community=community)


@pytest.fixture
def discussion(members):
    return actions.start(
        members.community, members.member_a, "Hoe betrek je ouders?", "Wie heeft **ervaring**?"
    )


def reply(discussion, user, text, parent=None, role=Role.MEMBER):
    return actions.reply(discussion, user, role, text, parent=parent)
