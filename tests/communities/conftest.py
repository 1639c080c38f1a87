"""Two published communities and one user for every role, for the roles and membership tests."""

from types import SimpleNamespace

from django.contrib.auth.models import Group

import pytest

from communities.factories import CommunityPageFactory
from communities.models import CommunityPage, WorkspacePage
from communities.roles import EDITORS_GROUP, ensure_site_groups


def publish(page):
    """Publish through a revision, as the admin does, so Wagtail's signals fire."""
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


@pytest.fixture
def communities(db):
    ensure_site_groups()
    a = publish(CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap"))
    b = publish(CommunityPageFactory(title="Kenniskring Veiligheid", slug="veiligheid"))
    return SimpleNamespace(
        a=a,
        b=b,
        workspace_a=WorkspacePage.objects.child_of(a).get(),
        workspace_b=WorkspacePage.objects.child_of(b).get(),
    )


@pytest.fixture
def people(communities, django_user_model):
    def user(username, *groups, **extra):
        person = django_user_model.objects.create_user(
            username, f"{username}@example.org", "wachtwoord-123", **extra
        )
        person.groups.add(*groups)
        return person

    a = CommunityPage.objects.get(pk=communities.a.pk)
    b = CommunityPage.objects.get(pk=communities.b.pk)
    return SimpleNamespace(
        member_a=user("lid-a", a.members_group),
        moderator_a=user("moderator-a", a.moderators_group),
        moderator_b=user("moderator-b", b.moderators_group),
        editor=user("redacteur", Group.objects.get(name=EDITORS_GROUP)),
        admin=user("beheerder", is_superuser=True),
    )
