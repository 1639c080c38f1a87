"""What a page says of itself when it is shared: OpenGraph and Twitter's card, with absolute
links on the public address."""

import re

from django.test import Client

import pytest
from wagtail_factories import ImageFactory

from communities.factories import CommunityPageFactory
from resources.factories import PracticeExamplePageFactory


def meta(content):
    """{property or name: content} of the page's meta elements."""
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', content))


@pytest.mark.django_db
def test_a_shared_page_has_its_title_text_address_and_large_image(settings):
    community = CommunityPageFactory(title="Kenniskring mentoraat")
    page = PracticeExamplePageFactory(
        parent=community,
        title="Mentoraat in de brugklas",
        social_text="Hoe mentoren in de brugklas elkaars lessen bezoeken.",
        social_image=ImageFactory(title="Twee mentoren"),
    )
    page.save_revision().publish()

    tags = meta(Client().get(page.url).content.decode())

    assert tags["og:title"] == "Mentoraat in de brugklas"
    assert tags["og:description"] == "Hoe mentoren in de brugklas elkaars lessen bezoeken."
    assert tags["og:url"] == f"{settings.BASE_URL}{page.url}"
    assert tags["og:image"].startswith(f"{settings.BASE_URL}/")
    assert tags["twitter:card"] == "summary_large_image"


@pytest.mark.django_db
def test_without_an_image_the_card_is_the_small_one():
    page = CommunityPageFactory(title="Kenniskring burgerschap")
    page.save_revision().publish()

    tags = meta(Client().get(page.url).content.decode())

    assert "og:image" not in tags
    assert tags["twitter:card"] == "summary"
