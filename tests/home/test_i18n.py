"""Dutch by default, with the whole interface in English under /en/."""

from django.test import Client

import pytest

from communities.factories import CommunityPageFactory
from home.models import ensure_section_pages


@pytest.fixture
def site(db):
    sections = ensure_section_pages()
    CommunityPageFactory(title="Netwerk Burgerschap")
    return sections


@pytest.mark.django_db
def test_the_interface_is_dutch_at_the_root(site):
    content = Client().get("/").content.decode()

    assert '<html lang="nl"' in content
    assert "Direct naar de inhoud" in content
    assert "Zoeken op de site" in content


@pytest.mark.django_db
def test_the_same_interface_is_english_under_en(site):
    content = Client().get("/en/").content.decode()

    assert '<html lang="en"' in content
    assert "Skip to content" in content
    assert "Search the site" in content
    assert "Direct naar de inhoud" not in content


@pytest.mark.django_db
def test_listing_filters_are_translated(site):
    content = Client().get("/en/leergemeenschappen/").content.decode()

    assert "Clear filters" in content
    assert ">Theme<" in content
    assert "1 learning community" in content


@pytest.mark.django_db
def test_every_page_links_to_itself_in_the_other_language(site):
    dutch = Client().get("/leergemeenschappen/?thema=burgerschap").content.decode()
    english = Client().get("/en/leergemeenschappen/").content.decode()

    assert 'href="/en/leergemeenschappen/?thema=burgerschap" lang="en" hreflang="en"' in dutch
    assert 'href="/leergemeenschappen/" lang="nl" hreflang="nl"' in english
    assert 'hreflang="en" aria-current="true">English<' in english
