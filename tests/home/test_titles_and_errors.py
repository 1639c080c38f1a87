"""Page titles, the error summary and the breadcrumb, as a screen reader user meets them first:
a form that comes back with errors says so in its title, each workspace and each filtered
search has a title of its own, and the join form, not its community, is the current page."""

import re
from html import unescape

from django.conf import settings
from django.test import Client

from wagtail.models import Page

import pytest

from communities.factories import CommunityPageFactory
from communities.models import WorkspaceItemPage, WorkspacePage
from home.factories import ThemeFactory

DASH = "\N{EN DASH}"
OPEN, CLOSE = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
PASSWORD = "wachtwoord-123"


def title_of(response):
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1])


def published(page):
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def community(db):
    return published(CommunityPageFactory(title="Kenniskring Mentoraat", slug="mentoraat"))


def join_url(community):
    return community.url + community.reverse_subpage("join")


@pytest.mark.django_db
def test_a_form_with_errors_comes_back_with_error_in_its_title_and_a_summary_linking_the_fields(
    community,
):
    client = Client()
    assert title_of(client.get(join_url(community))).startswith(f"Meld je aan {DASH} ")

    response = client.post(join_url(community), {"name": "", "email": "geen-adres"})

    assert title_of(response) == (
        f"Fout: Meld je aan {DASH} Kenniskring Mentoraat | {settings.WAGTAIL_SITE_NAME}"
    )
    content = response.content.decode()
    summary = re.search(r'<div class="[^"]*error-summary[^"]*"(.*?)</div>', content, re.S)[0]
    assert 'tabindex="-1" autofocus' in summary
    # Each error in the summary leads to its field.
    assert 'href="#id_name"' in summary
    assert 'href="#id_email"' in summary
    assert 'id="id_name"' in content
    assert 'id="id_email"' in content


@pytest.mark.django_db
def test_the_login_title_names_the_site_once_and_no_field_takes_the_focus_first(
    django_user_model,
):
    client = Client()
    response = client.get("/account/inloggen/")
    assert title_of(response) == f"Inloggen | {settings.WAGTAIL_SITE_NAME}"
    # Focus on the username would skip the heading and the introduction for a screen reader.
    assert "autofocus" not in response.content.decode()

    django_user_model.objects.create_user("lid", "lid@example.org", PASSWORD)
    response = client.post("/account/inloggen/", {"username": "lid", "password": "fout"})
    assert title_of(response) == f"Fout: Inloggen | {settings.WAGTAIL_SITE_NAME}"
    assert response.content.decode().count("autofocus") == 1  # the error summary


@pytest.mark.django_db
def test_the_join_form_and_not_its_community_is_the_current_page_of_the_breadcrumb(community):
    content = Client().get(join_url(community)).content.decode()
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', content, re.S)[0]

    current = re.findall(r'<a href="([^"]*)" aria-current="page">([^<]*)</a>', trail)
    assert current == [(join_url(community), "Meld je aan")]
    assert f'<a href="{community.url}">Kenniskring Mentoraat</a>' in trail


@pytest.mark.django_db
def test_each_workspace_is_titled_after_its_community(community, django_user_model):
    workspace = WorkspacePage.objects.child_of(community).get()
    notes = workspace.add_child(instance=WorkspaceItemPage(title="Notulen", slug="notulen"))
    other = published(CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap"))
    member = django_user_model.objects.create_user("lid", "lid@example.org", PASSWORD)
    member.groups.add(community.members_group, other.members_group)
    client = Client()
    client.force_login(member)
    site = settings.WAGTAIL_SITE_NAME

    assert (
        title_of(client.get(workspace.url)) == f"Werkruimte {DASH} Kenniskring Mentoraat | {site}"
    )
    assert title_of(client.get(notes.url)) == (
        f"Notulen {DASH} Werkruimte {DASH} Kenniskring Mentoraat | {site}"
    )
    other_workspace = WorkspacePage.objects.child_of(other).get()
    assert title_of(client.get(other_workspace.url)) == (
        f"Werkruimte {DASH} Netwerk Burgerschap | {site}"
    )


@pytest.mark.django_db
def test_a_search_title_names_the_chosen_filter(search_backend):
    theme = ThemeFactory(name="Sociale veiligheid", slug="sociale-veiligheid")
    published(
        CommunityPageFactory(
            title="Kenniskring Mentoraat", intro="Over mentoraat in het vo.", themes=[theme]
        )
    )
    search_backend.refresh()
    client = Client()
    site = settings.WAGTAIL_SITE_NAME

    everything = client.get("/zoeken/", {"q": "mentoraat"})
    assert title_of(everything) == f"Zoekresultaten voor {OPEN}mentoraat{CLOSE} | {site}"
    filtered = client.get("/zoeken/", {"q": "mentoraat", "theme": "sociale-veiligheid"})
    assert title_of(filtered) == (
        f"Zoekresultaten voor {OPEN}mentoraat{CLOSE} {DASH} Sociale veiligheid | {site}"
    )
