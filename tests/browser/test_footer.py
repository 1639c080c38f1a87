"""The footer with everything an editor can fill in, in real Chromium with axe."""

from wagtail.models import Site

import pytest
from playwright.sync_api import expect

from home.models import ensure_section_pages
from home.site_settings import FooterSettings

from .helpers import assert_accessible, serve_default_site_from


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_footer_with_contact_details_and_social_links_is_accessible(live_server, browser_page):
    ensure_section_pages()
    serve_default_site_from(live_server)
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.footer_text = "Een initiatief van de samenwerkende onderwijsraden."
    footer.postal_address = "Postbus 123\n3500 AA Utrecht"
    footer.email = "redactie@leergemeenschappen.nl"
    footer.phone = "030 123 45 67"
    footer.social_links = [
        ("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/company/lg"}),
        ("link", {"label": "Mastodon", "url": "https://mastodon.nl/@lg"}),
    ]
    footer.save()
    page = browser_page

    page.goto("/")

    contentinfo = page.get_by_role("contentinfo")
    expect(
        contentinfo.get_by_text("Een initiatief van de samenwerkende onderwijsraden.")
    ).to_be_visible()
    expect(contentinfo.get_by_text("3500 AA Utrecht")).to_be_visible()
    expect(
        contentinfo.get_by_role("link", name="redactie@leergemeenschappen.nl")
    ).to_have_attribute("href", "mailto:redactie@leergemeenschappen.nl")
    expect(contentinfo.get_by_role("link", name="030 123 45 67")).to_have_attribute(
        "href", "tel:0301234567"
    )
    social = contentinfo.get_by_role("list", name="Volg ons")
    expect(social.get_by_role("link")).to_have_text(["LinkedIn", "Mastodon"])
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_the_footer_links_to_are_accessible(live_server, browser_page):
    """The privacy and accessibility statements, contact and colofon (home.migrations.0005),
    reached through the footer as a visitor would."""
    serve_default_site_from(live_server)
    page = browser_page
    page.goto("/")
    footer_pages = page.get_by_role("navigation", name="Over dit portaal").get_by_role("link")
    expect(footer_pages).to_have_text(
        ["Privacyverklaring", "Toegankelijkheidsverklaring", "Contact", "Colofon"]
    )

    for index, title in enumerate(footer_pages.all_inner_texts()):
        page.goto("/")
        page.get_by_role("navigation", name="Over dit portaal").get_by_role("link").nth(
            index
        ).click()

        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        assert_accessible(page)
