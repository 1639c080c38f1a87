"""The footer's text, contact details and social links come from a site setting editors change."""

import re

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from communities.roles import EDITORS_GROUP, ensure_site_groups
from home.caching import CACHE_HEADER
from home.models import ensure_section_pages
from home.site_settings import FooterSettings

TODAYS_TEXT = (
    "Het landelijke kennisportaal van leergemeenschappen in onderwijs en cultuureducatie."
)


@pytest.fixture
def site(db):
    ensure_section_pages()
    return Site.objects.get(is_default_site=True)


def footer(path="/", **headers):
    response = Client().get(path, **headers)
    assert response.status_code == 200
    return re.search(r"<footer.*</footer>", response.content.decode(), re.DOTALL).group(0)


def set_footer(site, **values):
    footer_settings = FooterSettings.for_site(site)
    for name, value in values.items():
        setattr(footer_settings, name, value)
    footer_settings.full_clean()
    footer_settings.save()


def test_a_site_shows_the_footer_it_always_had_until_an_editor_changes_it(site):
    shown = footer()

    assert f"<p>{TODAYS_TEXT}</p>" in shown
    assert "<address" not in shown
    assert "Volg ons" not in shown


def test_the_footer_shows_the_text_contact_details_and_social_links_an_editor_set(site):
    set_footer(
        site,
        footer_text="Een initiatief van de samenwerkende onderwijsraden.",
        postal_address="Postbus 123\n3500 AA Utrecht",
        email="redactie@leergemeenschappen.nl",
        phone="+31 (0)30 123 45 67",
        social_links=[
            ("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/company/lg"}),
            ("link", {"label": "Mastodon", "url": "https://mastodon.nl/@lg"}),
        ],
    )

    shown = footer()

    assert "<p>Een initiatief van de samenwerkende onderwijsraden.</p>" in shown
    assert TODAYS_TEXT not in shown
    assert "<p>Postbus 123<br>3500 AA Utrecht</p>" in shown
    assert (
        '<a href="mailto:redactie@leergemeenschappen.nl">redactie@leergemeenschappen.nl</a>'
        in shown
    )
    # Dialled from abroad without the (0), as the notation means.
    assert '<a href="tel:+31301234567">+31 (0)30 123 45 67</a>' in shown
    assert '<a href="https://www.linkedin.com/company/lg">LinkedIn</a>' in shown
    assert '<a href="https://mastodon.nl/@lg">Mastodon</a>' in shown
    assert shown.index("LinkedIn") < shown.index("Mastodon")


def test_an_empty_field_leaves_its_line_out(site):
    set_footer(site, footer_text="", email="redactie@leergemeenschappen.nl")

    shown = footer()

    assert "<p></p>" not in shown
    assert TODAYS_TEXT not in shown
    assert "E-mail:" in shown
    assert "Telefoon:" not in shown
    assert "tel:" not in shown
    assert "Volg ons" not in shown
    address = re.search(r"<address.*</address>", shown, re.DOTALL).group(0)
    assert address.count("<p>") == 1


def test_the_text_the_portal_ships_with_is_translated_and_an_editors_own_text_is_not(site):
    assert "The national knowledge portal of learning communities" in footer("/en/")

    set_footer(site, footer_text="Een initiatief van de samenwerkende onderwijsraden.")

    assert "Een initiatief van de samenwerkende onderwijsraden." in footer("/en/")


def test_a_page_built_while_content_is_unchanged_reads_no_footer_from_the_database(site, settings):
    # Every page built, not only the whole pages stored for anonymous visitors.
    settings.PAGE_CACHE_SECONDS = 0
    set_footer(site, footer_text="Een initiatief van de samenwerkende onderwijsraden.")
    footer()

    with CaptureQueriesContext(connection) as queries:
        shown = footer()

    assert "Een initiatief van de samenwerkende onderwijsraden." in shown
    footer_table = FooterSettings._meta.db_table
    assert not [query["sql"] for query in queries if footer_table in query["sql"]]


def test_each_site_shows_its_own_footer(site):
    other = Site.objects.create(hostname="tweede.example", port=80, root_page=site.root_page)
    set_footer(other, footer_text="De tweede site.")

    assert f"<p>{TODAYS_TEXT}</p>" in footer()
    assert "De tweede site." not in footer()
    assert "<p>De tweede site.</p>" in footer(HTTP_HOST="tweede.example")
    assert TODAYS_TEXT not in footer(HTTP_HOST="tweede.example")


def test_a_phone_number_with_letters_is_refused(site):
    with pytest.raises(ValidationError) as raised:
        set_footer(site, phone="bel ons")

    assert set(raised.value.message_dict) == {"phone"}


def test_an_editor_changes_the_footer_and_the_next_visitor_sees_it_not_the_stored_page(
    site, django_user_model
):
    ensure_site_groups()
    editor = django_user_model.objects.create_user("redacteur", "r@example.org", "x")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    Client().get("/")
    assert Client().get("/")[CACHE_HEADER] == "hit"

    admin = Client()
    admin.force_login(editor)
    response = admin.post(
        reverse("wagtailsettings:edit", args=["home", "footersettings", site.pk]),
        nested_form_data(
            {
                "footer_text": "Een initiatief van de samenwerkende onderwijsraden.",
                "postal_address": "",
                "email": "redactie@leergemeenschappen.nl",
                "phone": "",
                "social_links": streamfield(
                    [("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/"})]
                ),
                "page_links": streamfield(
                    [("link", {"page": Page.objects.get(slug="colofon").pk, "label": "Over ons"})]
                ),
            }
        ),
    )
    assert response.status_code == 302

    visit = Client().get("/")
    assert visit[CACHE_HEADER] == "miss"
    shown = visit.content.decode()
    assert "Een initiatief van de samenwerkende onderwijsraden." in shown
    assert "mailto:redactie@leergemeenschappen.nl" in shown
    assert '<a href="/colofon/">Over ons</a>' in shown
    assert '<a href="https://www.linkedin.com/">LinkedIn</a>' in shown
    assert TODAYS_TEXT not in shown


@pytest.mark.django_db
def test_a_fresh_install_lets_the_editors_change_the_footer():
    # The test database is made by migrate alone, as a fresh install is.
    editors = Group.objects.get(name=EDITORS_GROUP)

    assert editors.permissions.filter(
        content_type__app_label="home", codename="change_footersettings"
    ).exists()
