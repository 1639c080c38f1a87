"""Where the portal replaces Wagtail's own behaviour for speed: every such override, in one place.

Each one gives the answer a Wagtail function gives, with fewer queries or engine requests. A
Wagtail (or modelsearch) upgrade that changes that function must change the override with it;
tests/home/test_wagtail_overrides.py compares each with the function it replaces over a mixed
page tree, so such an upgrade fails a test instead of misrouting a visitor. docs/upgrading.md
is the checklist.

1. `route_below` replaces the tree walk of `Page.route` (wagtail/models/pages.py), two queries
   for every level of the path, with one query. HomePage.route uses it: every URL of the portal
   is routed from the site's root. `route_ancestors` gives the pages it read on the way as
   the found page's ancestors (`Page.get_ancestors`), for its breadcrumb trail.
2. `view_restrictions` replaces `Page.get_view_restrictions` (wagtail/models/pages.py), two
   queries on every page Wagtail serves, with one query, or none for a page outside every
   private section. BasePage.get_view_restrictions uses it.
3. `private_q` replaces `PageQuerySet.private_q` (wagtail/query.py), which reads every view
   restriction and compares every page with each restricted section, with index lookups of each
   page's ancestors. PortalPageQuerySet.private_q uses it, and with it public(), not_public()
   and home.models.private_page_ids.
4. `use_stored_site` replaces `Site.find_for_request` (wagtail/models/sites.py, through
   `get_site_for_hostname`), two queries on every request, with a lookup in the cache.
   home.caching.SiteLookupMiddleware uses it.
5. `engine_page_ids` replaces iterating modelsearch's Elasticsearch-family results
   (`ElasticsearchBaseSearchResults._do_search`), which scrolls through the hits a hundred at a
   time and loads each hundred from the database, with one request for the ids alone.
   search.query uses it.
6. `add_bulk` replaces `PostgresIndex.add_items` (modelsearch/backends/database/postgres), which
   reads every search field of an object five times (once for each column it fills) and
   compiles the SQL of three text vectors per object, with one reading and one compilation per
   shape of vector. search.indexing.index_in_bulk uses it, for the importer.
7. `database_ids` replaces iterating modelsearch's PostgreSQL results
   (`PostgresSearchQueryCompiler.search`), which reach the index entries from the searched
   model, joined by `object_id = id::text`, with a query on the entries alone, ranked and
   ordered the same way; `database_matches` gives the same entries as a subquery of ids, for
   a condition. One difference: a phrase is looked for in the title and in the body each, not
   in the two joined, so a phrase that runs on from the title's last word into the body is
   not found. search.query and search.database_search use them.
"""

from functools import cache

from django.db.models import BigIntegerField, Exists, F, IntegerField, OuterRef, Q
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Length, Substr
from django.http.request import split_domain_port
from django.urls import Resolver404

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchResults
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site

# 1. Routing -------------------------------------------------------------------------------------

# What routing reads of every page on the path: enough to follow it, and for the breadcrumb
# trail (a title and a URL) of the page it finds.
ROUTE_FIELDS = ("id", "path", "depth", "slug", "live", "content_type_id", "title", "url_path")
ROUTE_CHAIN_ATTRIBUTE = "_portal_route_chain"


