"""Every Wagtail override of the portal (home.wagtail_overrides) gives Wagtail's own answer.

Each override is compared with the Wagtail or modelsearch code it replaces, over one mixed tree:
drafts, aliases (one with a page of its own below it), private sections of the password, login
and groups types, private sections at the last level the override's path lookups reach and one
level below it, routable pages with their views (a community's, an event's deep in the tree),
slugs repeated at several levels, and several sites. When one of these fails after an upgrade,
docs/upgrading.md says what to do.

The tree is built once for the module; each test runs in a savepoint rolled back after it, and
with an empty cache (tests/conftest.py), so no test sees what another changed or stored.
"""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.test import RequestFactory

from modelsearch.index import get_indexed_models
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Or, Phrase, PlainText

import pytest

from communities.factories import CommunityPageFactory
from communities.models import CommunityPage, WorkspaceItemPage, WorkspacePage
from home import wagtail_overrides
from home.caching import SiteLookupMiddleware
from home.factories import HomePageFactory, StandardPageFactory, ThemeFactory
from home.models import BasePage, HomePage, StandardPage, Theme, ensure_section_pages
from resources.factories import EventPageFactory, PracticeExamplePageFactory, StoryPageFactory
from resources.models import EventPage, PracticeExamplePage
from search.query import MAX_CANDIDATES, backend_ids

# Tried below every page of the tree: the page itself, and a child it does not have.
PATH_ENDS = [[], ["ontbreekt"]]
# Tried below every routable page (RoutablePageMixin), aliases included: its views, two of them
# also slugs of a community's children, and a child's slug that is no view.
VIEW_PATH_ENDS = [
    ["aanmelden"],
    ["bouwstenen"],
    ["bouwstenen", "invullen"],
    ["agenda.ics"],
    ["nieuws"],
]


def standard(parent, slug, live=True):
    return StandardPageFactory(parent=parent, title=f"Nieuws: {slug}", slug=slug, live=live)


def restrict(page, restriction_type, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="geheim"
    )
    restriction.groups.set(groups)
    return restriction


def build_tree():
    """The mixed tree, on four sites; every title holds the word "nieuws" for the search.

    Returns the ids of the pages and objects the tests start from.
    """
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

    # At the edge of the private lookups, each with pages below it: a password restriction on a
    # page at the last depth they reach, and one on a page a level deeper, which only the slow
    # comparison finds; routable events above, beside and below them.
    last_looked_up = wagtail_overrides.PRIVATE_LOOKUP_DEPTH
    deep = standard(home, "diep")
    while deep.depth < last_looked_up + 4:
        deep = standard(deep, "nieuws" if deep.depth == 7 else f"laag-{deep.depth + 1}")
        if deep.depth == last_looked_up - 1:
            event = EventPageFactory(parent=deep, title="Nieuws: bijeenkomst", slug="bijeenkomst")
            edge = standard(deep, "grens")
            restrict(edge, PageViewRestriction.PASSWORD)
            standard(standard(edge, "nieuws"), "bijlage")
        if deep.depth == last_looked_up + 1:
            deep_restriction = restrict(deep, PageViewRestriction.PASSWORD)
        if deep.depth == last_looked_up + 2:
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
        home=home.pk,
        community=community.pk,
        draft_community=draft_community.pk,
        workspace=workspace.pk,
        private=private.pk,
        deep_restriction=deep_restriction.pk,
        sites=[site.pk for site in sites],
    )


