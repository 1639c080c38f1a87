"""'Gerelateerd' on the knowledge pages: other pages most like this one, by meaning, never one a
visitor may not see, at no cost once stored, and nothing at all when the vectors cannot answer."""

import re
from types import SimpleNamespace

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import CommunityPageFactory
from home.factories import HomePageFactory, ThemeFactory
from home.models import ensure_section_pages
from portal.settings.base import engine_search_settings
from resources.factories import PracticeExamplePageFactory, StoryPageFactory, ToolPageFactory

from .helpers import closed_port

# The ceiling the performance issue sets for any page that is not served from the cache.
MAX_QUERIES = 15


def publish(page):
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


@pytest.fixture
def heritage(db):
    """An erfgoed example; two public pages about the same; the same behind a login and in a
    draft; and a page about something else."""
    HomePageFactory()
    ensure_section_pages()
    community = publish(CommunityPageFactory(title="Kenniskring Rekenen"))
    example = publish(
        PracticeExamplePageFactory(
            parent=community,
            title="Een erfgoedleerlijn met zes scholen",
            intro=(
                "Zes basisscholen maakten met het erfgoedcentrum een leerlijn over de "
                "geschiedenis van de eigen omgeving. Leerlingen gaan op pad in hun buurt, "
                "bezoeken monumenten en interviewen oudere bewoners."
            ),
        )
    )
    story = publish(
        StoryPageFactory(
            title="Oude foto's van de wijk in groep 7",
            intro=(
                "Een leerkracht liet haar leerlingen de geschiedenis van hun buurt onderzoeken "
                "met oude foto's uit het archief en gesprekken met buurtbewoners."
            ),
        )
    )
    tool = publish(
        ToolPageFactory(
            title="Lessenserie lokaal erfgoed",
            intro="Lessen waarin leerlingen erfgoed en de geschiedenis van hun dorp ontdekken.",
            purpose="Erfgoedonderwijs over de eigen omgeving in de klas brengen.",
        )
    )
    private = publish(
        PracticeExamplePageFactory(
            parent=community,
            title="Wijkgeschiedenis met leerlingen",
            intro="Leerlingen onderzoeken de geschiedenis van hun eigen buurt en wijk.",
        )
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = PracticeExamplePageFactory(
        parent=community,
        title="Erfgoed in de buurt",
        intro="Een leerlijn over de geschiedenis van de eigen omgeving, nog niet af.",
        live=False,
    )
    unrelated = publish(
        StoryPageFactory(
            title="Breuken in groep 6",
            intro="Hoe een rekencoördinator de didactiek van breuken vernieuwde.",
        )
    )
    return SimpleNamespace(
        example=example, story=story, tool=tool, private=private, draft=draft, unrelated=unrelated
    )


def related_section(content):
    match = re.search(r'<section class="section related".*?</section>', content, re.S)
    return match.group(0) if match else ""


def related_links(content):
    return re.findall(r'<a href="([^"]+)">', related_section(content))


@pytest.mark.django_db
def test_a_page_lists_the_visible_pages_most_like_it(search_backend, heritage):
    search_backend.refresh()

    content = Client().get(heritage.example.url).content.decode()

    links = related_links(content)
    section = related_section(content)
    assert '<h2 id="related-heading">Gerelateerd</h2>' in section
    assert heritage.story.url in links and heritage.tool.url in links
    assert len(links) <= 4
    # With the type each one is, as the search names it.
    assert "Verhaal" in section and "Instrument" in section
    assert heritage.example.url not in links
    assert heritage.private.url not in links and heritage.private.title not in section
    assert heritage.draft.title not in section
    assert heritage.unrelated.url not in links


@pytest.mark.django_db
def test_related_pages_cost_nothing_once_stored_and_few_queries_before(
    search_backend, heritage, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    search_backend.refresh()
    client = Client()

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    client.get(heritage.tool.url)  # the site structure is stored by the first request
    settings.SEMANTIC_SEARCH = False
    client.get(heritage.example.url)  # and the page's own stored parts by its first
    without, content = queries(heritage.example.url)
    assert related_links(content) == []
    settings.SEMANTIC_SEARCH = True
    first, content = queries(heritage.example.url)
    assert related_links(content)
    stored, content = queries(heritage.example.url)

    assert related_links(content)
    assert first <= MAX_QUERIES
    assert stored == without


@pytest.mark.django_db
def test_without_the_vector_index_the_page_shows_no_related_pages_and_no_error(
    search_backend, heritage, settings
):
    # The anonymous page cache aside, which keeps a page as it was first shown.
    settings.PAGE_CACHE_SECONDS = 0
    search_backend.refresh()
    working = settings.WAGTAILSEARCH_BACKENDS
    # An engine nobody answers at, and no database to fall back on.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **engine_search_settings("opensearch3", f"http://127.0.0.1:{closed_port()}"),
            "TIMEOUT": 2,
        }
    }

    response = Client().get(heritage.example.url)

    assert response.status_code == 200
    assert related_section(response.content.decode()) == ""
    # 'Gerelateerd' stored nothing for the failure: once the index answers again, so does it.
    settings.WAGTAILSEARCH_BACKENDS = working
    assert heritage.story.url in related_links(Client().get(heritage.example.url).content.decode())


@pytest.mark.django_db
def test_without_meaning_to_go_by_a_page_lists_the_pages_sharing_most_of_its_themes(
    heritage, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SEMANTIC_SEARCH = False
    heritage_theme, local, arithmetic = (
        ThemeFactory(name="Erfgoed"),
        ThemeFactory(name="Lokale geschiedenis"),
        ThemeFactory(name="Rekenen"),
    )

    def file_under(page, *themes):
        page.themes.set(themes)
        return publish(page)

    file_under(heritage.example, heritage_theme, local)
    file_under(heritage.story, heritage_theme)
    file_under(heritage.tool, heritage_theme, local)
    file_under(heritage.private, heritage_theme, local)
    file_under(heritage.unrelated, arithmetic)

    content = Client().get(heritage.example.url).content.decode()

    # The tool shares both themes, the story one; what shares none, or is private, is left out.
    assert related_links(content) == [heritage.tool.url, heritage.story.url]
    assert "Instrument" in related_section(content)