def route_below(root, request, path_components):
    """Wagtail's Page.route() from `root`, with the tree walk done in one query.

    Wagtail looks each part of the path up among the children of the page before it and then
    loads that child as its specific type: for a practice example, seven queries before the
    page is even served. Here every page that could be on the path is read in one query and the
    chain is followed in Python; only the page found is loaded as its specific type, with the
    relations it declares it shows (`serve_select_related`), and its own route() takes over from
    there, so every page type keeps the say over what lies below it.

    None when no child of `root` has the path's first slug: the caller then falls back on
    Wagtail's route(), which answers that (the root's own page, or Http404). `root`'s own
    route() is not consulted; a root that routes views of its own (RoutablePageMixin) calls
    this only after its own views did not match.

    The pages on the way are kept on the request: they are the found page's ancestors, which
    its breadcrumb trail shows (route_ancestors).
    """
    if not path_components:
        return None
    candidates = Page.objects.filter(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(path_components),
        slug__in=set(path_components),
    ).only(*ROUTE_FIELDS)
    by_place = {(page.path[: -Page.steplen], page.slug): page for page in candidates}

    found, parent_path, used, chain = None, root.path, 0, [root]
    for index, slug in enumerate(path_components):
        page = by_place.get((parent_path, slug))
        if page is None:
            break
        found, parent_path, used = page, page.path, index + 1
        chain.append(page)
        if _routes_itself(page, path_components[used:]):
            # The rest of the path is one of this page's own views (RoutablePageMixin), which
            # Wagtail would also try before looking at the page's children.
            break
    if found is None:
        return None
    setattr(request, ROUTE_CHAIN_ATTRIBUTE, chain)
    return _specific(found).route(request, path_components[used:])


def _specific(page):
    """`page.specific`, with the relations its type declares it shows (`serve_select_related`,
    such as a result's community) read in the same query."""
    model = page.specific_class
    related = getattr(model, "serve_select_related", ())
    if not related:
        return page.specific
    return model._default_manager.select_related(*related).get(id=page.id)


def route_ancestors(request, page):
    """Wagtail's `page.get_ancestors().filter(depth__gt=1)`, the breadcrumb trail's pages, from
    the pages route_below read on the way to `page` for this request: no query.

    None when they do not tell: `page` is not the page found (a page type routed elsewhere
    below it, a preview), or the routing started below the second level, so the pages above
    its start are not known. The pages carry the fields of ROUTE_FIELDS only, enough for a
    title and a URL.
    """
    chain = getattr(request, ROUTE_CHAIN_ATTRIBUTE, None)
    if not chain or chain[-1].pk != page.pk:
        return None
    if [step.depth for step in chain] != list(range(2, page.depth + 1)):
        return None
    return chain[:-1]


def _routes_itself(page, remaining):
    # As RoutablePageMixin.route: only a live page's views, and those before its children.
    model = page.specific_class
    if not remaining or model is None or not issubclass(model, RoutablePageMixin) or not page.live:
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Resolver404:
        return False
    return True


# 2. View restrictions ---------------------------------------------------------------------------


def view_restrictions(page):
    """Wagtail's Page.get_view_restrictions() in one query instead of two: the restrictions on
    `page` and its ancestors, where an alias stands for its source page (Wagtail gives an alias
    its source's restrictions, never its own).

    No query at all for a page outside every private section with no alias above it, which
    stored sets tell (home.models.private_page_ids and the aliases with pages below them):
    Wagtail asks on every page it serves.
    """
    from .models import private_page_ids

    if (
        page.alias_of_id is None
        and page.pk not in private_page_ids(type(page))
        and not _below_an_alias(page)
    ):
        return PageViewRestriction.objects.none()
    chain = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    return PageViewRestriction.objects.filter(
        Q(page__path__in=chain, page__alias_of__isnull=True) | Q(page__aliases__path__in=chain)
    ).distinct()


def _below_an_alias(page):
    """Whether an ancestor of `page` is an alias, whose source's restrictions then apply to it.

    The private set goes by the tree alone, as Wagtail's private_q does; Wagtail's
    get_view_restrictions also follows an alias above the page to its source.
    """
    from .caching import cached

    (parent_aliases,) = cached(
        "alias-paths-with-children",
        lambda: (
            frozenset(
                Page.objects.filter(alias_of__isnull=False, numchild__gt=0).values_list(
                    "path", flat=True
                )
            ),
        ),
    )
    return bool(parent_aliases) and any(
        page.path[:end] in parent_aliases
        for end in range(page.steplen, len(page.path), page.steplen)
    )


# 3. Private sections ----------------------------------------------------------------------------

# Pages up to this depth find a restricted ancestor by exact path lookups (see private_q).
PRIVATE_LOOKUP_DEPTH = 12


