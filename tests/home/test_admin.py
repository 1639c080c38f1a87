"""Editors reach every editing screen: page forms, taxonomy snippets, modeladmin listings."""

from django.urls import reverse

from wagtail.models import get_page_models

import pytest

from communities.models import CommunityPage, Person
from home.models import Organisation, Region, Sector, Theme, ensure_section_pages, get_home_page
from resources.models import PracticeExamplePage, ToolPage


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def sections(db):
    return ensure_section_pages()


@pytest.fixture
def community(sections):
    page = CommunityPage(title="Kenniskring Burgerschap", central_question="Hoe?")
    sections["communities"].add_child(instance=page)
    return page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app_label", "model_name", "parent"),
    [
        ("home", "standardpage", "home"),
        ("communities", "communitypage", "communities"),
        ("resources", "practiceexamplepage", "community"),
        ("resources", "toolpage", "tools"),
        ("resources", "toolpage", "community"),
        ("resources", "storypage", "stories"),
        ("resources", "eventpage", "events"),
    ],
)
def test_create_form_renders_for_every_page_type(
    admin_client, sections, community, app_label, model_name, parent
):
    parent_page = {"home": get_home_page(), "community": community, **sections}[parent]
    url = reverse("wagtailadmin_pages:add", args=(app_label, model_name, parent_page.pk))

    response = admin_client.get(url)

    assert response.status_code == 200
    assert b'name="title"' in response.content


@pytest.mark.django_db
def test_editor_creates_community_through_the_admin(admin_client, sections):
    theme = Theme.objects.create(name="Burgerschap", slug="burgerschap")
    sector = Sector.objects.create(name="Voortgezet onderwijs", slug="vo", abbreviation="vo")
    url = reverse(
        "wagtailadmin_pages:add",
        args=("communities", "communitypage", sections["communities"].pk),
    )
    form = {
        "title": "Netwerk Burgerschap Utrecht",
        "slug": "netwerk-burgerschap-utrecht",
        "intro": "Docenten delen lessen over burgerschap.",
        "central_question": "Hoe geef je burgerschap vorm in de les?",
        "form": "procesmodel",
        "status": "actief",
        "themes": [theme.pk],
        "sectors": [sector.pk],
        "meeting_format": "blended",
        "body-count": "0",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "harvest-TOTAL_FORMS": "0",
        "harvest-INITIAL_FORMS": "0",
        "harvest-MIN_NUM_FORMS": "0",
        "harvest-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = CommunityPage.objects.get(slug="netwerk-burgerschap-utrecht")
    assert page.live
    assert list(page.themes.all()) == [theme]
    assert page.get_parent().pk == sections["communities"].pk


@pytest.mark.django_db
def test_concluded_fields_are_rejected_for_an_active_community_in_the_admin(
    admin_client, community
):
    url = reverse("wagtailadmin_pages:edit", args=(community.pk,))
    form = {
        "title": community.title,
        "slug": community.slug,
        "central_question": "Hoe?",
        "form": "structuurmodel",
        "status": "actief",
        "concluded_on": "2026-01-31",
        "meeting_format": "online",
        "body-count": "0",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "harvest-TOTAL_FORMS": "0",
        "harvest-INITIAL_FORMS": "0",
        "harvest-MIN_NUM_FORMS": "0",
        "harvest-MAX_NUM_FORMS": "1000",
    }

    response = admin_client.post(url, form)

    assert response.status_code == 200
    assert "concluded_on" in response.context["form"].errors
    community.refresh_from_db()
    assert community.concluded_on is None


@pytest.mark.django_db
def test_taxonomy_and_people_listings_filter_and_search(admin_client):
    region = Region.objects.create(name="Utrecht", slug="utrecht")
    Organisation.objects.create(name="Hogeschool Utrecht", region=region)
    Organisation.objects.create(name="Kunstlab Zwolle")
    Person.objects.create(name="Anna de Vries", consent_to_contact=True)
    Person.objects.create(name="Bram Jansen", consent_to_contact=False)
    Theme.objects.create(name="Sociale veiligheid", slug="sociale-veiligheid")

    themes = admin_client.get(reverse("wagtailsnippets_home_theme:list"))
    organisations = admin_client.get("/admin/home/organisation/", {"region__id__exact": region.pk})
    people = admin_client.get("/admin/communities/person/", {"consent_to_contact__exact": "1"})

    assert themes.status_code == 200
    assert "Sociale veiligheid" in themes.content.decode()
    assert organisations.status_code == 200
    assert "Hogeschool Utrecht" in organisations.content.decode()
    assert "Kunstlab Zwolle" not in organisations.content.decode()
    assert people.status_code == 200
    assert "Anna de Vries" in people.content.decode()
    assert "Bram Jansen" not in people.content.decode()


PORTAL_APPS = {"home", "communities", "resources", "exchange"}


def test_every_page_type_says_what_it_is_for():
    for model in get_page_models():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        description = str(model.get_page_description())
        name = str(model._meta.verbose_name)
        # More than its name over again: what it holds, and who writes it where that matters.
        assert len(description) > len(name) + 30, model.__name__
        assert description.rstrip(".").casefold() != name.casefold(), model.__name__


@pytest.mark.django_db
def test_choosing_a_page_type_shows_what_each_is_for(admin_client, community):
    content = admin_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=[community.pk])
    ).content.decode()

    for model in (PracticeExamplePage, ToolPage):
        assert str(model.get_page_description()) in content, model.__name__


def panel_fields(panel):
    names = {panel.field_name} if getattr(panel, "field_name", None) else set()
    for child in getattr(panel, "children", ()):
        names |= panel_fields(child)
    return names


def test_the_card_image_sits_with_the_content_not_among_the_properties():
    for model in get_page_models():
        if model._meta.app_label not in PORTAL_APPS or not hasattr(model, "listing_image"):
            continue
        content, *other_tabs = model.get_edit_handler().children
        assert "listing_image" in panel_fields(content), model.__name__
        for tab in other_tabs:
            assert "listing_image" not in panel_fields(tab), (model.__name__, tab.heading)
