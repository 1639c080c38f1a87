"""A community's workspace stays private: not listed, not searchable, not in the sitemap."""

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest

from communities.models import CommunityPage, WorkspaceItemPage


@pytest.fixture
def shared_draft(communities):
    item = WorkspaceItemPage(
        title="Halffabricaat lessenserie",
        slug="halffabricaat",
        intro="Werkversie van de lessenserie, nog niet af.",
    )
    communities.workspace_a.add_child(instance=item)
    item.save_revision().publish()
    return item


@pytest.mark.django_db
def test_a_new_community_gets_a_workspace_only_its_people_may_see(communities):
    restriction = communities.workspace_a.get_view_restrictions().get()

    allowed = set(restriction.groups.values_list("name", flat=True))

    assert allowed == {
        communities.a.members_group.name,
        communities.a.moderators_group.name,
        "Redactie",
    }


@pytest.mark.django_db
def test_workspace_pages_inherit_the_restriction(communities, people, shared_draft):
    assert Client().get(shared_draft.url).status_code == 302
    outsider = Client()
    outsider.force_login(people.moderator_b)
    assert outsider.get(shared_draft.url).status_code == 403


@pytest.mark.django_db
def test_workspace_pages_are_never_sent_for_review(communities, people, shared_draft):
    # The communities section's review covers the community's results, not its private notes.
    assert communities.a.get_workflow() is not None
    for page in (communities.workspace_a, shared_draft):
        assert page.get_workflow() is None
        assert not page.has_workflow

    member = Client()
    member.force_login(people.member_a)
    editor = member.get(reverse("wagtailadmin_pages:edit", args=[shared_draft.pk]))
    assert editor.status_code == 200
    assert 'name="action-submit"' not in editor.content.decode()
    assert 'name="action-publish"' in editor.content.decode()


@pytest.mark.django_db
def test_copying_a_community_leaves_its_groups_and_workspace_behind(communities, people):
    admin = Client()
    admin.force_login(people.admin)
    copy_url = reverse("wagtailadmin_pages:copy", args=[communities.a.pk])
    assert "copy_subpages" not in admin.get(copy_url).content.decode()

    response = admin.post(
        copy_url,
        {
            "new_title": "Netwerk Burgerschap (kopie)",
            "new_slug": "burgerschap-kopie",
            "new_parent_page": communities.a.get_parent().pk,
            "copy_subpages": "on",
        },
    )

    assert response.status_code == 302
    copy = CommunityPage.objects.get(slug="burgerschap-kopie")
    assert not copy.get_children().exists()
    assert copy.moderators_group_id not in (None, communities.a.moderators_group_id)
    assert copy.members_group_id not in (None, communities.a.members_group_id)
    assert copy.moderators_group.name.startswith("Netwerk Burgerschap (kopie)")
    original = CommunityPage.objects.get(pk=communities.a.pk)
    assert original.moderators_group_id == communities.a.moderators_group_id


@pytest.mark.django_db
def test_members_find_the_workspace_from_the_community_page(communities, people):
    member = Client()
    member.force_login(people.member_a)

    assert communities.workspace_a.url in member.get(communities.a.url).content.decode()
    assert communities.workspace_a.url not in Client().get(communities.a.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/leergemeenschappen/", "/sitemap.xml"])
def test_workspace_pages_are_absent_from_public_pages(communities, shared_draft, path):
    content = Client().get(path).content.decode()

    assert "Halffabricaat" not in content
    assert shared_draft.url not in content
    assert communities.workspace_a.url not in content


@pytest.mark.django_db
def test_workspace_pages_are_absent_from_search_and_the_api(
    communities, people, shared_draft, search_backend
):
    search_backend.refresh()
    member = Client()
    member.force_login(people.member_a)

    for client in (Client(), member):
        page = client.get("/zoeken/", {"q": "Halffabricaat"})
        api = client.get("/api/search/", {"q": "Halffabricaat"})
        assert page.status_code == 200
        assert "Halffabricaat lessenserie" not in page.content.decode()
        assert "Halffabricaat" not in api.content.decode()


@pytest.mark.django_db
def test_renaming_a_community_renames_its_groups_and_deleting_removes_them(communities):
    community = communities.b
    community.title = "Kenniskring Sociale Veiligheid"
    community.save_revision().publish()
    community.refresh_from_db()

    assert community.moderators_group.name.startswith("Kenniskring Sociale Veiligheid")
    group_ids = [community.moderators_group_id, community.members_group_id]

    community.delete()

    assert not Group.objects.filter(pk__in=group_ids).exists()