def private_q():
    """Pages in a private section: at or below a page with a view restriction.

    Wagtail's own version reads every restriction first and then compares every page with
    every restricted section; every community has a private workspace, so that work grows with
    pages times communities. Here each page looks up its own ancestors' paths (its path cut
    after each level) among the restricted pages, through the unique index on the path: a few
    index lookups per page, in a subquery of the same query.
    """
    ancestor_paths = [
        Substr(OuterRef("path"), 1, Page.steplen * depth)
        for depth in range(1, PRIVATE_LOOKUP_DEPTH + 1)
    ]
    private = Q(Exists(PageViewRestriction.objects.filter(page__path__in=ancestor_paths)))
    if _deep_restrictions_exist():
        # A restriction further down than the lookups reach: compare paths the slow way, for
        # those restrictions only.
        private |= Q(
            Exists(
                PageViewRestriction.objects.filter(
                    page__depth__gt=PRIVATE_LOOKUP_DEPTH,
                    page__path=Substr(OuterRef("path"), 1, Length("page__path")),
                )
            )
        )
    return private


def _deep_restrictions_exist():
    from .caching import cached

    return cached(
        "deep-view-restrictions",
        lambda: (
            PageViewRestriction.objects.filter(page__depth__gt=PRIVATE_LOOKUP_DEPTH).exists(),
        ),
    )[0]


# 4. The request's site --------------------------------------------------------------------------


def use_stored_site(request):
    """Give Wagtail the request's site, with its root page, from the cache.

    Wagtail looks the site up in the database on every request (Site.find_for_request), then
    loads its root page: two queries before routing starts. The site is stored until content
    changes (a saved site starts a new generation) and put where Site.find_for_request keeps
    the site it found on the request, so Wagtail finds it there.
    """
    from .caching import cached

    # As Site._find_for_request: the raw host, so ALLOWED_HOSTS is left to Django.
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    (request._wagtail_site,) = cached(
        f"site:{hostname}:{port}", lambda: _find_site(hostname, port)
    )
    return request._wagtail_site


def _find_site(hostname, port):
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return (None,)
    # Routing starts from the root page as its specific type: store that, not the bare page.
    site.root_page = site.root_page.specific
    return (site,)


# 5. The search engine ---------------------------------------------------------------------------


def engine_request(results, size):
    """The one request an Elasticsearch-compatible engine gets for `results`: (body, params).

    `results` is what the backend's search() returned, not sliced; the body comes from
    modelsearch's own helper, and the parameters are those its _do_search sends, so the engine
    is asked exactly what modelsearch would ask it, for the first `size` hits at once.
    """
    params = {
        "index": results.backend.get_index_for_model(results.query_compiler.queryset.model).name,
        "_source": False,
        results.fields_param_name: "pk",
        "size": size,
    }
    return results._get_es_body(), params


def engine_page_ids(results, size):
    """The ids of the first `size` of `results`, best first, in one engine request; None when
    `results` are not an Elasticsearch-family engine's (the database backend's need no help).

    Iterating modelsearch's results would scroll through the hits a hundred at a time and load
    each hundred from the database; the portal only needs the ids. Unlike that iteration, an id
    the index still holds for a page no longer in the searched queryset is not left out here:
    the caller filters the ids in the database anyway (search.query.collect_facts).
    """
    if not isinstance(results, ElasticsearchBaseSearchResults):
        return None
    body, params = engine_request(results, size)
    # modelsearch's own call, which passes the body the way this engine's client expects.
    response = results._backend_do_search(body, **params)
    # The document id is the page id (modelsearch's get_document_id), whatever the mapping.
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]


# 6. The database search index -------------------------------------------------------------------

# Stand-ins for an object's texts while a vector's SQL is compiled; no text holds U+FFFE.
TEXT_MARKER = "\ufffe{}\ufffe"


