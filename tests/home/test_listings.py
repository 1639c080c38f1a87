"""The section overviews: filters, pagination, and only published pages, as a visitor sees them."""

from datetime import timedelta

from django.utils import timezone

import pytest

from communities.factories import CommunityPageFactory
from communities.models import CommunityForm, CommunityStatus
from home.factories import SectorFactory, ThemeFactory
from home.models import ensure_section_pages
from resources.factories import EventPageFactory, StoryPageFactory, ToolPageFactory
from resources.models import ToolPhase


def listed(client, section, pages, **params):
    """Which of ``pages`` the section's overview links to, given the filter parameters."""
    response = client.get(ensure_section_pages()[section].url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return {page for page in pages if f'href="{page.url}"' in html}


@pytest.mark.django_db
def test_the_filter_form_shows_the_chosen_values(client):
    theme = ThemeFactory(name="Burgerschap", slug="burgerschap")
    ThemeFactory(name="Lezen", slug="lezen")
    url = ensure_section_pages()["communities"].url

    chosen = client.get(url, {"theme": theme.slug, "status": CommunityStatus.ACTIVE}).content
    unfiltered = client.get(url).content.decode()

    html = chosen.decode()
    assert '<option value="burgerschap" selected>Burgerschap</option>' in html
    assert '<option value="lezen">Lezen</option>' in html
    assert f'<option value="{CommunityStatus.ACTIVE}" selected>' in html
    assert '<select name="theme" id="id_theme">' in unfiltered
    assert '<option value="" selected>Alle</option>' in unfiltered
    assert " selected>Burgerschap" not in unfiltered


@pytest.mark.django_db
class TestCommunityOverview:
    def test_filters_on_theme_and_sector(self, client):
        citizenship, reading = ThemeFactory(), ThemeFactory()
        primary, secondary = SectorFactory(), SectorFactory()
        first = CommunityPageFactory(themes=[citizenship], sectors=[primary])
        second = CommunityPageFactory(themes=[reading], sectors=[secondary])
        both = CommunityPageFactory(themes=[citizenship, reading], sectors=[primary, secondary])
        everyone = [first, second, both]

        assert listed(client, "communities", everyone, theme=citizenship.slug) == {first, both}
        assert listed(client, "communities", everyone, sector=secondary.slug) == {second, both}
        assert listed(
            client, "communities", everyone, theme=citizenship.slug, sector=secondary.slug
        ) == {both}

    def test_filters_on_status_and_form(self, client):
        forming = CommunityPageFactory(
            status=CommunityStatus.FORMING, form=CommunityForm.STRUCTURE
        )
        active_process = CommunityPageFactory(
            status=CommunityStatus.ACTIVE, form=CommunityForm.PROCESS
        )
        concluded_process = CommunityPageFactory(
            status=CommunityStatus.CONCLUDED, form=CommunityForm.PROCESS
        )
        everyone = [forming, active_process, concluded_process]

        assert listed(client, "communities", everyone, status="afgerond") == {concluded_process}
        assert listed(client, "communities", everyone, form="procesmodel") == {
            active_process,
            concluded_process,
        }
        assert listed(client, "communities", everyone, form="procesmodel", status="actief") == {
            active_process
        }
        assert listed(client, "communities", everyone, form="activiteitenmodel") == set()

    def test_unknown_filter_values_are_ignored(self, client):
        communities = [CommunityPageFactory(), CommunityPageFactory()]

        assert listed(
            client,
            "communities",
            communities,
            theme="bestaat-niet",
            sector="<script>",
            status="opgeheven",
            form="99",
        ) == set(communities)

    def test_drafts_are_never_listed(self, client):
        theme = ThemeFactory()
        published = CommunityPageFactory(themes=[theme])
        draft = CommunityPageFactory(themes=[theme], live=False)

        assert listed(client, "communities", [published, draft]) == {published}
        assert listed(client, "communities", [published, draft], theme=theme.slug) == {published}


@pytest.mark.django_db
class TestPagination:
    @pytest.fixture
    def communities(self):
        # Thirteen communities: a full page of twelve, and one on the second page.
        return [CommunityPageFactory(title=f"Gemeenschap {n:02d}") for n in range(1, 14)]

    def test_the_first_page_shows_twelve_and_the_second_the_rest(self, client, communities):
        assert listed(client, "communities", communities) == set(communities[:12])
        assert listed(client, "communities", communities, pagina="2") == {communities[12]}

    def test_a_page_number_out_of_range_shows_the_last_page(self, client, communities):
        for number in ["3", "99"]:
            assert listed(client, "communities", communities, pagina=number) == {communities[12]}

    def test_a_page_number_that_is_not_a_number_shows_the_first_page(self, client, communities):
        for number in ["twee", "", "2.5"]:
            assert listed(client, "communities", communities, pagina=number) == set(
                communities[:12]
            )

    def test_filters_and_pages_combine(self, client, communities):
        theme = ThemeFactory()
        themed = [
            CommunityPageFactory(title=f"Thematisch {n:02d}", themes=[theme]) for n in (1, 2)
        ]

        assert listed(client, "communities", themed, theme=theme.slug, pagina="2") == set(themed)


@pytest.mark.django_db
class TestToolOverview:
    def test_lists_published_tools_from_the_section_and_from_communities(self, client):
        community = CommunityPageFactory()
        in_section = ToolPageFactory()
        in_community = ToolPageFactory(parent=community)
        draft_in_section = ToolPageFactory(live=False)
        draft_in_community = ToolPageFactory(parent=community, live=False)

        tools = [in_section, in_community, draft_in_section, draft_in_community]
        assert listed(client, "tools", tools) == {in_section, in_community}

    def test_filters_on_phase_and_theme(self, client):
        theme = ThemeFactory()
        evaluate = ToolPageFactory(phase=ToolPhase.EVALUATE, themes=[theme])
        evaluate_other = ToolPageFactory(phase=ToolPhase.EVALUATE, parent=CommunityPageFactory())
        develop = ToolPageFactory(phase=ToolPhase.DEVELOP, themes=[theme])
        tools = [evaluate, evaluate_other, develop]

        assert listed(client, "tools", tools, phase="evalueren") == {evaluate, evaluate_other}
        assert listed(client, "tools", tools, theme=theme.slug) == {evaluate, develop}
        assert listed(client, "tools", tools, phase="evalueren", theme=theme.slug) == {evaluate}
        assert listed(client, "tools", tools, phase="onbekend") == set(tools)


@pytest.mark.django_db
def test_the_story_overview_filters_on_theme_and_hides_drafts(client):
    theme = ThemeFactory()
    themed = StoryPageFactory(themes=[theme])
    other = StoryPageFactory()
    draft = StoryPageFactory(themes=[theme], live=False)
    stories = [themed, other, draft]

    assert listed(client, "stories", stories) == {themed, other}
    assert listed(client, "stories", stories, theme=theme.slug) == {themed}


@pytest.mark.django_db
class TestAgenda:
    @pytest.fixture
    def events(self):
        now = timezone.now()
        return {
            "next_month": EventPageFactory(start=now + timedelta(days=30)),
            "next_week": EventPageFactory(start=now + timedelta(days=7)),
            "last_week": EventPageFactory(start=now - timedelta(days=7)),
            "last_year": EventPageFactory(start=now - timedelta(days=365)),
            "draft": EventPageFactory(start=now + timedelta(days=3), live=False),
            "past_draft": EventPageFactory(start=now - timedelta(days=3), live=False),
        }

    def test_shows_upcoming_events_by_default_soonest_first(self, client, events):
        response = client.get(ensure_section_pages()["events"].url)
        html = response.content.decode()

        assert listed(client, "events", events.values()) == {
            events["next_week"],
            events["next_month"],
        }
        assert html.index(events["next_week"].url) < html.index(events["next_month"].url)

    def test_shows_past_events_on_request_latest_first(self, client, events):
        response = client.get(ensure_section_pages()["events"].url, {"period": "voorbij"})
        html = response.content.decode()

        assert listed(client, "events", events.values(), period="voorbij") == {
            events["last_week"],
            events["last_year"],
        }
        assert html.index(events["last_week"].url) < html.index(events["last_year"].url)

    def test_an_unknown_period_shows_upcoming_events(self, client, events):
        assert listed(client, "events", events.values(), period="gisteren") == {
            events["next_week"],
            events["next_month"],
        }
