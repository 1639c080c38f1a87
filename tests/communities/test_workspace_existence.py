"""Below a workspace, an outsider cannot tell a page that exists from one that does not."""

import re

from django.test import Client

import pytest

from communities.models import CommunityPage, WorkspaceItemPage


@pytest.fixture
def items(communities):
    """A live page and a draft in community A's workspace, and a URL of neither."""
    shared = WorkspaceItemPage(title="Halffabricaat lessenserie", slug="halffabricaat")
    communities.workspace_a.add_child(instance=shared)
    shared.save_revision().publish()
    draft = WorkspaceItemPage(title="Conceptverslag", slug="conceptverslag", live=False)
    communities.workspace_a.add_child(instance=draft)
    draft.save_revision()
    workspace_url = communities.workspace_a.url
    return {
        "existing": shared.url,
        "draft": f"{workspace_url}conceptverslag/",
        "made up": f"{workspace_url}ontslagbrief-jan/",
        "made up below a page": f"{shared.url}notulen-ouderavond/",
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def shape(response, url):
    """Status, body and redirect of a response, with what differs per request or per URL
    (CSRF tokens, nonces, the URL itself) taken out."""
    body = response.content.decode()
    body = re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r'\1""', body)
    location = response.get("Location", "")
    return response.status_code, body.replace(url, "<url>"), location.replace(url, "<url>")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "moderator_b"])
def test_outsiders_get_the_same_answer_for_every_url_below_a_workspace(people, items, who):
    client = client_for(None if who == "anonymous" else people.moderator_b)

    answers = {name: shape(client.get(url), url) for name, url in items.items()}

    expected = answers["existing"]
    assert expected[0] == (302 if who == "anonymous" else 403)
    for name, answer in answers.items():
        assert answer == expected, name
    if who == "moderator_b":
        assert "Aanmelden bij Netwerk Burgerschap" in expected[1]
    else:
        assert expected[2].startswith("/account/inloggen/")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member_a", "moderator_a", "editor"])
def test_members_still_get_the_page_and_a_404_for_what_is_not_there(people, items, who):
    client = client_for(getattr(people, who))

    assert client.get(items["existing"]).status_code == 200
    assert "Halffabricaat lessenserie" in client.get(items["existing"]).content.decode()
    for name in ("draft", "made up", "made up below a page"):
        assert client.get(items[name]).status_code == 404, name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "moderator_b"])
def test_the_workspace_of_an_unpublished_community_is_not_there_for_outsiders(
    people, communities, items, who
):
    CommunityPage.objects.get(pk=communities.a.pk).unpublish()
    client = client_for(None if who == "anonymous" else people.moderator_b)

    for name, url in items.items():
        response = client.get(url)

        assert response.status_code == 404, name
        assert "Netwerk Burgerschap" not in response.content.decode()
    assert client_for(people.member_a).get(items["existing"]).status_code == 200
