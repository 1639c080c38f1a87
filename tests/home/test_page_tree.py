"""Where each page type may be created, so editors cannot build a tree the site cannot show."""

from django.apps import apps
from django.urls import reverse

from wagtail.coreutils import resolve_model_string
from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from communities.factories import CommunityPageFactory
from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    ExpertDirectoryPage,
    WorkspaceItemPage,
    WorkspacePage,
)
from exchange.models import QuestionAnswerPage, QuestionIndexPage
from home.models import HomePage, StandardPage, ensure_section_pages, get_home_page
from home.page_tree import page_types_naming_parent
from resources.factories import PracticeExamplePageFactory
from resources.models import (
    EventIndexPage,
    EventPage,
    PracticeExamplePage,
    StoryIndexPage,
    StoryPage,
    ToolIndexPage,
    ToolPage,
)

SECTION_INDEXES = [
    CommunityIndexPage,
    ToolIndexPage,
    StoryIndexPage,
    EventIndexPage,
    QuestionIndexPage,
    ExpertDirectoryPage,
]

# Page type -> (the types it may be created under, the types that may be created under it).
TREE = {
    HomePage: ({Page}, {*SECTION_INDEXES, StandardPage}),
    StandardPage: ({HomePage, StandardPage}, {StandardPage}),
    CommunityIndexPage: ({HomePage}, {CommunityPage}),
    CommunityPage: ({CommunityIndexPage}, {PracticeExamplePage, ToolPage, WorkspacePage}),
    WorkspacePage: ({CommunityPage}, {WorkspaceItemPage}),
    WorkspaceItemPage: ({WorkspacePage, WorkspaceItemPage}, {WorkspaceItemPage}),
    PracticeExamplePage: ({CommunityPage}, set()),
    ToolIndexPage: ({HomePage}, {ToolPage}),
    ToolPage: ({ToolIndexPage, CommunityPage}, set()),
    StoryIndexPage: ({HomePage}, {StoryPage}),
    StoryPage: ({StoryIndexPage}, set()),
    EventIndexPage: ({HomePage}, {EventPage}),
    EventPage: ({EventIndexPage}, set()),
    QuestionIndexPage: ({HomePage}, {QuestionAnswerPage}),
    QuestionAnswerPage: ({QuestionIndexPage}, set()),
    ExpertDirectoryPage: ({HomePage}, set()),
}


class PageTypeRulesTests(WagtailPageTestCase):
    def test_every_page_type_has_exactly_its_allowed_parents(self):
        for page_type, (parents, _children) in TREE.items():
            with self.subTest(page_type=page_type.__name__):
                self.assertAllowedParentPageTypes(page_type, parents)

    def test_every_page_type_has_exactly_its_allowed_subpages(self):
        for page_type, (_parents, children) in TREE.items():
            with self.subTest(page_type=page_type.__name__):
                self.assertAllowedSubpageTypes(page_type, children)

    def test_a_practice_example_only_belongs_under_a_community(self):
        self.assertCanCreateAt(CommunityPage, PracticeExamplePage)
        for parent in [HomePage, StandardPage, *SECTION_INDEXES, ToolPage, PracticeExamplePage]:
            with self.subTest(parent=parent.__name__):
                self.assertCanNotCreateAt(parent, PracticeExamplePage)

    def test_a_tool_belongs_in_the_tool_section_or_under_a_community(self):
        self.assertCanCreateAt(ToolIndexPage, ToolPage)
        self.assertCanCreateAt(CommunityPage, ToolPage)
        for parent in [HomePage, StandardPage, CommunityIndexPage, StoryIndexPage, EventIndexPage]:
            with self.subTest(parent=parent.__name__):
                self.assertCanNotCreateAt(parent, ToolPage)

    def test_sections_sit_directly_under_the_home_page(self):
        for section in SECTION_INDEXES:
            with self.subTest(section=section.__name__):
                self.assertCanCreateAt(HomePage, section)
                self.assertCanNotCreateAt(StandardPage, section)
                self.assertCanNotCreateAt(CommunityPage, section)

    def test_communities_stories_and_events_only_go_in_their_own_section(self):
        self.assertCanCreateAt(CommunityIndexPage, CommunityPage)
        self.assertCanNotCreateAt(HomePage, CommunityPage)
        self.assertCanNotCreateAt(CommunityPage, CommunityPage)
        self.assertCanCreateAt(StoryIndexPage, StoryPage)
        self.assertCanNotCreateAt(CommunityPage, StoryPage)
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(CommunityPage, EventPage)

    def test_nothing_can_be_created_under_a_result_story_or_event(self):
        for leaf in [PracticeExamplePage, ToolPage, StoryPage, EventPage]:
            with self.subTest(leaf=leaf.__name__):
                for child in TREE:
                    self.assertCanNotCreateAt(leaf, child)


