"""The permission matrix: every role against every action, each cell asserted through the site."""

import contextlib

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from wagtail.actions.publish_page_revision import (
    PublishPagePermissionError,
    PublishPageRevisionAction,
)
from wagtail.models import Page, Site

import pytest

from communities.models import (
    MembershipRequest,
    MembershipRequestStatus,
    WorkspaceItemPage,
)
from home.site_settings import FooterSettings
from resources.factories import PracticeExamplePageFactory
from resources.models import PracticeExamplePage

ROLES = ["anonymous", "member_a", "moderator_a", "moderator_b", "editor", "admin"]


def client_for(people, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client


def expect(allowed_roles):
    return [pytest.param(role, role in allowed_roles, id=role) for role in ROLES]


@pytest.fixture
def draft_a(communities):
    page = PracticeExamplePageFactory(parent=communities.a, title="Concept A", live=False)
    page.save_revision()
    return page


@pytest.fixture
def draft_b(communities):
    page = PracticeExamplePageFactory(parent=communities.b, title="Concept B", live=False)
    page.save_revision()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"moderator_a", "editor", "admin"}))
def test_view_a_draft_in_a(people, draft_a, role, allowed):
    response = client_for(people, role).get(
        reverse("wagtailadmin_pages:view_draft", args=[draft_a.pk])
    )

    assert (response.status_code == 200) is allowed
    assert (b"Concept A" in response.content) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"moderator_a", "editor", "admin"}))
def test_edit_in_a(people, draft_a, role, allowed):
    response = client_for(people, role).get(reverse("wagtailadmin_pages:edit", args=[draft_a.pk]))

    assert (response.status_code == 200) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"moderator_b", "editor", "admin"}))
def test_edit_in_b(people, draft_b, role, allowed):
    response = client_for(people, role).get(reverse("wagtailadmin_pages:edit", args=[draft_b.pk]))

    assert (response.status_code == 200) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"editor", "admin"}))
def test_publish_in_a(people, draft_a, role, allowed):
    revision = draft_a.latest_revision
    user = AnonymousUser() if role == "anonymous" else getattr(people, role)

    with contextlib.suppress(PublishPagePermissionError):
        PublishPageRevisionAction(revision, user=user).execute()

    assert PracticeExamplePage.objects.get(pk=draft_a.pk).live is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"editor", "admin"}))
def test_approve_a_workflow_task(people, draft_a, role, allowed):
    workflow = draft_a.get_workflow()
    workflow_state = workflow.start(draft_a, people.moderator_a)
    task_state = workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[draft_a.pk, "approve", task_state.pk]
    )

    client_for(people, role).post(url, {"comment": ""})

    assert Page.objects.get(pk=draft_a.pk).live is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"moderator_a", "editor", "admin"}))
def test_see_and_handle_join_requests_of_a(people, communities, role, allowed):
    join_request = MembershipRequest.objects.create(
        community=communities.a, name="Fatima Yilmaz", email="fatima@example.org"
    )
    client = client_for(people, role)

    listing = client.get("/admin/communities/membershiprequest/")
    client.post(f"/admin/communities/membershiprequest/approve/{join_request.pk}/")

    assert (listing.status_code == 200 and b"Fatima Yilmaz" in listing.content) is allowed
    join_request.refresh_from_db()
    assert (join_request.status == MembershipRequestStatus.APPROVED) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), expect({"member_a", "moderator_a", "editor", "admin"})
)
def test_view_the_workspace_of_a(people, communities, role, allowed):
    response = client_for(people, role).get(communities.workspace_a.url)

    assert (response.status_code == 200) is allowed
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
    elif not allowed:
        # Logged in already: the login page would send them straight back here.
        assert response.status_code == 403
        assert "Aanmelden bij Netwerk Burgerschap" in response.content.decode()
        assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"), expect({"member_a", "moderator_a", "editor", "admin"})
)
def test_publish_in_the_workspace_of_a_without_review(people, communities, role, allowed):
    item = WorkspaceItemPage(title="Werkversie", slug="werkversie", live=False)
    communities.workspace_a.add_child(instance=item)
    revision = item.save_revision()
    user = AnonymousUser() if role == "anonymous" else getattr(people, role)

    with contextlib.suppress(PublishPagePermissionError):
        PublishPageRevisionAction(revision, user=user).execute()

    assert WorkspaceItemPage.objects.get(pk=item.pk).live is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"editor", "admin"}))
def test_make_the_workspace_of_a_public(people, communities, role, allowed):
    # Members may publish in their workspace, but opening it to everyone is not theirs to do.
    url = reverse("wagtailadmin_pages:set_privacy", args=[communities.workspace_a.pk])

    client_for(people, role).post(url, {"restriction_type": "none"})

    assert (not communities.workspace_a.get_view_restrictions().exists()) is allowed


@pytest.mark.django_db
def test_a_fresh_install_gives_the_editors_rights_on_apps_migrated_after_this_one():
    # The test database is made by migrate alone, like a fresh install: no fixture here runs
    # the roles setup again.
    from django.contrib.auth.models import Group

    from communities.roles import EDITORS_GROUP

    editors = Group.objects.get(name=EDITORS_GROUP)
    granted = {
        f"{app}.{codename}"
        for app, codename in editors.permissions.values_list("content_type__app_label", "codename")
    }
    assert {
        "wagtailsearchpromotions.add_searchpromotion",
        "exchange.change_knowledgequestion",
    } <= granted


def granted_to(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db
def test_rights_an_app_registers_reach_the_editors_and_every_communitys_groups(
    communities, monkeypatch
):
    """An app above communities registers the rights on its own models (as the exchange does
    for the knowledge questions); the roles setup gives them to the groups."""
    from django.contrib.auth.models import Group

    from communities import roles

    monkeypatch.setattr(
        roles,
        "_registered_model_permissions",
        {kind: list(pairs) for kind, pairs in roles._registered_model_permissions.items()},
    )
    editors = Group.objects.get(name=roles.EDITORS_GROUP)
    moderators, members = communities.a.moderators_group, communities.a.members_group
    assert "wagtailcore.add_locale" not in granted_to(editors)
    assert "communities.view_person" not in granted_to(moderators)
    assert "communities.view_buildingblock" not in granted_to(members)

    roles.register_model_permissions(
        editors=[("wagtailcore", "add_locale")],
        moderators=[("communities", "view_person")],
        members=[("communities", "view_buildingblock")],
    )
    roles.setup_roles()

    assert "wagtailcore.add_locale" in granted_to(editors)
    assert "communities.view_person" in granted_to(moderators)
    assert "communities.view_buildingblock" in granted_to(members)
    # Only the groups it was registered for.
    assert "communities.view_person" not in granted_to(members)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), expect({"editor", "admin"}))
def test_change_the_footer(people, communities, role, allowed):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "footersettings", site.pk])
    form = {"footer_text": "Nieuw", "postal_address": "", "email": "", "phone": ""}

    client_for(people, role).post(
        url, {**form, "social_links-count": "0", "page_links-count": "0"}
    )

    assert (FooterSettings.for_site(site).footer_text == "Nieuw") is allowed
