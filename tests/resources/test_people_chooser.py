"""The people involved in a practice example are chosen in a searchable chooser that offers the
community's own people first, and only the people its author may choose."""

import json
import re
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from playwright.sync_api import expect

from communities.factories import CommunityPageFactory, CommunityRoleFactory, PersonFactory
from communities.models import CommunityRoleType
from communities.roles import EDITORS_GROUP, ensure_site_groups
from home.models import Organisation
from resources.factories import PracticeExamplePageFactory
from resources.models import PracticeExamplePage

PASSWORD = "Een-lang-wachtwoord-42"


def publish(page):
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def site(db, django_user_model):
    """Two communities, a moderator of the first, an editor, someone with only admin access,
    and people: two in the first community, one in the second, one listed in Wie weet wat and
    one in neither."""
    ensure_site_groups()
    a = publish(CommunityPageFactory(title="Netwerk Burgerschap"))
    b = publish(CommunityPageFactory(title="Kenniskring Veiligheid"))

    def user(username, *groups):
        account = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        account.groups.add(*groups)
        return account

    outsider = user("buitenstaander")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    school = Organisation.objects.create(name="Lyceum Zuid")
    # By name the community's own people would come last: first is the chooser's doing.
    own = PersonFactory(name="Zeger Zuidema", organisation=school)
    colleague = PersonFactory(name="Wim Wessels")
    listed = PersonFactory(name="Anna Aalders", consent_to_contact=True)
    other = PersonFactory(name="Bram Buitenhof")
    nobody = PersonFactory(name="Carla Cremer")
    CommunityRoleFactory(page=a, person=own, role=CommunityRoleType.MODERATOR)
    CommunityRoleFactory(page=a, person=colleague, role=CommunityRoleType.MEMBER)
    CommunityRoleFactory(page=b, person=other, role=CommunityRoleType.MEMBER)
    return SimpleNamespace(
        a=a,
        b=b,
        moderator_a=user("moderator-a", a.moderators_group),
        editor=user("redacteur", Group.objects.get(name=EDITORS_GROUP)),
        outsider=outsider,
        own=own,
        colleague=colleague,
        listed=listed,
        other=other,
        nobody=nobody,
    )


def chooser_names(response):
    """The names the chooser lists, top to bottom."""
    assert response.status_code == 200
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        body = json.loads(body)["html"]
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<(]+?)\s*(?:\(|<)", body)


def choose_url(community=None, **params):
    if community is not None:
        params["community"] = community.pk
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('people_chooser:choose')}?{query}"


@pytest.mark.django_db
def test_the_chooser_lists_the_communitys_own_people_first(site):
    names = chooser_names(logged_in(site.moderator_a).get(choose_url(site.a)))

    assert names == ["Wim Wessels", "Zeger Zuidema", "Anna Aalders"]


@pytest.mark.django_db
def test_a_moderator_is_offered_no_other_communitys_people_nor_the_unlisted(site):
    client = logged_in(site.moderator_a)

    # Another community's page id in the address counts for nothing to someone outside it.
    assert chooser_names(client.get(choose_url(site.b))) == ["Anna Aalders"]
    assert chooser_names(client.get(choose_url())) == ["Anna Aalders"]


@pytest.mark.django_db
def test_an_editor_is_offered_everyone_the_communitys_people_first(site):
    names = chooser_names(logged_in(site.editor).get(choose_url(site.a)))

    assert names == [
        "Wim Wessels",
        "Zeger Zuidema",
        "Anna Aalders",
        "Bram Buitenhof",
        "Carla Cremer",
    ]


@pytest.mark.django_db
def test_searching_finds_a_person_by_name_and_by_organisation(site):
    client = logged_in(site.moderator_a)
    results = reverse("people_chooser:choose_results")

    by_name = client.get(results, {"community": site.a.pk, "q": "wessel"})
    by_organisation = client.get(results, {"community": site.a.pk, "q": "lyceum"})
    nothing = client.get(results, {"community": site.a.pk, "q": "buitenhof"})

    assert chooser_names(by_name) == ["Wim Wessels"]
    assert chooser_names(by_organisation) == ["Zeger Zuidema"]
    assert chooser_names(nothing) == []


@pytest.mark.django_db
def test_choosing_several_returns_them_and_never_a_person_not_offered(site):
    client = logged_in(site.moderator_a)
    url = reverse("people_chooser:chosen_multiple")

    response = client.get(
        url, {"community": site.a.pk, "id": [site.own.pk, site.listed.pk, site.nobody.pk]}
    )

    chosen = response.json()["result"]
    assert {item["title"] for item in chosen} == {"Zeger Zuidema (Lyceum Zuid)", "Anna Aalders"}
    single = reverse("people_chooser:chosen", args=[site.nobody.pk])
    assert client.get(single, {"community": site.a.pk}).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_and_users_who_write_no_pages_get_no_list(site):
    for url in (choose_url(site.a), reverse("people_chooser:choose_results")):
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))
        # Refused as the admin refuses any screen: back to the dashboard, with a message.
        outsider = logged_in(site.outsider).get(url)
        assert outsider.status_code == 302
        assert outsider["Location"] == reverse("wagtailadmin_home")


