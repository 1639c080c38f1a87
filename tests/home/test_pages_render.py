"""Every page type renders for a visitor, showing the content that makes it that kind of page."""

import datetime
from datetime import timedelta

from django.utils import timezone

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from communities.factories import CommunityPageFactory, PersonFactory
from communities.models import CommunityForm, CommunityRole, CommunityRoleType, CommunityStatus
from home.factories import HomePageFactory, OrganisationFactory, StandardPageFactory, ThemeFactory
from home.models import HomePageFeaturedCommunity, ensure_section_pages
from resources.factories import (
    EventPageFactory,
    PracticeExamplePageFactory,
    StoryPageFactory,
    ToolPageFactory,
)
from resources.models import ToolPhase


def visit(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    assertContains(response, f"<h1>{page.title}</h1>", html=False)
    if page.intro:
        assertContains(response, page.intro)
    return response


def link(page):
    return f'href="{page.url}"'


@pytest.mark.django_db
class TestHomeAndStandardPages:
    def test_the_home_page_shows_sections_featured_communities_stories_and_events(self, client):
        home = HomePageFactory()
        sections = ensure_section_pages()
        community = CommunityPageFactory(title="Kenniskring Burgerschap")
        HomePageFeaturedCommunity.objects.create(page=home, community=community)
        story = StoryPageFactory(title="Samen leren over leesmotivatie")
        event = EventPageFactory(title="Werksessie moderatoren")

        response = visit(client, home)

        for section in sections.values():
            assertContains(response, link(section))
        for page in [community, story, event]:
            assertContains(response, link(page))
            assertContains(response, page.title)

    def test_a_standard_page_shows_its_pages_below_it(self, client):
        about = StandardPageFactory(title="Over het portaal", intro="Wie erachter zitten.")
        colophon = StandardPageFactory(parent=about, title="Colofon")

        response = visit(client, about)

        assertContains(response, link(colophon))


@pytest.mark.django_db
def test_every_section_overview_renders_with_its_introduction(client):
    for section in ensure_section_pages().values():
        visit(client, section)


@pytest.mark.django_db
class TestCommunityPage:
    def test_shows_question_form_status_and_who_takes_part(self, client):
        moderator = PersonFactory(
            name="Anouk de Vries",
            job_title="Leraar geschiedenis",
            organisation=OrganisationFactory(name="Scholengroep Rijnmond"),
        )
        member = PersonFactory(name="Bram Jansen")
        community = CommunityPageFactory(
            title="Kenniskring Burgerschap",
            intro="Docenten werken samen aan burgerschapsonderwijs.",
            central_question="Hoe maken we burgerschap zichtbaar in elke les?",
            shared_goal="Een gedeelde leerlijn burgerschap.",
            form=CommunityForm.PROCESS,
            status=CommunityStatus.FORMING,
            themes=[ThemeFactory(name="Democratische vorming")],
            roles=[
                CommunityRole(person=moderator, role=CommunityRoleType.MODERATOR, sort_order=0),
                CommunityRole(person=member, role=CommunityRoleType.MEMBER, sort_order=1),
            ],
        )

        response = visit(client, community)

        for text in [
            "Hoe maken we burgerschap zichtbaar in elke les?",
            "Een gedeelde leerlijn burgerschap.",
            "Procesmodel",
            "In oprichting",
            "Democratische vorming",
            "Anouk de Vries",
            "Moderator",
            "Leraar geschiedenis",
            "Scholengroep Rijnmond",
            "Bram Jansen",
            "Lid",
        ]:
            assertContains(response, text)

    def test_a_concluded_community_says_so_and_what_its_goal_yielded(self, client):
        community = CommunityPageFactory(
            status=CommunityStatus.CONCLUDED,
            concluded_on=datetime.date(2024, 6, 30),
            goal_outcome="Een leerlijn die nu op twaalf scholen draait.",
        )

        response = visit(client, community)

        assertContains(response, "Afgerond")
        assertContains(response, "30 juni 2024")
        assertContains(response, "Een leerlijn die nu op twaalf scholen draait.")

    def test_links_to_its_published_practice_examples_and_tools(self, client):
        community = CommunityPageFactory()
        example = PracticeExamplePageFactory(parent=community, title="Lesson study onderbouw")
        tool = ToolPageFactory(parent=community, title="Startkit", phase=ToolPhase.EVALUATE)
        draft = PracticeExamplePageFactory(parent=community, title="Halffabricaat", live=False)
        elsewhere = PracticeExamplePageFactory(title="Van een ander")

        response = visit(client, community)

        assertContains(response, link(example))
        assertContains(response, link(tool))
        assertContains(response, "Evalueren")
        assertNotContains(response, draft.title)
        assertNotContains(response, link(elsewhere))


@pytest.mark.django_db
def test_a_practice_example_shows_its_story_and_links_back_to_its_community(client):
    community = CommunityPageFactory(title="Lerend netwerk Cultuureducatie")
    example = PracticeExamplePageFactory(
        parent=community,
        title="Een regionaal leernetwerk op drie pijlers",
        intro="Hoe een kunstlab, een hogeschool en een cultuurhuis samen optrokken.",
        approach="<p>Elke zes weken een werkplaats, afwisselend fysiek en online.</p>",
        lessons_learned="<p>Begin klein, met enthousiaste voortrekkers.</p>",
    )

    response = visit(client, example)

    assertContains(response, "Elke zes weken een werkplaats, afwisselend fysiek en online.")
    assertContains(response, "Begin klein, met enthousiaste voortrekkers.")
    assertContains(response, link(community))
    assertContains(response, community.title)


@pytest.mark.django_db
class TestToolPage:
    def test_shows_purpose_and_phase(self, client):
        tool = ToolPageFactory(
            title="Zelfevaluatie acht bouwstenen",
            purpose="Samen nagaan hoe de leergemeenschap ervoor staat.",
            phase=ToolPhase.SUSTAIN,
            target_group="moderatoren",
        )

        response = visit(client, tool)

        assertContains(response, "Samen nagaan hoe de leergemeenschap ervoor staat.")
        assertContains(response, "Verduurzamen en opschalen")
        assertContains(response, "moderatoren")

    def test_links_to_the_community_it_came_from(self, client):
        community = CommunityPageFactory(title="Werkplaats Onderzoekend leren")

        response = visit(client, ToolPageFactory(parent=community))

        assertContains(response, link(community))


@pytest.mark.django_db
def test_a_story_shows_its_date_and_author(client):
    story = StoryPageFactory(
        title="Wat een kenniskring oplevert",
        date=datetime.date(2025, 3, 1),
        author="Sanne Bakker",
    )

    response = visit(client, story)

    assertContains(response, "1 maart 2025")
    assertContains(response, "Sanne Bakker")


@pytest.mark.django_db
class TestEventPage:
    def test_shows_when_and_where(self, client):
        start = timezone.make_aware(datetime.datetime(2031, 3, 5, 14, 0))
        event = EventPageFactory(
            title="Werkconferentie leergemeenschappen",
            start=start,
            end=start + timedelta(hours=3),
            location="Utrecht, Jaarbeurs",
            community=CommunityPageFactory(title="Landelijk netwerk"),
        )

        response = visit(client, event)

        assertContains(response, "5 maart 2031")
        assertContains(response, "14:00")
        assertContains(response, "17:00")
        assertContains(response, "Utrecht, Jaarbeurs")
        assertContains(response, link(event.community))
        assertNotContains(response, "Deze bijeenkomst is voorbij.")

    def test_a_past_event_says_it_is_over(self, client):
        event = EventPageFactory(start=timezone.now() - timedelta(days=2))

        response = visit(client, event)

        assertContains(response, "Deze bijeenkomst is voorbij.")


@pytest.mark.django_db
class TestSiteWide:
    def test_an_unknown_address_gets_the_portals_own_not_found_page(self, client):
        HomePageFactory()

        response = client.get("/bestaat-niet/")

        assert response.status_code == 404
        assertContains(response, "Deze pagina bestaat niet (meer)", status_code=404)
        assertContains(response, '<html lang="nl"', status_code=404)

    def test_a_draft_is_not_found(self, client):
        draft = CommunityPageFactory(live=False)

        assert client.get(draft.url).status_code == 404

    def test_the_english_interface_lives_under_en(self, client):
        home = HomePageFactory()

        dutch = client.get("/")
        english = client.get("/en/")

        assertContains(dutch, '<html lang="nl"')
        assertContains(english, '<html lang="en"')
        assertContains(english, home.title)