def add_bulk(backend, model, objects):
    """`backend.add_bulk(model, objects)`: the same index rows, written faster into PostgreSQL.

    modelsearch's PostgreSQL index builds each object's title, autocomplete and body vectors
    as Django expressions and compiles them one by one, after reading every search field (a
    rich text body rendered to text) once for each of the five columns it fills. Here each
    object's fields are read once, and the SQL of a vector is compiled once for each shape it
    takes (its column, and the weights of its texts in order); each object then only brings its
    texts. Other backends, and a shape whose SQL does not show where the texts go, are left to
    modelsearch.
    """
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    index = backend.get_index_for_model(model)
    if not isinstance(index, PostgresIndex) or not model.get_search_fields() or not objects:
        backend.add_bulk(model, objects)
        return
    rows = _PostgresRows(index, model)
    for obj in objects:
        if not rows.add(obj):
            backend.add_bulk(model, objects)
            return
    rows.write()


class _PostgresRows:
    """The rows PostgresIndex.add_items inserts for objects of one model, as one statement."""

    COLUMNS = ("title", "autocomplete", "body")

    def __init__(self, index, model):
        from django.db.models.sql.subqueries import InsertQuery

        from modelsearch.backends.database.postgres.postgres import IndexEntry
        from modelsearch.utils import get_content_type_pk

        self.index = index
        self.entry_model = IndexEntry
        self.connection = index.write_connection
        self.compiler = InsertQuery(IndexEntry).get_compiler(connection=self.connection)
        self.content_type_pk = get_content_type_pk(model)
        self.compiled = {}
        self.values_sql = []
        self.params = []

    def add(self, obj):
        """Add the row of `obj`; False when a vector's SQL could not be reused."""
        indexer = _fields_read_once()(obj, self.index.backend)
        row_sql, row_params = [], [self.content_type_pk, indexer.id]
        for column in self.COLUMNS:
            for_autocomplete, texts = getattr(indexer, column)
            compiled = self.vector_sql(indexer, column, for_autocomplete, texts)
            if compiled is None:
                return False
            sql, slots = compiled
            row_sql.append(sql)
            row_params.extend(texts[slot][0] if marked else slot for marked, slot in slots)
        row_params += [indexer.title_text, indexer.body_text]
        self.values_sql.append(f"(%s, %s, {row_sql[0]}, {row_sql[1]}, {row_sql[2]}, 1.0, %s, %s)")
        self.params.extend(row_params)
        return True

    def vector_sql(self, indexer, column, for_autocomplete, texts):
        """(SQL, slots) of a vector of `texts` in `column`: each slot is (True, the number of a
        text) or (False, a parameter of its own). None when the markers standing in for the
        texts do not each come out as one parameter."""
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer

        shape = (column, for_autocomplete, tuple(weight for _text, weight in texts))
        if shape not in self.compiled:
            markers = [TEXT_MARKER.format(number) for number in range(len(texts))]
            expression = ObjectIndexer.as_vector(
                indexer,
                [(marker, weight) for marker, (_text, weight) in zip(markers, texts, strict=True)],
                for_autocomplete=for_autocomplete,
            )
            field = self.entry_model._meta.get_field(column)
            value = self.compiler.prepare_value(field, expression)
            sql, params = value.as_sql(self.compiler, self.connection)
            slots = [
                (True, markers.index(param)) if param in markers else (False, param)
                for param in params
            ]
            marked = sorted(slot for is_text, slot in slots if is_text)
            self.compiled[shape] = (sql, slots) if marked == list(range(len(markers))) else None
        return self.compiled[shape]

    def write(self):
        table = self.entry_model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, "
                f"title_norm, title_text, body_text) (VALUES {', '.join(self.values_sql)}) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                self.params,
            )
        self.index._refresh_title_norms()


@cache
def _fields_read_once():
    """modelsearch's ObjectIndexer, reading each search field of its object once, and leaving
    each vector as its texts and their weights: _PostgresRows compiles its SQL."""
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer

    class FieldsReadOnce(ObjectIndexer):
        def prepare_field(self, obj, field):
            if obj is not self.obj:  # a related object's field, read once by its own field
                return super().prepare_field(obj, field)
            prepared = self.__dict__.setdefault("_prepared", {})
            if id(field) not in prepared:
                prepared[id(field)] = list(super().prepare_field(obj, field))
            return iter(prepared[id(field)])

        def as_vector(self, texts, for_autocomplete=False):
            # As ObjectIndexer.as_vector leaves them before building its expression.
            kept = [(text.strip(), weight) for text, weight in texts]
            return for_autocomplete, [(text, weight) for text, weight in kept if text]

    return FieldsReadOnce


