"""Every page type costs a fixed number of queries, however much it lists (no N+1).

Measured with the anonymous page cache off, as for a logged-in visitor or the first request
after a change; the site structure (menu, section links) is stored as in production. Every
listed page has an image, so a card that looks its rendition up would show as one query more
per item.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from communities.factories import CommunityPageFactory, CommunityRoleFactory, PersonFactory
from home.factories import HomePageFactory, OrganisationFactory, SectorFactory, ThemeFactory
from home.models import HomePageFeaturedCommunity, ensure_section_pages
from resources.factories import (
    EventPageFactory,
    PracticeExamplePageFactory,
    StoryPageFactory,
    ToolPageFactory,
)
from resources.models import PracticeExampleAttachment, ToolDownload
from search import database_search

# The ceiling the performance issue sets for any page that is not served from the cache.
MAX_QUERIES = 15


class Site:
    """A community with `add(n)` more of everything listed on the portal's pages."""

    def __init__(self):
        self.home = HomePageFactory()
        self.sections = ensure_section_pages()
        self.themes = [ThemeFactory(name=f"Thema {n}") for n in range(3)]
        self.sectors = [SectorFactory(name=f"Sector {n}") for n in range(2)]
        self.community = CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap")
        self.community.save_revision().publish()
        self.classify(self.community)
        self.count = 0

    def classify(self, page):
        """Themes, sectors and an image of its own, as every card in a listing shows them."""
        page.themes.set(self.themes)
        page.sectors.set(self.sectors)
        type(page).objects.filter(pk=page.pk).update(listing_image=ImageFactory())

    def add(self, n):
        for _ in range(n):
            self.count += 1
            number = self.count
            other = CommunityPageFactory(title=f"Kring {number}", slug=f"kring-{number}")
            self.classify(other)
            HomePageFeaturedCommunity.objects.create(page=self.home, community=other)
            for page in (
                PracticeExamplePageFactory(parent=self.community, title=f"Voorbeeld {number}"),
                ToolPageFactory(parent=self.community, title=f"Instrument {number}"),
                ToolPageFactory(title=f"Landelijk instrument {number}"),
                EventPageFactory(title=f"Bijeenkomst {number}", community=self.community),
            ):
                self.classify(page)
            self.attach(number)
            story = StoryPageFactory(title=f"Verhaal {number}")
            story.related_communities.set([self.community])
            self.classify(story)
            CommunityRoleFactory(page=self.community)

    def attach(self, number):
        """One more person, with an organisation, and one more document on the first practice
        example and the first tool: the lists on their own pages."""
        from resources.models import PracticeExamplePage, ToolPage

        example = PracticeExamplePage.objects.order_by("pk").first()
        example.people_involved.add(
            PersonFactory(organisation=OrganisationFactory(name=f"School {number}"))
        )
        example.attachments.add(PracticeExampleAttachment(document=DocumentFactory()))
        example.save()
        tool = ToolPage.objects.order_by("pk").first()
        tool.downloads.add(ToolDownload(document=DocumentFactory()))
        tool.save()

    def urls(self):
        from resources.models import EventPage, PracticeExamplePage, StoryPage, ToolPage

        first = {
            model: model.objects.live().order_by("pk").first()
            for model in (PracticeExamplePage, ToolPage, StoryPage, EventPage)
        }
        return {
            "home": self.home.url,
            **{f"section {name}": page.url for name, page in self.sections.items()},
            "community": self.community.url,
            "community practice examples": f"{self.community.url}praktijkvoorbeelden/",
            "community tools": f"{self.community.url}instrumenten/",
            "practice example": first[PracticeExamplePage].url,
            "tool": first[ToolPage].url,
            "story": first[StoryPage].url,
            "event": first[EventPage].url,
            "search": "/zoeken/?q=voorbeeld",
            "search with a facet": "/zoeken/?q=voorbeeld&type=tool",
            "search api": "/api/search/?q=voorbeeld",
        }


def queries_per_page(urls):
    client = Client()
    counts = {}
    for name, url in urls.items():
        client.get(url)  # the site structure is stored by the first request after a change
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_each_page_type_costs_the_same_few_queries_for_2_or_12_items(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    # Every part of the page rendered, as the first request after a change does: a stored part
    # would hide the queries of what it lists.
    settings.PAGE_PART_SECONDS = 0
    # A search counted afresh, as a search asked for the first time is.
    monkeypatch.setattr(database_search, "TALLIES_SECONDS", 0)
    site = Site()
    site.add(2)
    few = queries_per_page(site.urls())

    site.add(10)
    many = queries_per_page(site.urls())

    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many