@pytest.fixture(scope="module")
def tree_ids(django_db_setup, django_db_blocker):
    """The tree, built once for the module's tests, in a transaction rolled back after the last.

    pytest-django runs each test in a savepoint inside it, so what a test changes is undone
    before the next one starts.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        ids = build_tree()
        with django_db_blocker.block():
            yield ids
        transaction.set_rollback(True)


@pytest.fixture
def tree(db, tree_ids):
    """The tree's pages and objects, loaded afresh for each test, which may change them."""
    return SimpleNamespace(
        home=HomePage.objects.get(pk=tree_ids.home),
        community=CommunityPage.objects.get(pk=tree_ids.community),
        draft_community=CommunityPage.objects.get(pk=tree_ids.draft_community),
        workspace=WorkspacePage.objects.get(pk=tree_ids.workspace),
        private=StandardPage.objects.get(pk=tree_ids.private),
        deep_restriction=PageViewRestriction.objects.get(pk=tree_ids.deep_restriction),
        sites=[Site.objects.get(pk=pk) for pk in tree_ids.sites],
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


def comparable(result):
    """A route()'s result, comparably: the page and its view."""
    if result is None:
        return None
    page, args, kwargs = result
    if args:
        view, view_args, view_kwargs = args
        args = (view.__name__, tuple(view_args), view_kwargs)
    return (type(page), page.pk, args, kwargs)


def route_outcome(route, request, path_components):
    """What a route() gave, comparably: the page and its view, or 404."""
    try:
        return comparable(route(request, path_components))
    except Http404:
        return "404"


def paths_below(root):
    """Every page below `root` as path components, each followed by every end of PATH_ENDS, and
    of VIEW_PATH_ENDS below a routable page; with each path, the page it was made from.

    And each page's path with one level left out, two above the page: every slug on it is in
    the tree, one below the other, but not as parent and child, so no page answers it."""
    paths = []
    for page in [root, *Page.objects.descendant_of(root).order_by("path")]:
        components = (
            page.url_path[len(root.url_path) :].strip("/").split("/") if page != root else []
        )
        ends = PATH_ENDS
        if issubclass(page.specific_class, RoutablePageMixin):
            ends = PATH_ENDS + VIEW_PATH_ENDS
        paths.extend((page, components + end) for end in ends)
        if len(components) >= 3:
            paths.append((page, components[:-3] + components[-2:]))
    return paths


@pytest.mark.django_db
def test_routing_below_any_page_agrees_with_wagtails_tree_walk(tree):
    """route_below, as HomePage.route uses it, from every kind of page: a site's root, a draft,
    an alias, a private section, a routable page, a page deeper than the private lookups.

    As a member of the community too where that changes the answer: at and below its
    workspace."""
    roots = [
        *(site.root_page for site in tree.sites),
        tree.draft_community,
        Page.objects.get(slug="besloten-kopie"),
        tree.private,
        Page.objects.get(slug="laag-10"),
        tree.workspace,
    ]
    anonymous, member = visitor_requests(tree.community)
    routed = set()
    for root in roots:
        root = root.specific
        for page, path in paths_below(root):
            requests = [anonymous]
            if page.path.startswith(tree.workspace.path):
                requests.append(member)
            for request in requests:

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


@pytest.mark.django_db
def test_a_deep_url_is_routed_in_two_queries(tree, django_assert_num_queries):
    """What the override is for: Wagtail asks two queries for every level of the path, route_below
    one for the whole path, and one more to load the page it found as its specific type.

    From the home page: a practice example; one below a draft community, whose views (one of
    them with the example's slug) are not tried; a view of a community (RoutablePageMixin); and
    a view of the deepest event, below a private section."""
    deepest_event = EventPage.objects.live().order_by("-depth").first()
    assert deepest_event.depth > wagtail_overrides.PRIVATE_LOOKUP_DEPTH + 1
    urls = [
        (tree.community.url_path + "nieuws/", PracticeExamplePage),
        (tree.draft_community.url_path + "aanmelden/", PracticeExamplePage),
        (tree.community.url_path + "bouwstenen/invullen/", CommunityPage),
        (deepest_event.url_path + "agenda.ics/", EventPage),
    ]
    request = visitor_requests(tree.community)[0]
    for url_path, page_type in urls:
        path = url_path[len(tree.home.url_path) :].strip("/").split("/")
        with django_assert_num_queries(2):
            portal = wagtail_overrides.route_below(tree.home, request, path)
        wagtail = route_outcome(
            lambda request, path: Page.route(tree.home, request, path), request, path
        )
        assert comparable(portal) == wagtail, path
        assert wagtail[0] is page_type, path
        # Every URL of the portal is routed from the site's root, which uses the override.
        with django_assert_num_queries(2):
            assert comparable(tree.home.route(request, path)) == wagtail, path


def breadcrumb(pages, request):
    return [(page.pk, page.title, page.get_url(request)) for page in pages]


@pytest.mark.django_db
def test_the_pages_routing_read_are_the_ancestors_wagtail_gives(tree, django_assert_num_queries):
    """route_ancestors, which the breadcrumb trail uses, for every page and view a visitor can
    reach from the home page: its pages are Page.get_ancestors() below the tree's root, with the
    same titles and URLs. A result's community, which its page shows, comes with it."""
    anonymous, member = visitor_requests(tree.community)
    checked = set()
    for _page, path in paths_below(tree.home):
        for visitor in (anonymous, member):
            request = RequestFactory().get("/")
            request.user, request.session = visitor.user, {}
            try:
                routed = tree.home.route(request, path)[0]
            except Http404:
                continue
            with django_assert_num_queries(0):
                ancestors = wagtail_overrides.route_ancestors(request, routed)
                community = getattr(routed, "community", None)
            if isinstance(routed, PracticeExamplePage):
                assert community.title == routed.get_parent().title
            if routed.depth <= 2:
                continue  # the home page has no trail
            wagtail = routed.get_ancestors().filter(depth__gt=1)
            assert breadcrumb(ancestors, request) == breadcrumb(wagtail, request), path
            checked.add(type(routed))
    assert {CommunityPage, PracticeExamplePage, StandardPage, EventPage} <= checked

    # Not for another page than the one found, nor when routing started below the home page:
    # the pages above its start were not read.
    request = visitor_requests(tree.community)[0]
    routed = tree.home.route(request, ["nieuws", "nieuws"])[0]
    assert wagtail_overrides.route_ancestors(request, tree.community) is None
    assert wagtail_overrides.route_ancestors(request, routed) is not None
    routed = wagtail_overrides.route_below(tree.community, request, ["nieuws"])[0]
    assert wagtail_overrides.route_ancestors(request, routed) is None


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
    # Restrictions at the last depth the lookups reach and at the first they do not, each with
    # pages below it.
    edges = {wagtail_overrides.PRIVATE_LOOKUP_DEPTH, wagtail_overrides.PRIVATE_LOOKUP_DEPTH + 1}
    restricted = Page.objects.filter(view_restrictions__isnull=False, depth__in=edges)
    assert {page.depth for page in restricted if page.numchild} == edges
    assert_private_sections_as_wagtail_finds_them()
    assert EventPage.objects.not_public().filter(depth__gt=deep.depth).exists()

    # Without the deep restriction the override leaves out its slow comparison: the lookups
    # alone find the restriction at the last depth they reach.
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

    def candidates(query):
        return backend_ids(get_search_backend(), query, Page.objects.live(), MAX_CANDIDATES)

    queries = [
        PlainText("nieuws"),
        PlainText("nieuws verhaal"),
        # Of the tiers' other kinds: any of the words, the phrase, several queries at once.
        PlainText("verhaal burgerschap", operator="or"),
        Phrase("en nieuws verhaal"),
        Or([Phrase("nieuws en nieuws"), PlainText("verhaal 7")]),
        PlainText("burgerschap"),
        PlainText("niets daarvan"),
    ]
    found = {}
    for query in queries:
        results = get_search_backend().search(query, Page.objects.live())
        found[repr(query)] = modelsearch = [page.pk for page in results[:MAX_CANDIDATES]]
        assert candidates(query) == modelsearch, query
    assert all(len(found[repr(query)]) > 10 for query in queries[:5])
    assert len(modelsearch) == 0
    assert len(candidates(PlainText("nieuws"))) > 140
    # On an engine the portal sends its own request; on PostgreSQL it reads the index entries
    # alone; elsewhere it iterates as above.
    engine_ids = wagtail_overrides.engine_page_ids(results, MAX_CANDIDATES)
    assert (engine_ids is not None) == (search_backend.name == "engine")
    database_ids = wagtail_overrides.database_ids(results, MAX_CANDIDATES)
    on_postgresql = search_backend.name != "engine" and connection.vendor == "postgresql"
    assert (database_ids is not None) == on_postgresql


@pytest.mark.django_db
def test_a_condition_on_the_index_entries_holds_the_pages_modelsearch_matches(tree):
    for number in range(30):
        StoryPageFactory(title=f"Verhaal {number}", intro="Over burgerschap." * (number % 3))
    pages = Page.objects.live()
    backend = get_search_backend()
    for query in (
        PlainText("burgerschap"),
        Or([PlainText("verhaal"), Phrase("over burgerschap")]),
    ):
        results = backend.search(query, pages, order_by_relevance=False)
        modelsearch = set(results.get_queryset().values_list("pk", flat=True))
        assert len(modelsearch) >= 20
        matches = wagtail_overrides.database_matches(results)
        if connection.vendor != "postgresql":
            assert matches is None
            continue
        assert set(pages.filter(pk__in=matches).values_list("pk", flat=True)) == modelsearch


# 6. The database search index -------------------------------------------------------------------


def index_rows():
    """Every row of the database backend's index, as text (PostgreSQL's vectors too)."""
    columns = [field.attname for field in IndexEntry._meta.concrete_fields if field.name != "id"]
    return list(
        IndexEntry.objects.order_by("content_type_id", "object_id").values_list(
            *(Cast(column, TextField()) for column in columns)
        )
    )


@pytest.mark.django_db
def test_the_database_index_gets_the_rows_modelsearch_writes(tree, monkeypatch):
    # Texts of several shapes: a rich text body and related themes, an intro of spaces only,
    # a title repeated in the body, and a taxonomy term's one field.
    theme = ThemeFactory(name="Burgerschap en debat")
    example = PracticeExamplePageFactory(
        parent=tree.community,
        title="Nieuws: debatteren",
        slug="debatteren",
        intro="  Studenten oefenen wekelijks.  ",
        body=[("paragraph", RichText("<p>Nieuws: debatteren in <b>de klas</b>.</p>"))],
    )
    example.themes.set([theme])
    example.save()
    StoryPageFactory(title="Nieuws: leeg", intro="   ")
    backend = get_search_backend()
    models = [model for model in get_indexed_models() if model.objects.exists()]
    assert PracticeExamplePage in models
    assert Theme in models

    def written_by(add_bulk):
        backend.reset_indexes()
        for model in models:
            add_bulk(model, list(model.get_indexed_objects()))
        return index_rows()

    modelsearch = written_by(backend.add_bulk)
    if connection.vendor == "postgresql":
        # Written by the override itself, not by modelsearch as its fallback.
        monkeypatch.setattr(backend, "add_bulk", None)
    portal = written_by(lambda model, objects: wagtail_overrides.add_bulk(backend, model, objects))

    assert portal == modelsearch
    assert len(portal) > 40
    results = backend.search(PlainText("debatteren klas"), Page.objects.live())
    assert [page.pk for page in results] == [example.pk]
