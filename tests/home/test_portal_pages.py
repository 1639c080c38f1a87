"""The pages every public portal has (privacy, accessibility, contact, colofon): created by
migration under the home page, linked from a footer editors change in the site settings."""

import importlib
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.test import Client

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from home.migrated_pages import give_first_revisions
from home.models import StandardPage
from home.site_settings import FooterSettings

portal_pages = importlib.import_module("home.migrations.0005_portal_pages")

SLUGS = ["privacyverklaring", "toegankelijkheidsverklaring", "contact", "colofon"]


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


def footer_links(path="/"):
    """The footer's page links as (text, href, lang) in order."""
    response = Client().get(path)
    assert response.status_code == 200
    content = response.content.decode()
    nav = re.search(r'<nav class="site-footer__pages".*?</nav>', content, re.DOTALL)
    if nav is None:
        return []
    return [
        (text, href, lang or None)
        for href, lang, text in re.findall(
            r'<a href="([^"]+)"(?: lang="(\w+)")?>([^<]+)</a>', nav.group(0)
        )
    ]


def test_a_fresh_portal_has_the_four_pages_published_under_its_home_page(site):
    pages = StandardPage.objects.child_of(site.root_page).order_by("path")

    assert [page.slug for page in pages] == SLUGS
    assert all(page.live for page in pages)
    assert Page.find_problems() == ([], [], [], [], [])
    for page in pages:
        response = Client().get(page.url)
        assert response.status_code == 200
        assert page.intro in response.content.decode()


def test_they_start_with_a_revision_as_a_page_an_editor_made(site):
    """home.migrated_pages, after migrate: the admin's history starts from how they began."""
    for page in StandardPage.objects.child_of(site.root_page).live():
        assert page.live_revision_id is not None
        assert page.latest_revision_id == page.live_revision_id
        assert not page.has_unpublished_changes
        assert page.get_latest_revision_as_object().body.raw_data == page.body.raw_data


def test_a_page_given_its_first_revision_keeps_its_publication_date(site):
    page = StandardPage.objects.get(slug="colofon")
    published = page.first_published_at
    Page.objects.filter(pk=page.pk).update(latest_revision=None, live_revision=None)
    page.revisions.all().delete()

    give_first_revisions()

    page = StandardPage.objects.get(pk=page.pk)
    assert page.live_revision_id is not None
    assert page.first_published_at == published


def test_an_alias_is_left_without_a_revision_of_its_own(site):
    """An alias is live without revisions; saving one as a revision is an error in Wagtail."""
    alias = StandardPage.objects.get(slug="colofon").create_alias(update_slug="colofon-kopie")

    give_first_revisions()

    alias = StandardPage.objects.get(pk=alias.pk)
    assert alias.latest_revision_id is None
    assert alias.alias_of_id is not None


def test_the_footer_links_to_them_in_order(site):
    assert footer_links() == [
        ("Privacyverklaring", "/privacyverklaring/", None),
        ("Toegankelijkheidsverklaring", "/toegankelijkheidsverklaring/", None),
        ("Contact", "/contact/", None),
        ("Colofon", "/colofon/", None),
    ]


def test_under_english_the_dutch_titles_are_marked_dutch(site):
    links = footer_links("/en/")

    assert [(text, lang) for text, _href, lang in links] == [
        ("Privacyverklaring", "nl"),
        ("Toegankelijkheidsverklaring", "nl"),
        ("Contact", "nl"),
        ("Colofon", "nl"),
    ]
    assert all(href.startswith("/en/") for _text, href, _lang in links)


def test_editors_choose_the_links_and_their_text(site):
    footer = FooterSettings.for_site(site)
    contact = StandardPage.objects.get(slug="contact")
    colofon = StandardPage.objects.get(slug="colofon")
    footer.page_links = [
        ("link", {"page": colofon, "label": "Over ons"}),
        ("link", {"page": contact, "label": ""}),
    ]
    footer.full_clean()
    footer.save()

    assert footer_links() == [("Over ons", "/colofon/", None), ("Contact", "/contact/", None)]


def test_a_linked_page_a_visitor_cannot_open_is_left_out(site):
    StandardPage.objects.get(slug="contact").unpublish()
    PageViewRestriction.objects.create(
        page=StandardPage.objects.get(slug="colofon"),
        restriction_type=PageViewRestriction.LOGIN,
    )

    assert [text for text, _href, _lang in footer_links()] == [
        "Privacyverklaring",
        "Toegankelijkheidsverklaring",
    ]


def test_the_privacy_statement_names_every_retention_period_of_docs_privacy(site):
    """The statement visitors read says what the documentation for administrators says."""
    documented = Path(settings.BASE_DIR, "docs", "privacy.md").read_text()
    periods = set(re.findall(r"(\d+) days", documented))
    statement = Client().get("/privacyverklaring/").content.decode()

    assert periods == {"90", "30", "180", "60"}
    for days in periods:
        assert f"{days} dagen" in statement
    # "a year at the latest" for askers' addresses, "a day" for failed logins, "a week" for
    # unconfirmed follows
    assert "uiterlijk na een jaar" in statement
    assert "een dag" in statement
    assert "een week" in statement


def test_running_the_migration_again_links_existing_pages_and_recreates_a_missing_one(site):
    StandardPage.objects.get(slug="colofon").delete()
    contact = StandardPage.objects.get(slug="contact")
    contact.title = "Contact met de redactie"
    contact.save_revision().publish()
    footer = FooterSettings.for_site(site)
    footer.page_links = []
    footer.save()

    portal_pages.create_portal_pages(apps, None)

    pages = StandardPage.objects.child_of(site.root_page).order_by("path")
    assert [page.slug for page in pages] == SLUGS
    assert pages.get(slug="contact").pk == contact.pk
    assert pages.get(slug="contact").title == "Contact met de redactie"
    assert Page.find_problems() == ([], [], [], [], [])
    assert [text for text, _href, _lang in footer_links()] == [
        "Privacyverklaring",
        "Toegankelijkheidsverklaring",
        "Contact met de redactie",
        "Colofon",
    ]


def test_links_editors_set_are_not_overwritten(site):
    footer = FooterSettings.for_site(site)
    footer.page_links = [("link", {"page": StandardPage.objects.get(slug="colofon"), "label": ""})]
    footer.save()

    portal_pages.create_portal_pages(apps, None)

    assert [text for text, _href, _lang in footer_links()] == ["Colofon"]
