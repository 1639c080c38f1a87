"""Every Wagtail override of the portal (home.wagtail_overrides) gives Wagtail's own answer.

Each override is compared with the Wagtail or modelsearch code it replaces, over one mixed tree:
drafts, aliases (one with a page of its own below it), private sections of the password, login
and groups types, a private section deeper than the override's path lookups reach, routable
pages with their views (a community's, an event's deep in the tree), slugs repeated at several
levels, and several sites. When one of these fails after an upgrade, docs/upgrading.md says
what to do.
"""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser, Group
from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.search.backends import get_search_backend

import pytest

from communities.factories import CommunityPageFactory
from communities.models import CommunityPage, WorkspaceItemPage, WorkspacePage
from home import wagtail_overrides
from home.caching import SiteLookupMiddleware
from home.factories import HomePageFactory, StandardPageFactory
from home.models import BasePage, HomePage, StandardPage, ensure_section_pages
from resources.factories import EventPageFactory, PracticeExamplePageFactory, StoryPageFactory
from resources.models import EventPage, PracticeExamplePage
from search.query import MAX_CANDIDATES, _candidates, backend_query

# Path ends that a page may answer with a view of its own (RoutablePageMixin) or not at all,
# tried below every page of the tree.
PATH_ENDS = [
    [],
    ["aanmelden"],
    ["bouwstenen"],
    ["bouwstenen", "invullen"],
    ["agenda.ics"],
    ["nieuws"],
    ["ontbreekt"],
]


def standard(parent, slug, live=True):
    return StandardPageFactory(parent=parent, title=f"Nieuws: {slug}", slug=slug, live=live)


def restrict(page, restriction_type, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="geheim"
    )
    restriction.groups.set(groups)
    return restriction


@pytest.fixture
def tree(db):
    """The mixed tree, on four sites; every title holds the word "nieuws" for the search."""
    home = HomePageFactory()
    ensure_section_pages()

    community = CommunityPageFactory(title="Nieuws uit Burgerschap", slug="burgerschap")
    community.save_revision().publish()  # which gives it its workspace, private to its groups
    community = CommunityPage.objects.get(pk=community.pk)
    workspace = WorkspacePage.objects.child_of(community).get()
    notes = workspace.add_child(
        instance=WorkspaceItemPage(title="Nieuws: notities", slug="notities")
    )
    notes.add_child(instance=WorkspaceItemPage(title="Nieuws: notities", slug="notities"))
    workspace.add_child(
        instance=WorkspaceItemPage(title="Nieuws: concept", slug="concept", live=False)
    )
    # Children whose slugs are also the community's own views, which come first.
    for slug in ("aanmelden", "bouwstenen", "nieuws"):
        PracticeExamplePageFactory(parent=community, title=f"Nieuws: {slug}", slug=slug)
    draft_community = CommunityPageFactory(
        title="Nieuws uit een nieuwe kring", slug="nieuwe-kring", live=False
    )
    PracticeExamplePageFactory(parent=draft_community, title="Nieuws: aanmelden", slug="aanmelden")

    news = standard(home, "nieuws")
    standard(news, "nieuws")

    # Deeper than the private lookups reach: a password restriction at depth 13, and routable
    # events above and below it.
    deep = standard(home, "diep")
    while deep.depth < 16:
        deep = standard(deep, "nieuws" if deep.depth == 7 else f"laag-{deep.depth + 1}")
        if deep.depth == 11:
            event = EventPageFactory(parent=deep, title="Nieuws: bijeenkomst", slug="bijeenkomst")
        if deep.depth == 13:
            deep_restriction = restrict(deep, PageViewRestriction.PASSWORD)
        if deep.depth == 14:
            EventPageFactory(parent=deep, title="Nieuws: diepe bijeenkomst", slug="bijeenkomst")
            EventPageFactory(parent=deep, title="Nieuws: concept", slug="concept", live=False)

    private = standard(home, "besloten")
    restrict(private, PageViewRestriction.PASSWORD)
    report = standard(standard(private, "nieuws"), "verslag", live=False)
    standard(report, "bijlage")
    members_only = standard(home, "leden")
    restrict(members_only, PageViewRestriction.LOGIN)
    standard(members_only, "nieuws")
    editors_only = standard(news, "redactie")
    editors = Group.objects.get_or_create(name="Redactie")[0]
    restrict(editors_only, PageViewRestriction.GROUPS, [editors])
    standard(editors_only, "bouwstenen")

    # Aliases: of a private section in a public place, with a page of its own below it; of the
    # whole private section, recursively; of a public page inside a private section; of a draft;
    # of a routable event.
    alias = private.create_alias(parent=news, update_slug="besloten")
    standard(alias, "eigen-pagina")
    private.create_alias(parent=home, update_slug="besloten-kopie", recursive=True)
    news.create_alias(parent=private, update_slug="openbaar")
    report.create_alias(parent=news, update_slug="verslag")
    event.create_alias(parent=news, update_slug="bijeenkomst")
    # Made private after it was aliased: Wagtail copies a source's restrictions to an alias only
    # when the alias is made, and gives the alias and what lies below it the source's anyway.
    shared = standard(home, "gedeeld")
    standard(shared.create_alias(parent=news, update_slug="gedeeld"), "eigen-pagina")
    restrict(shared, PageViewRestriction.PASSWORD)

    # Three more sites: two on one host name, rooted beside the home page and holding slugs of
    # its own, and one rooted at the community.
    second = StandardPageFactory(parent=Page.get_first_root_node(), title="Nieuws", slug="tweede")
    standard(second, "nieuws")
    restrict(standard(second, "besloten"), PageViewRestriction.PASSWORD)
    third = StandardPageFactory(parent=Page.get_first_root_node(), title="Nieuws", slug="derde")
    standard(third, "leergemeenschappen")
    sites = [
        Site.objects.get(is_default_site=True),
        Site.objects.create(hostname="tweede.example", port=80, root_page=second),
        Site.objects.create(hostname="tweede.example", port=8080, root_page=third),
        Site.objects.create(hostname="vierde.example", port=443, root_page=community),
    ]
    return SimpleNamespace(
        home=HomePage.objects.get(pk=home.pk),
        community=community,
        draft_community=draft_community,
        workspace=workspace,
        private=private,
        deep_restriction=deep_restriction,
        sites=sites,
    )