# 7. The database search backend ----------------------------------------------------------------


def _database_entries(results):
    """The index entries modelsearch's PostgreSQL `results` match, each with its object's id as
    `object_pk`, and their query compiler; None for another backend's results, for a query
    of another kind (MatchAll, Fuzzy, Boost, Not) or over named fields (not the index), and for
    a model whose ids are not numbers.

    modelsearch reaches the entries from the searched model, through a join that casts the id
    of every searched row to text (modelsearch.abstract_models.TextIDGenericRelation); inside
    a condition on that model, which reads its rows itself, that read all of them a second
    time. From the entries, only those that match are read, through the GIN index on
    `title || body` (migration search 0005), or for a phrase modelsearch's own on each, and
    each id is cast once.

    The content types are compared as the id plus nothing, which no index answers: for Page
    they cover nearly every entry, and the planner, offered the content type's own index, read
    every entry of those types and matched each one, rather than ask the GIN index. For a
    broad query at 20,000 pages that was 73 against 9 ms.
    """
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresSearchResults,
    )

    if not isinstance(results, PostgresSearchResults):
        return None
    compiler = results.query_compiler
    model = compiler.queryset.model
    if (
        not isinstance(compiler.query, (PlainText, Phrase, And, Or))
        or compiler.fields is not None
        or not isinstance(model._meta.pk, IntegerField)
    ):
        return None
    config = compiler.get_config(results.backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    if isinstance(compiler.query, Phrase):
        # In the title or in the body. Checking a phrase needs the words' positions, which
        # the GIN index does not hold, so every entry with all its words is read and checked:
        # on `title || body`, joined anew for each one, that took twice as long. Only a phrase
        # that would run from the title's last word on into the body is not found.
        match = Q(title=tsquery) | Q(body=tsquery)
    else:
        match = Q(_vector_=tsquery)
    entries = (
        IndexEntry._default_manager.alias(
            # The content types modelsearch's join allows (TextIDGenericRelation), as an
            # expression no index answers (see above).
            type_number=F("content_type_id") + 0,
            _vector_=CombinedExpression(F("title"), "||", F("body")),
        )
        .filter(type_number__in=get_descendants_content_types_pks(model))
        .annotate(object_pk=Cast("object_id", BigIntegerField()))
        .filter(match)
    )
    return entries, compiler, config


def database_matches(results):
    """The ids of the objects whose index entries modelsearch's PostgreSQL `results` match, as
    a subquery for a condition on their model, which filters them itself; None where
    `_database_entries` gives none."""
    found = _database_entries(results)
    if found is None:
        return None
    entries, _compiler, _config = found
    return entries.values("object_pk")


def database_ids(results, size):
    """The ids of the first `size` of modelsearch's PostgreSQL `results`, best first, in the
    order iterating them gives: by the rank modelsearch computes (its title rank times the
    title's norm plus its body rank), then by id, highest first. None where
    `_database_entries` gives none, or for results not ordered by relevance."""
    found = _database_entries(results)
    if found is None or not results.query_compiler.order_by_relevance:
        return None
    entries, compiler, config = found
    # PostgresSearchQueryCompiler.get_index_vectors and _build_rank_expression.
    rank = compiler.build_tsrank(F("title"), compiler.query, config=config) * F(
        "title_norm"
    ) + compiler.build_tsrank(F("body"), compiler.query, config=config)
    ranked = entries.filter(object_pk__in=compiler.queryset.values("pk")).order_by(
        rank.desc(), F("object_pk").desc()
    )
    return list(ranked.values_list("object_pk", flat=True)[:size])
