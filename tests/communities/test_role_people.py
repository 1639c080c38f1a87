"""Whom a moderator may name in a community's roles: nobody who never agreed to be listed."""

import re
from types import SimpleNamespace

from django.urls import reverse

import pytest

from communities.factories import CommunityRoleFactory, PersonFactory
from communities.models import CommunityPage, CommunityRole, CommunityRoleType

from .helpers import community_form_data, logged_in


@pytest.fixture
def persons(communities):
    own = PersonFactory(name="Anna Eigenwijs")
    other = PersonFactory(name="Bram Buitenhof")
    listed = PersonFactory(name="Carla Consentino", consent_to_contact=True)
    nobody = PersonFactory(name="Dirk Nergensbij")
    CommunityRoleFactory(page=communities.a, person=own, role=CommunityRoleType.MEMBER)
    CommunityRoleFactory(page=communities.b, person=other, role=CommunityRoleType.MEMBER)
    CommunityRoleFactory(page=communities.b, person=listed, role=CommunityRoleType.MODERATOR)
    return SimpleNamespace(own=own, other=other, listed=listed, nobody=nobody)


def offered_people(response):
    """The names in the role rows' person menus, the blank row behind "add" included."""
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="roles-0-person"' in html
    return set(re.findall(r"<option value=\"\d+\"[^>]*>([^<(]+?)(?: \(|</option>)", html))


def edit_url(community):
    return reverse("wagtailadmin_pages:edit", args=[community.pk])


def form_with_roles(community, roles):
    """The community editor's form as saved as a draft, with these (new) role rows."""
    return community_form_data(community, roles=roles)


@pytest.mark.django_db
def test_a_moderator_chooses_from_the_own_community_and_wie_weet_wat(people, communities, persons):
    offered = offered_people(logged_in(people.moderator_a).get(edit_url(communities.a)))

    assert "Anna Eigenwijs" in offered
    assert "Carla Consentino" in offered
    assert "Bram Buitenhof" not in offered
    assert "Dirk Nergensbij" not in offered


@pytest.mark.django_db
def test_an_editor_chooses_from_everyone(people, communities, persons):
    offered = offered_people(logged_in(people.editor).get(edit_url(communities.a)))

    assert {"Anna Eigenwijs", "Bram Buitenhof", "Carla Consentino", "Dirk Nergensbij"} <= offered


@pytest.mark.django_db
def test_a_forged_person_is_refused_and_nothing_changes(people, communities, persons):
    community = CommunityPage.objects.get(pk=communities.a.pk)
    revision_before = community.latest_revision_id
    client = logged_in(people.moderator_a)
    role = {"person": persons.own.pk, "role": CommunityRoleType.MEMBER}

    forged = client.post(
        edit_url(community),
        form_with_roles(
            community, [role, {"person": persons.other.pk, "role": CommunityRoleType.MEMBER}]
        ),
    )

    assert forged.status_code == 200
    role_forms = forged.context["form"].formsets["roles"].forms
    assert "person" in role_forms[1].errors
    community.refresh_from_db()
    assert community.latest_revision_id == revision_before
    assert not CommunityRole.objects.filter(page=community, person=persons.other).exists()

    # The same form with a person from Wie weet wat is saved.
    allowed = client.post(
        edit_url(community),
        form_with_roles(
            community, [role, {"person": persons.listed.pk, "role": CommunityRoleType.MEMBER}]
        ),
    )
    assert allowed.status_code == 302
    draft = CommunityPage.objects.get(pk=community.pk).get_latest_revision_as_object()
    assert {role.person_id for role in draft.roles.all()} == {persons.own.pk, persons.listed.pk}