# What the home page and a community listed in subpage_types before their subpages came to be
# the types that name them as their parent (home.page_tree).
LISTED_SUBPAGE_TYPES = {
    HomePage: [
        "communities.CommunityIndexPage",
        "resources.ToolIndexPage",
        "resources.StoryIndexPage",
        "resources.EventIndexPage",
        "exchange.QuestionIndexPage",
        "communities.ExpertDirectoryPage",
        "home.StandardPage",
    ],
    CommunityPage: [
        "resources.PracticeExamplePage",
        "resources.ToolPage",
        "communities.WorkspacePage",
    ],
}


class SubpagesChooseParentTests(WagtailPageTestCase):
    def test_a_parent_allows_the_types_it_listed_before_no_more_no_fewer(self):
        for parent, listed in LISTED_SUBPAGE_TYPES.items():
            with self.subTest(parent=parent.__name__):
                self.assertEqual(
                    set(parent.clean_subpage_models()),
                    {resolve_model_string(label) for label in listed},
                )

    def test_every_page_type_allows_exactly_the_types_that_name_it_as_their_parent(self):
        # What Wagtail allows from both ends (subpage_types and parent_page_types) for the
        # types that list their subpages, so the rule gives the same answer for any of them.
        for parent in get_page_models():
            if parent is Page:
                continue
            with self.subTest(parent=parent.__name__):
                self.assertEqual(
                    set(parent.allowed_subpage_models()), set(page_types_naming_parent(parent))
                )

    def test_a_type_that_names_no_parent_is_allowed_nowhere(self):
        # The test-only knowledge types (parent_page_types = []) are placed with add_child.
        unplaced = [
            model
            for model in apps.get_app_config("knowledge_fixture").get_models()
            if issubclass(model, Page)
        ]
        self.assertTrue(unplaced)
        for parent in get_page_models():
            with self.subTest(parent=parent.__name__):
                self.assertFalse(set(unplaced) & set(parent.allowed_subpage_models()))

    def test_the_answer_is_kept_as_wagtail_keeps_its_own(self):
        self.assertIs(HomePage.clean_subpage_models(), HomePage.clean_subpage_models())
        self.assertIs(HomePage._clean_subpage_models, HomePage.clean_subpage_models())


class WorkspaceTreeTests(WagtailPageTestCase):
    def test_a_community_has_at_most_one_workspace(self):
        community = CommunityPageFactory()
        self.assertTrue(WorkspacePage.can_create_at(community))

        community.add_child(instance=WorkspacePage(title="Werkruimte", slug="werkruimte"))

        self.assertFalse(WorkspacePage.can_create_at(community))
        self.assertTrue(WorkspacePage.can_create_at(CommunityPageFactory()))


class SingletonTests(WagtailPageTestCase):
    def test_a_second_home_page_cannot_be_created(self):
        self.assertTrue(HomePage.objects.exists())
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_each_section_index_can_be_created_once(self):
        home = get_home_page()
        for section in SECTION_INDEXES:
            self.assertTrue(section.can_create_at(home), section.__name__)
        ensure_section_pages()
        for section in SECTION_INDEXES:
            self.assertFalse(section.can_create_at(home), section.__name__)

    def test_standard_pages_are_not_limited(self):
        home = get_home_page()
        home.add_child(instance=StandardPage(title="Over ons", slug="over-ons"))
        self.assertTrue(StandardPage.can_create_at(home))


class AddSubpageInAdminTests(WagtailPageTestCase):
    def setUp(self):
        # Not self.login(): Django's client.login() authenticates without a request, which the
        # login lockout (django-axes) refuses.
        self.client.force_login(self.create_test_user())

    def assertRefused(self, response):
        # The admin answers a forbidden action by sending the editor back to the dashboard.
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def offered_page_types(self, parent):
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
        self.assertEqual(response.status_code, 200)
        offered = set()
        for _label, app_label, model_name, _help in response.context["page_types"]:
            add_url = reverse("wagtailadmin_pages:add", args=[app_label, model_name, parent.pk])
            self.assertContains(response, f'href="{add_url}')
            offered.add(model_name)
        return offered

    def test_under_a_community_an_editor_may_add_results_or_its_workspace(self):
        community = CommunityPageFactory()
        offered = self.offered_page_types(community)
        self.assertEqual(offered, {"practiceexamplepage", "toolpage", "workspacepage"})

    def test_on_a_fresh_site_the_home_page_offers_the_sections_and_standard_pages(self):
        self.assertEqual(
            self.offered_page_types(get_home_page()),
            {
                "communityindexpage",
                "toolindexpage",
                "storyindexpage",
                "eventindexpage",
                "questionindexpage",
                "expertdirectorypage",
                "standardpage",
            },
        )

    def test_once_the_sections_exist_the_home_page_only_offers_a_standard_page(self):
        ensure_section_pages()
        home = get_home_page()
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk]))
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk]),
            fetch_redirect_response=False,
        )

    def test_nothing_can_be_added_under_a_practice_example(self):
        example = PracticeExamplePageFactory()
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=[example.pk]))
        self.assertRefused(response)

    def test_the_add_form_refuses_a_page_type_the_parent_does_not_allow(self):
        tools = ensure_section_pages()["tools"]
        url = reverse(
            "wagtailadmin_pages:add", args=["resources", "practiceexamplepage", tools.pk]
        )
        self.assertRefused(self.client.get(url))
