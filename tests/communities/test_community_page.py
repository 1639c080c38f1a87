"""A community page's rules: status-dependent fields, its roles and the results linked to it."""

import datetime

from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from communities.factories import CommunityPageFactory, CommunityRoleFactory, PersonFactory
from communities.models import CommunityRole, CommunityRoleType, CommunityStatus
from home.models import ensure_section_pages
from resources.factories import PracticeExamplePageFactory, ToolPageFactory
from resources.models import ToolPage


def community_context(community):
    return community.get_context(RequestFactory().get(community.url))


@pytest.mark.django_db
class TestConclusionFields:
    @pytest.mark.parametrize("status", [CommunityStatus.FORMING, CommunityStatus.ACTIVE])
    def test_a_community_that_has_not_concluded_cannot_have_a_conclusion(self, status):
        community = CommunityPageFactory(status=status)
        community.concluded_on = datetime.date(2024, 6, 30)
        community.goal_outcome = "Een gedeelde aanpak voor burgerschap."

        with pytest.raises(ValidationError) as raised:
            community.full_clean()

        assert set(raised.value.message_dict) == {"concluded_on", "goal_outcome"}
        assert raised.value.message_dict["concluded_on"] == [
            "Vul dit alleen in als de leergemeenschap is afgerond."
        ]

    def test_the_conclusion_date_alone_is_also_refused(self):
        community = CommunityPageFactory(status=CommunityStatus.ACTIVE)
        community.concluded_on = datetime.date(2024, 6, 30)

        with pytest.raises(ValidationError) as raised:
            community.full_clean()

        assert set(raised.value.message_dict) == {"concluded_on"}

    def test_a_concluded_community_records_when_and_what_it_achieved(self):
        community = CommunityPageFactory(status=CommunityStatus.ACTIVE)
        community.status = CommunityStatus.CONCLUDED
        community.concluded_on = datetime.date(2024, 6, 30)
        community.goal_outcome = "Een gedeelde aanpak voor burgerschap."

        community.full_clean()
        community.save()

        community.refresh_from_db()
        assert community.is_concluded
        assert community.concluded_on == datetime.date(2024, 6, 30)


@pytest.mark.django_db
def test_roles_are_listed_in_the_order_the_editor_gave_them():
    moderator = PersonFactory(name="Anouk de Vries")
    member = PersonFactory(name="Bram Jansen")
    community = CommunityPageFactory(
        roles=[
            CommunityRole(person=member, role=CommunityRoleType.MEMBER, sort_order=1),
            CommunityRole(person=moderator, role=CommunityRoleType.MODERATOR, sort_order=0),
        ]
    )

    roles = list(community_context(community)["roles"])

    assert [(role.person.name, role.get_role_display()) for role in roles] == [
        ("Anouk de Vries", "Moderator"),
        ("Bram Jansen", "Lid"),
    ]


@pytest.mark.django_db
def test_people_are_contacted_through_the_directory_and_their_address_is_never_shown(client):
    directory = ensure_section_pages()["experts"]
    consenting = PersonFactory(
        name="Anouk de Vries", email="anouk@example.org", consent_to_contact=True
    )
    private = PersonFactory(name="Bram Jansen", email="bram@example.org")
    community = CommunityPageFactory(
        roles=[
            CommunityRole(person=consenting, role=CommunityRoleType.MODERATOR),
            CommunityRole(person=private, role=CommunityRoleType.MEMBER),
        ]
    )

    page = client.get(community.url).content.decode()

    assert "@example.org" not in page
    contact_url = directory.url + directory.reverse_subpage("contact", args=(consenting.pk,))
    assert f'href="{contact_url}"' in page
    assert "Neem contact op met Anouk de Vries" in page
    assert "Neem contact op met Bram Jansen" not in page


@pytest.mark.django_db
def test_roles_belong_to_their_own_community():
    role = CommunityRoleFactory(role=CommunityRoleType.ICT_COACH)
    other = CommunityPageFactory()

    assert list(community_context(role.page)["roles"]) == [role]
    assert list(community_context(other)["roles"]) == []