def specific_pages():
    return [page.specific for page in Page.objects.filter(depth__gt=1).order_by("path")]


# 1. Routing -------------------------------------------------------------------------------------


def visitor_requests(community):
    """An anonymous visitor and a member of the community, whose workspace routes differently."""
    anonymous = RequestFactory().get("/")
    anonymous.user, anonymous.session = AnonymousUser(), {}
    member = RequestFactory().get("/")
    member.user, member.session = (
        community.members_group.user_set.get_or_create(username="lid")[0],
        {},
    )
    return [anonymous, member]


def route_outcome(route, request, path_components):
    """What a route() gave, comparably: the page and its view, or 404."""
    try:
        result = route(request, path_components)
    except Http404:
        return "404"
    if result is None:
        return None
    page, args, kwargs = result
    if args:
        view, view_args, view_kwargs = args
        args = (view.__name__, tuple(view_args), view_kwargs)
    return (type(page), page.pk, args, kwargs)


def paths_below(root):
    """Every page below `root` as path components, with every end of PATH_ENDS after each."""
    paths = [[]]
    for page in Page.objects.descendant_of(root).order_by("path"):
        paths.append(page.url_path[len(root.url_path) :].strip("/").split("/"))
    return [path + end for path in paths for end in PATH_ENDS]


@pytest.mark.django_db
def test_every_url_of_the_home_page_routes_as_wagtail_routes_it(tree):
    paths = paths_below(tree.home)
    assert len(paths) > 300
    for request in visitor_requests(tree.community):
        for path in paths:
            portal = route_outcome(tree.home.route, request, path)
            wagtail = route_outcome(
                lambda request, path: Page.route(tree.home, request, path), request, path
            )
            assert portal == wagtail, path
            assert portal is not None


@pytest.mark.django_db
def test_routing_below_any_page_agrees_with_wagtails_tree_walk(tree):
    """route_below, as HomePage.route uses it, from every kind of page: a site's root, a draft,
    an alias, a private section, a routable page, a page deeper than the private lookups."""
    roots = [
        *(site.root_page for site in tree.sites),
        tree.draft_community,
        Page.objects.get(slug="besloten-kopie"),
        tree.private,
        Page.objects.get(slug="laag-10"),
        tree.workspace,
    ]
    routed = set()
    for request in visitor_requests(tree.community):
        for root in roots:
            root = root.specific
            for path in paths_below(root):

                def portal(request, path, root=root):
                    return wagtail_overrides.route_below(root, request, path) or Page.route(
                        root, request, path
                    )

                def wagtail(request, path, root=root):
                    return Page.route(root, request, path)

                outcome = route_outcome(portal, request, path)
                assert outcome == route_outcome(wagtail, request, path), (root.url_path, path)
                routed.add(outcome[0] if outcome != "404" else outcome)
    # The tree holds what it says it holds: routable views, workspaces, drafts refused.
    assert {CommunityPage, EventPage, WorkspaceItemPage, PracticeExamplePage, "404"} <= routed


