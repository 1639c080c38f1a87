"""A result's page shows its own image below its header, and ends with what its community
offers next: its next event and its other published results, newest first
(resources.models.CommunityResultMixin)."""

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

import pytest
from wagtail_factories import ImageFactory

from resources.factories import EventPageFactory, PracticeExamplePageFactory, ToolPageFactory
from resources.models import ToolIndexPage

from .conftest import publish

PHOTO = "Twee leraren in een klaslokaal."


def more_section(page):
    """The text of the page's 'Meer van ...' section, or None without one."""
    response = Client().get(page.url)
    assert response.status_code == 200
    found = re.search(
        r'<section[^>]*aria-labelledby="community-more-heading".*?</section>',
        response.content.decode(),
        re.DOTALL,
    )
    return found and re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def published_result(factory, community, title):
    return publish(factory(parent=community, title=title))


@pytest.mark.django_db
def test_a_practice_example_ends_with_the_next_event_and_the_other_results(communities):
    now = timezone.now()
    first = published_result(PracticeExamplePageFactory, communities.a, "Lesbezoek in duo's")
    tool = published_result(ToolPageFactory, communities.a, "Gesprekskaart burgerschap")
    newest = published_result(PracticeExamplePageFactory, communities.a, "Debatweek")
    PracticeExamplePageFactory(parent=communities.a, title="Nog een concept", live=False)
    published_result(PracticeExamplePageFactory, communities.b, "Veilig op school")
    EventPageFactory(title="Voorbij", community=communities.a, start=now - timedelta(days=2))
    EventPageFactory(title="Later", community=communities.a, start=now + timedelta(days=30))
    EventPageFactory(title="Slotbijeenkomst", community=communities.a, start=now + timedelta(7))

    more = more_section(first)

    assert "Meer van Netwerk Burgerschap" in more
    assert "Volgende bijeenkomst" in more
    assert "Slotbijeenkomst" in more
    assert "Later" not in more and "Voorbij" not in more
    # The others, newest first; not the page itself, a draft or another community's.
    assert more.index(newest.title) < more.index(tool.title)
    assert "Lesbezoek" not in more
    assert "Nog een concept" not in more
    assert "Veilig op school" not in more


@pytest.mark.django_db
def test_at_most_three_other_results_are_shown(communities):
    page = published_result(PracticeExamplePageFactory, communities.a, "Startpunt")
    for number in range(5):
        published_result(PracticeExamplePageFactory, communities.a, f"Voorbeeld {number}")

    more = more_section(page)

    assert re.findall(r"Voorbeeld \d", more) == ["Voorbeeld 4", "Voorbeeld 3", "Voorbeeld 2"]


@pytest.mark.django_db
def test_a_tool_ends_with_its_communitys_results_and_a_national_tool_with_nothing(communities):
    tool = published_result(ToolPageFactory, communities.a, "Gesprekskaart")
    published_result(PracticeExamplePageFactory, communities.a, "Debatweek")
    national = publish(ToolPageFactory(title="Landelijk instrument"))

    assert "Debatweek" in more_section(tool)
    assert more_section(national) is None


@pytest.mark.django_db
def test_a_community_with_nothing_else_adds_no_section(communities):
    only = published_result(PracticeExamplePageFactory, communities.b, "Enig voorbeeld")

    assert more_section(only) is None


@pytest.mark.django_db
def test_the_next_event_moves_on_when_it_has_passed_without_a_publish(
    communities, monkeypatch, settings
):
    # The stored part, not the page cache, which keeps a whole page for minutes.
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    page = published_result(PracticeExamplePageFactory, communities.a, "Lesbezoek")
    EventPageFactory(title="Intervisie", community=communities.a, start=now + timedelta(minutes=5))
    EventPageFactory(title="Slotbijeenkomst", community=communities.a, start=now + timedelta(7))
    assert "Intervisie" in more_section(page)

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=20))

    assert "Intervisie" not in more_section(page)
    assert "Slotbijeenkomst" in more_section(page)


@pytest.mark.django_db
def test_under_english_the_communitys_dutch_name_is_marked_dutch(communities):
    page = published_result(PracticeExamplePageFactory, communities.a, "Lesbezoek")
    published_result(PracticeExamplePageFactory, communities.a, "Debatweek")

    dutch = Client().get(page.url).content.decode()
    english = Client().get(f"/en{page.url}").content.decode()

    assert 'More from <span lang="nl">Netwerk Burgerschap</span>' in english
    assert "Meer van <span>Netwerk Burgerschap</span>" in dutch


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "description", "alt"),
    [
        (PracticeExamplePageFactory, PHOTO, PHOTO),
        (ToolPageFactory, "", ""),
    ],
)
def test_a_result_shows_its_own_image_below_its_header(communities, factory, description, alt):
    image = ImageFactory(description=description)
    page = published_result(factory, communities.a, "Met beeld")
    type(page).objects.filter(pk=page.pk).update(listing_image=image)
    without = published_result(factory, communities.a, "Zonder beeld")

    content = Client().get(page.url).content.decode()

    shown = re.search(r'<div class="lead-image">(<img[^>]*>)</div>', content).group(1)
    assert f'alt="{alt}"' in shown
    assert content.index("</header>") < content.index('class="lead-image"')
    assert 'class="lead-image"' not in Client().get(without.url).content.decode()
    english = Client().get(f"/en{page.url}").content.decode()
    assert '<div class="lead-image" lang="nl"><img' in english


@pytest.mark.django_db
def test_a_card_shows_its_own_pages_image_and_no_placeholder_without_one(communities):
    tools = ToolIndexPage.objects.get()
    pictured = {}
    for title, filename in (("Rubric voor lesbezoek", "rubric.png"), ("Kijkwijzer", "kijk.png")):
        page = published_result(ToolPageFactory, communities.a, title)
        image = ImageFactory(file__filename=filename)
        type(page).objects.filter(pk=page.pk).update(listing_image=image)
        pictured[title] = image
    published_result(ToolPageFactory, communities.a, "Zonder beeld")

    content = Client().get(tools.url).content.decode()

    cards = re.findall(r'<article class="card">.*?</article>', content, re.S)
    by_title = {re.search(r'<a href="[^"]+">([^<]+)</a>', card).group(1): card for card in cards}
    for title, image in pictured.items():
        rendition = image.get_rendition("fill-480x270")
        assert f'src="{rendition.url}"' in by_title[title]
    assert "<img" not in by_title["Zonder beeld"]