@pytest.mark.django_db
def test_a_community_page_lists_only_its_own_live_results():
    community = CommunityPageFactory()
    other = CommunityPageFactory()
    example = PracticeExamplePageFactory(parent=community, title="Lesson study in de onderbouw")
    PracticeExamplePageFactory(parent=community, title="Nog niet klaar", live=False)
    PracticeExamplePageFactory(parent=other, title="Van een andere gemeenschap")
    tool_inside = ToolPageFactory(parent=community, title="Startkit")
    tool_in_section = ToolPageFactory(community=community, title="Evaluatiekaart")
    ToolPageFactory(parent=community, title="Concept-instrument", live=False)
    ToolPageFactory(parent=other, title="Ander instrument")
    ToolPageFactory(title="Instrument zonder gemeenschap")

    context = community_context(community)

    assert list(context["practice_examples"]) == [example]
    assert list(context["tools"]) == [tool_in_section, tool_inside]


@pytest.mark.django_db
def test_a_community_page_shows_its_latest_results_and_links_to_all_of_them(client):
    ensure_section_pages()
    community = CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap")
    examples = [
        PracticeExamplePageFactory(parent=community, title=f"Voorbeeld {n:02d}") for n in range(14)
    ]
    for n in range(3):
        ToolPageFactory(parent=community, title=f"Instrument {n}")

    page = client.get(community.url).content.decode()

    assert page.count('class="card"') == 6 + 3
    assert "Alle praktijkvoorbeelden van Netwerk Burgerschap" in page
    assert "instrumenten van Netwerk Burgerschap" not in page  # all three already shown
    first = client.get(f"{community.url}praktijkvoorbeelden/").content.decode()
    second = client.get(f"{community.url}praktijkvoorbeelden/?pagina=2").content.decode()
    listed = [example.title for example in examples if example.title in first + second]
    assert len(listed) == 14
    assert first.count('class="card"') == 12 and second.count('class="card"') == 2
    assert (
        '<a href="/leergemeenschappen/burgerschap/praktijkvoorbeelden/" aria-current="page">'
        in first
    )
    assert f'<a href="{community.url}">Netwerk Burgerschap</a>' in first


@pytest.mark.django_db
class TestResultsFollowTheTree:
    def test_a_practice_example_belongs_to_the_community_it_is_created_under(self):
        community = CommunityPageFactory()

        example = PracticeExamplePageFactory(parent=community)

        example.refresh_from_db()
        assert example.community == community

    def test_the_tree_wins_over_a_community_chosen_by_hand(self):
        community = CommunityPageFactory()

        example = PracticeExamplePageFactory(parent=community, community=CommunityPageFactory())

        example.refresh_from_db()
        assert example.community == community

    def test_a_tool_created_under_a_community_belongs_to_it(self):
        community = CommunityPageFactory()

        tool = ToolPageFactory(parent=community)

        tool.refresh_from_db()
        assert tool.community == community

    def test_a_tool_in_the_tool_section_keeps_the_community_chosen_by_hand(self):
        community = CommunityPageFactory()

        tool = ToolPageFactory(community=community)
        tool.title = "Evaluatiekaart, tweede versie"
        tool.save_revision().publish()

        tool.refresh_from_db()
        assert tool.get_parent().specific == ensure_section_pages()["tools"]
        assert tool.community == community

    def test_a_practice_example_moved_to_another_community_follows_it(self):
        before, after = CommunityPageFactory(), CommunityPageFactory()
        example = PracticeExamplePageFactory(parent=before)

        example.move(after, pos="last-child")

        example.refresh_from_db()
        assert example.community == after
        assert list(community_context(before)["practice_examples"]) == []
        assert list(community_context(after)["practice_examples"]) == [example]


class ToolCreatedInAdminTests(WagtailPageTestCase):
    def test_an_editor_adding_a_tool_under_a_community_links_it_to_that_community(self):
        # Not self.login(): Django's client.login() authenticates without a request, which the
        # login lockout (django-axes) refuses.
        self.client.force_login(self.create_test_user())
        community = CommunityPageFactory()
        data = nested_form_data(
            {
                "title": "Startkit voor moderatoren",
                "intro": "Alles om een eerste bijeenkomst voor te bereiden.",
                "body": streamfield([]),
                "purpose": "Een leergemeenschap goed laten starten.",
                "phase": "ontwikkelen",
                "how_to_use": rich_text(""),
                "downloads": inline_formset([]),
            }
        )

        self.assertCanCreate(community, ToolPage, data)

        tool = ToolPage.objects.get(title="Startkit voor moderatoren")
        self.assertEqual(tool.get_parent().pk, community.pk)
        self.assertEqual(tool.community, community)
        self.assertEqual(list(community_context(community)["tools"]), [tool])