# 2. View restrictions ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_the_view_restrictions_wagtail_gives_it(tree):
    restricted = 0
    for page in specific_pages():
        assert isinstance(page, BasePage), page
        portal = sorted(restriction.pk for restriction in page.get_view_restrictions())
        wagtail = sorted(restriction.pk for restriction in Page.get_view_restrictions(page))
        assert portal == wagtail, page.url_path
        restricted += bool(wagtail)
    # Not a tree of public pages only: every private section, alias and depth counted.
    assert restricted >= 25


# 3. Private sections ----------------------------------------------------------------------------


def assert_private_sections_as_wagtail_finds_them():
    for model in (Page, StandardPage, CommunityPage, WorkspaceItemPage, EventPage):
        pages = model.objects.all()
        wagtail_private = PageQuerySet.private_q(pages)
        wagtail = set(pages.filter(wagtail_private).values_list("pk", flat=True))
        assert set(pages.filter(wagtail_overrides.private_q()).values_list("pk", flat=True)) == (
            wagtail
        ), model
        if issubclass(model, BasePage):
            assert set(pages.not_public().values_list("pk", flat=True)) == wagtail, model
            assert set(pages.public().values_list("pk", flat=True)) == set(
                pages.exclude(wagtail_private).values_list("pk", flat=True)
            ), model


@pytest.mark.django_db
def test_private_sections_are_the_ones_wagtail_finds(tree):
    deep = Page.objects.get(pk=tree.deep_restriction.page_id)
    assert deep.depth > wagtail_overrides.PRIVATE_LOOKUP_DEPTH
    assert_private_sections_as_wagtail_finds_them()
    assert EventPage.objects.not_public().filter(depth__gt=deep.depth).exists()

    # Without the deep restriction the override leaves out its slow comparison.
    tree.deep_restriction.delete()
    assert_private_sections_as_wagtail_finds_them()

    PageViewRestriction.objects.all().delete()
    assert not Page.objects.filter(wagtail_overrides.private_q()).exists()
    assert_private_sections_as_wagtail_finds_them()


# 4. The request's site --------------------------------------------------------------------------

HOSTS = [
    ("localhost", "80"),
    ("tweede.example", "80"),
    ("tweede.example", "8080"),
    ("tweede.example", "9999"),
    ("Tweede.Example", "80"),
    ("vierde.example", "443"),
    ("vierde.example", "80"),
    ("onbekend.example", "80"),
    ("onbekend.example", "8080"),
]


def site_request(host, port):
    return RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=port)


def found_sites():
    """For each host: (the portal's stored site, Wagtail's own uncached lookup), as ids."""

    def found(site):
        return None if site is None else (site.pk, site.root_page.pk)

    answers = []
    for host, port in HOSTS:
        request = site_request(host, port)
        seen = SiteLookupMiddleware(lambda request: Site.find_for_request(request))(request)
        wagtail = Site._find_for_request(site_request(host, port))
        answers.append(((host, port), found(seen), found(wagtail)))
        if seen is not None:
            # Routing starts from the stored root page, which is already its specific type.
            assert type(seen.root_page) is seen.root_page.specific_class
    return answers


def assert_sites_as_wagtail_finds_them():
    for _ in range(2):  # the second time from the cache
        for host, portal, wagtail in found_sites():
            assert portal == wagtail, host


@pytest.mark.django_db
def test_each_request_gets_the_site_wagtail_finds_for_it(tree):
    assert_sites_as_wagtail_finds_them()
    assert len({wagtail for _host, _portal, wagtail in found_sites()}) == 4

    # Another default site, then none: the stored sites follow.
    default, second = tree.sites[:2]
    default.is_default_site = False
    default.save()
    second.is_default_site = True
    second.save()
    assert_sites_as_wagtail_finds_them()

    second.is_default_site = False
    second.save()
    assert_sites_as_wagtail_finds_them()
    assert (("onbekend.example", "80"), None, None) in found_sites()


# 5. The search engine ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_candidates_are_the_pages_modelsearch_finds_in_its_order(tree, search_backend):
    # More hits than modelsearch fetches per scroll page (100), so it scrolls.
    for number in range(110):
        StoryPageFactory(title=f"Nieuws {'en nieuws ' * (number % 7)}verhaal {number}")
    search_backend.refresh()

    for text in ("nieuws", "nieuws verhaal", "burgerschap", "niets daarvan"):
        results = get_search_backend().search(backend_query(text), Page.objects.live())
        modelsearch = [page.pk for page in results[:MAX_CANDIDATES]]
        assert _candidates(text) == modelsearch, text
    assert len(modelsearch) == 0
    assert len(_candidates("nieuws")) > 140
    # On an engine the portal sends its own request; on the database it iterates as above.
    engine_ids = wagtail_overrides.engine_page_ids(results, MAX_CANDIDATES)
    assert (engine_ids is not None) == (search_backend.name == "engine")