# The practice example's editor ---------------------------------------------------------------


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def example_form(example, people, **changes):
    return nested_form_data(
        {
            "title": example.title,
            "slug": example.slug,
            "intro": example.intro,
            "background": rich_text(""),
            "approach": rich_text(""),
            "results": rich_text(""),
            "lessons_learned": rich_text(""),
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "social_text": "",
            **changes,
        }
    ) | {"people_involved": [str(person.pk) for person in people]}


@pytest.mark.django_db
def test_the_editor_shows_a_chooser_with_the_chosen_people_not_check_boxes(site):
    example = publish(PracticeExamplePageFactory(parent=site.a, title="Samen lessen ontwerpen"))
    example.people_involved.set([site.own])
    example.save_revision().publish()

    html = logged_in(site.moderator_a).get(edit_url(example)).content.decode()

    assert 'id="id_people_involved-chooser"' in html
    assert f'data-chooser-url="{reverse("people_chooser:choose")}?community={site.a.pk}"' in html
    assert f'<input type="hidden" name="people_involved" value="{site.own.pk}">' in html
    assert 'type="checkbox" name="people_involved"' not in html
    # Nobody outside those offered is named on the page, as a check box did for everyone.
    assert "Carla Cremer" not in html and "Bram Buitenhof" not in html


@pytest.mark.django_db
def test_a_new_practice_example_offers_its_communitys_people(site):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["resources", "practiceexamplepage", site.a.pk]
    )

    html = logged_in(site.moderator_a).get(add_url).content.decode()

    assert f'data-chooser-url="{reverse("people_chooser:choose")}?community={site.a.pk}"' in html


@pytest.mark.django_db
def test_saving_with_two_chosen_people_stores_both(site):
    example = publish(PracticeExamplePageFactory(parent=site.a, title="Samen lessen ontwerpen"))

    response = logged_in(site.editor).post(
        edit_url(example), example_form(example, [site.own, site.other], **{"action-publish": "1"})
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    example = PracticeExamplePage.objects.get(pk=example.pk)
    assert set(example.people_involved.all()) == {site.own, site.other}


@pytest.mark.django_db
def test_a_moderators_draft_keeps_both_people_and_refuses_one_not_offered(site):
    example = publish(PracticeExamplePageFactory(parent=site.a, title="Samen lessen ontwerpen"))
    example.people_involved.set([site.other])  # put there by the editors earlier
    example.save_revision().publish()
    client = logged_in(site.moderator_a)

    saved = client.post(edit_url(example), example_form(example, [site.other, site.colleague]))
    forged = client.post(edit_url(example), example_form(example, [site.own, site.nobody]))

    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    draft = Page.objects.get(pk=example.pk).get_latest_revision_as_object()
    assert set(draft.people_involved.all()) == {site.other, site.colleague}
    assert forged.status_code == 200
    assert "people_involved" in forged.context["form"].errors
    # The form that comes back names no one the moderator may not choose: trying ids would
    # otherwise read every person's name.
    assert site.nobody.name not in forged.content.decode()


# In Chromium: the widget's own script ---------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_moderator_adds_people_from_the_chooser_and_removes_one(site, browser_page):
    example = publish(PracticeExamplePageFactory(parent=site.a, title="Samen lessen ontwerpen"))
    site.moderator_a.set_password(PASSWORD)
    site.moderator_a.save()
    page = browser_page
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(site.moderator_a.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(edit_url(example))
    chooser = page.locator("#id_people_involved-chooser")
    expect(chooser).to_contain_text("Nog niemand gekozen.")
    page.get_by_role("button", name="Personen kiezen").click()
    modal = page.locator(".modal")
    # The community's own people at the top of the list, searchable there.
    expect(modal.locator("tbody tr").first).to_contain_text("Wim Wessels")
    # A search keeps to the community: its own people are found, listed or not.
    modal.get_by_role("textbox", name="Zoekterm").fill("lyceum")
    expect(modal.locator("tbody tr")).to_have_count(1)
    expect(modal.locator("tbody tr")).to_contain_text("Zeger Zuidema")
    modal.get_by_role("textbox", name="Zoekterm").fill("")
    expect(modal.locator("tbody tr")).to_have_count(3)
    modal.locator(f"#chooser-modal-select-{site.colleague.pk}").check()
    modal.locator(f"#chooser-modal-select-{site.listed.pk}").check()
    modal.locator("[data-multiple-choice-submit]").click()

    items = chooser.locator("[data-chooser-item]")
    expect(items).to_have_count(2)
    expect(chooser.locator("[data-chooser-empty]")).to_be_hidden()
    chooser.get_by_role("button", name="Verwijderen Wim Wessels").click()
    expect(items).to_have_count(1)
    expect(items).to_contain_text("Anna Aalders")
    sent = page.evaluate(
        "() => new FormData(document.querySelector('#page-edit-form')).getAll('people_involved')"
    )
    assert sent == [str(site.listed.pk)]
