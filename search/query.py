"""The portal's search, the same for every backend: the page, the API and their facets use it.

The backend ranks candidate pages, in tiers that each rank below the one before: the phrase,
the visitor's own words, their synonyms, compounds, typos (tiered_ids). On an engine the tiers,
the count and every facet come from one request (search.engine_search); on the database the
count and the facets are GROUP BYs over every match (search.database_search). Either way the
results shown are looked up in SQL (collect_facts), which decides what a visitor may see (live,
public, not expired, in this site, of a knowledge type) whatever an index still contains.
"""

import hashlib
import html
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import DateTimeField, F, Lookup, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Fuzzy, Or, Phrase, PlainText

from psycopg.pq import TransactionStatus

from home import wagtail_overrides
from home.caching import cached
from home.knowledge import (
    SEARCH_FACETS,
    KnowledgePageMixin,
    community_type,
    knowledge_date,
    knowledge_types,
)
from home.models import not_expired_q, private_page_ids
from home.text import clean_line

from .analysis import content_words, normalise, plain_words, same_stem, stem
from .synonyms import synonym_alternatives
from .vocabulary import (
    MAX_TREATED_WORDS,
    MIN_CORRECTED_LENGTH,
    compound_parts,
    compounds_containing,
    corrections_of,
    known_bases,
    spelling_suggestion,
)

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
# Candidates taken from the backend, best first; facets count within them.
MAX_CANDIDATES = 1000
RESULTS_PER_PAGE = 10
# The most ids an engine returns in one request (its max_result_window).
ENGINE_MAX_IDS = 10_000
SNIPPET_LENGTH = 220


class AnyOf(Lookup):
    """`column IN (ids)`, sent to PostgreSQL as `column = ANY(%s)` with the ids as one array.

    The search filters on up to MAX_CANDIDATES ids in several queries; as IN, every id is a
    parameter of its own that Django prepares and the driver splices in, one by one.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = any_of_sql(lhs, self.rhs, connection)
        return sql, [*lhs_params, *params]


def any_of_sql(column, ids, connection):
    """`column` is one of `ids`, as SQL and its parameters (AnyOf)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


FACETS = SEARCH_FACETS
SORTS = {"relevance": _("Relevantie"), "newest": _("Nieuwste eerst")}


@dataclass
class SearchParams:
    q: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_querydict(cls, data):
        """Read and clamp request parameters; anything malformed is dropped, never an error.

        The text loses its control characters here; the backends get plain_words() of it.
        """
        q = clean_line(str(data.get("q", "")))[:MAX_QUERY_LENGTH]
        filters = {}
        for name in FACETS:
            value = clean_line(str(data.get(name, "")))[:100]
            if value:
                filters[name] = value
        sort = data.get("sort") if data.get("sort") in SORTS else "relevance"
        try:
            page = max(1, int(data.get("pagina") or data.get("page") or 1))
        except (TypeError, ValueError):
            page = 1
        return cls(q=q, filters=filters, sort=sort, page=page)


@dataclass
class PageFacts:
    """What the facets and the API need to know of one result page."""

    type: str
    themes: dict = field(default_factory=dict)  # slug -> name
    sectors: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)  # id (str) -> title
    date: object = None

    @property
    def year(self):
        return str(self.date.year) if self.date else None

    def values(self, facet):
        if facet == "type":
            return [self.type]
        if facet == "year":
            return [self.year] if self.year else []
        return list(
            {"theme": self.themes, "sector": self.sectors, "community": self.communities}[facet]
        )


class PageOfPaginator(Paginator):
    """The pages of a search whose matches were counted where they were found (the engine's
    total, the database's GROUP BY) and of which only the ids of the page asked for were read:
    those ids are the object list of whichever page is asked."""

    def __init__(self, page_ids, count):
        super().__init__(page_ids, RESULTS_PER_PAGE)
        self._total = count

    @property
    def count(self):
        return self._total

    def page(self, number):
        number = self.validate_number(number)
        return self._get_page(self.object_list, number, self)


@dataclass
class SearchOutcome:
    params: SearchParams
    page: object  # a Paginator page of specific pages
    count: int
    facets: dict  # facet -> [(value, label, count, selected)]
    facts: dict  # pk -> PageFacts
    snippets: dict  # pk -> safe HTML
    used_fallback: bool = False
    # A better-spelled query that finds more, for "Bedoelde je"; None when there is none.
    spelling: str | None = None


def engine_errors(names=("ConnectionError", "ConnectionTimeout", "TransportError")):
    """Exceptions that mean 'the engine cannot be reached', for whichever client is installed;
    with `names`, only those of the clients' exceptions (unreachable_errors)."""
    errors = [ConnectionError, TimeoutError]
    for module in ("opensearchpy.exceptions", "elasticsearch.exceptions", "elastic_transport"):
        try:
            imported = __import__(module, fromlist=["ConnectionError"])
        except ImportError:
            continue
        for name in names:
            if hasattr(imported, name):
                errors.append(getattr(imported, name))
    return tuple(errors)


def unreachable_errors():
    """The engine down or too slow, not an answer it gave (a refused request is one)."""
    return engine_errors(names=("ConnectionError", "ConnectionTimeout"))


def refused_errors():
    """The engine's refusal of a request it could not parse (HTTP 400): an answer."""
    unreachable = set(unreachable_errors())
    return tuple(
        error
        for error in engine_errors(names=("RequestError", "BadRequestError"))
        if error not in unreachable
    )


def visible_pages(site):
    """Every page a visitor may find: live, public, not expired, of a knowledge type."""
    types = knowledge_types().values()
    private = frozenset().union(*(private_page_ids(model) for model in types))
    return (
        Page.objects.live()
        .exclude(pk__in=private)
        .in_site(site)
        # Not type(): that includes subclasses, which are no knowledge types unless they
        # declare a key of their own (and then they are among `types` themselves).
        .exact_type(*types)
        .filter(not_expired_q())
    )


# The search in tiers -------------------------------------------------------------------------
# Each tier is one backend request; the ids are merged tier by tier, each id where it was
# first found. So a page holding the visitor's own words always ranks above one that only a
# synonym, a part of a compound or a corrected typo found, whatever the backend's scores
# (SQLite has no boosts, PostgreSQL only warns about them).

# Fewer results than this from the exact tiers, and the typo tier runs, and a better-spelled
# query is looked for.
FEW_RESULTS = 3


@dataclass
class Tier:
    """One request of a search: a backend query, and the words that show what it found."""

    query: object
    terms: tuple = ()
    # The typo tier's corrections, word → corrections (search.vocabulary.corrections_of).
    corrected: dict = field(default_factory=dict)
    # What this tier finds keeps its place, in the word order, above what only the vectors
    # found (search.semantic.hybrid): the phrase typed, or all of the visitor's words.
    strong: bool = False
    # What this tier finds weighs less than the vectors' nearest pages: any one of several
    # words found it, which in a question ("hoe houd ik goede leraren vast") says little.
    weak: bool = False


@dataclass
class Ranking:
    """Ids best first, with the words that found each (for its snippet)."""

    ids: list = field(default_factory=list)
    terms: dict = field(default_factory=dict)  # id -> words
    # The ids the tiers before the typo tier found, best first.
    exact: list = field(default_factory=list)
    # The corrections the typo tier looked up, for the spelling suggestion to reuse.
    corrected: dict = field(default_factory=dict)
    # The ids a strong tier found (Tier.strong), and those a weak one found (Tier.weak).
    strong: set = field(default_factory=set)
    weak: set = field(default_factory=set)
    # The backend queries of the tiers asked, and whether `ids` holds all they matched (no
    # tier reached the limit): else the count and the facets ask them again, for every match
    # (search.database_search.match_condition).
    queries: list = field(default_factory=list)
    complete: bool = True

    @property
    def exact_count(self):
        return len(self.exact)

    def add(self, ids, terms, limit, *, strong=False, weak=False):
        for pk in ids:
            if len(self.ids) >= limit:
                break
            if pk not in self.terms:
                self.ids.append(pk)
                self.terms[pk] = terms
                if strong:
                    self.strong.add(pk)
                if weak:
                    self.weak.add(pk)

    def reordered(self, ids):
        """The same findings in another order: `ids`, which may hold ids no tier found
        (search.semantic.hybrid), found by no words."""
        return Ranking(
            ids=list(ids),
            terms={pk: self.terms.get(pk, ()) for pk in ids},
            exact=self.exact,
            corrected=self.corrected,
            strong=self.strong,
            weak=self.weak,
            queries=self.queries,
            complete=self.complete,
        )


def sees_inside_words(backend):
    """Whether `backend`'s index splits compounds itself: the engine's decompounder puts the
    parts of "erfgoedleerlijn" in its index, a database index holds whole words only."""
    return isinstance(backend, ElasticsearchBaseSearchBackend)


def any_of(queries):
    queries = [query for query in queries if query is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else Or(queries)


def _phrase_or_word(phrase):
    return Phrase(phrase) if " " in phrase else PlainText(phrase)


def own_words(text):
    """The words of a search that say what it is about; all of them if none does."""
    return content_words(text) or plain_words(text).replace("-", " ").split()


def own_tiers(text):
    """The tiers of the words the visitor typed as typed: the phrase, then the visitor's own
    words, all of them, then any. None for a text of no words ("-", "- -")."""
    own = own_words(text)
    if not own:
        return []
    words = plain_words(text)
    tiers = []
    # The phrase and all of the visitor's words are strong; any one of them is weak.
    if len(words.split()) > 1:
        tiers.append(Tier(Phrase(words), strong=True))
    tiers.append(Tier(PlainText(" ".join(own), operator="and"), strong=True))
    if len(own) > 1:
        tiers.append(Tier(PlainText(" ".join(own), operator="or"), weak=True))
    return tiers


def exact_tiers(text, *, inside_words):
    """The tiers of a search before typos: the phrase, the visitor's own words (all, then any),
    the synonyms of the phrases typed, and the compounds. `inside_words`: whether the backend's
    index already splits compounds (sees_inside_words). None for a text of no words."""
    tiers = own_tiers(text)
    if not tiers:
        return []
    own = own_words(text)
    alternatives = synonym_alternatives(text)
    after_own = []
    if alternatives:
        after_own.append(Tier(any_of(map(_phrase_or_word, alternatives)), tuple(alternatives)))
    after_own.extend(compound_tiers(own, inside_words=inside_words))
    # Of several words, a synonym or a compound stands for one: as weak as any one word. Of
    # one word, they are that word in other forms, as strong as the word itself.
    one_word = len(own) == 1 == len(plain_words(text).split())
    for tier in after_own:
        tier.weak, tier.strong = not one_word, one_word
    return tiers + after_own


def compound_tiers(own, *, inside_words):
    """The tier of what the visitor's words are made of or part of, for the first
    MAX_TREATED_WORDS words (each costs queries of the vocabulary): all parts of a compound the
    visitor typed ("erfgoedleerlijn": a page about an erfgoed leerlijn); and, where the index
    holds whole words only, the known compounds a typed word is part of ("erfgoed":
    "erfgoedleerlijn") and the known word a typed inflection is a form of ("zelfevaluaties":
    "zelfevaluatie", for an index that does not stem)."""
    own = own[:MAX_TREATED_WORDS]
    queries, terms = [], []
    for word in own:
        parts = compound_parts(word)
        if len(parts) > 1:
            queries.append(PlainText(" ".join(parts), operator="and"))
            terms += parts
    if not inside_words:
        related = [
            compound for word in own for compound in compounds_containing(word) if compound != word
        ]
        related += known_bases(own)
        if related:
            related = list(dict.fromkeys(related))
            queries.append(PlainText(" ".join(related), operator="or"))
            terms += related
    query = any_of(queries)
    return [Tier(query, tuple(dict.fromkeys(terms)))] if query else []


def any_part_tier(text):
    """When nothing holds a typed compound or its parts together, any of its parts:
    "netwerkleren" finds a page about netwerken and one about leren. A page about one part is
    no answer while some page holds them all."""
    splits = [compound_parts(word) for word in own_words(text)[:MAX_TREATED_WORDS]]
    parts = tuple(dict.fromkeys(part for split in splits if len(split) > 1 for part in split))
    if not parts:
        return None
    return Tier(PlainText(" ".join(parts), operator="or"), parts, weak=True)


def typo_tier(text, *, inside_words):
    """The tier for words that may be misspelt: on the engine its own fuzzy matching, on the
    database the vocabulary's corrections; words of MIN_CORRECTED_LENGTH letters or more, the
    first MAX_TREATED_WORDS of them. None when there is nothing to correct."""
    long_words = [word for word in own_words(text) if len(word) >= MIN_CORRECTED_LENGTH]
    long_words = long_words[:MAX_TREATED_WORDS]
    found = corrections_of(long_words) if long_words else {}
    corrected = tuple(dict.fromkeys(fix for word in long_words for fix in found[word]))
    # Any one of several words, corrected: as weak as any one word (Tier.weak).
    weak = len(own_words(text)) > 1
    if inside_words and long_words:
        return Tier(Fuzzy(" ".join(long_words), operator="or"), corrected, found, weak=weak)
    if corrected:
        return Tier(PlainText(" ".join(corrected), operator="or"), corrected, found, weak=weak)
    return None


def searchable_pages():
    """The live pages of the knowledge types, as a backend is asked for them: by content type,
    a filter every backend applies in its index (Page's FilterField), so section pages and
    workspace pages never take a candidate's place, nor make the tiers think something was
    found. Privacy is still decided afterwards, in SQL (visible_pages)."""
    content_types = ContentType.objects.get_for_models(*knowledge_types().values()).values()
    return Page.objects.live().filter(content_type__in=[ct.pk for ct in content_types])


def backend_ids(backend, query, queryset, limit):
    """The ids of the first `limit` objects of `queryset` that `query` finds, best first, in
    one request: on an engine the ids alone (home.wagtail_overrides.engine_page_ids), on the
    database one SQL query (on PostgreSQL of the index entries alone:
    home.wagtail_overrides.database_ids)."""
    results = backend.search(query, queryset)
    ids = wagtail_overrides.engine_page_ids(results, limit)
    if ids is None:
        with through_indexes(queryset.db):
            ids = wagtail_overrides.database_ids(results, limit)
            if ids is None:
                ids = _database_ids(results[:limit])
    return ids


# What through_indexes and without_nested_loops change, and set back when the block ends.
PLANNER_SETTINGS = ("enable_seqscan", "enable_nestloop")


@contextmanager
def through_indexes(using):
    """On PostgreSQL, no sequential scan where an index answers, for the queries run within.

    The planner costs matching `title || body @@ query` per row as one cheap operator, so for
    a search that matches most pages it reads the whole index table and builds each row's
    vector again, where the GIN index on that expression (migration search 0005) lists the
    matches in a fraction of the time: for the count and facets of 16,000 matches among 20,000
    pages, 95 ms against 170 (docs/performance.md).

    The setting is SET LOCAL, so it never outlives the transaction, also behind a pooler that
    hands the connection on after it. In autocommit the block is a transaction of its own,
    which ends the setting when it commits; inside the caller's transaction the settings of
    the block (PLANNER_SETTINGS, also without_nested_loops's) are set back at its end in one
    statement, unless a failed statement broke that transaction, whose rollback then takes
    them with it. A block within a block adds nothing: a search runs all its queries in one,
    for a statement or two more per search rather than per query.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or getattr(connection, "search_through_indexes", False):
        yield
        return
    connection.search_through_indexes = True
    try:
        if connection.in_atomic_block:
            _set_local(connection, "enable_seqscan", "off")
            try:
                yield
            finally:
                if _transaction_usable(connection):
                    _reset_planner(connection)
        else:
            with transaction.atomic(using=using):
                _set_local(connection, "enable_seqscan", "off")
                yield
    finally:
        connection.search_through_indexes = False


def without_nested_loops(using):
    """On PostgreSQL, within a search's through_indexes block: no nested loop where another
    join answers, for the statements that follow until the block ends (which sets it back).

    The count and facets of a broad query join thousands of matches to each type's links. The
    planner estimates a type's matches at fifty, whatever they are, and so looked their links
    up match by match: at 20,000 pages 115 ms for the 16,000 matches of a two-word query, 92 ms
    with hash joins instead (the same statements, each run both ways). The ranked tiers come
    before it and are faster with nested loops; the statements after it in the block (which
    results are visible, the newest-first page) took the same time either way.
    """
    connection = connections[using]
    if connection.vendor == "postgresql" and getattr(connection, "search_through_indexes", False):
        _set_local(connection, "enable_nestloop", "off")


def _set_local(connection, setting, value):
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {setting} = {value}")


def _reset_planner(connection):
    """The planner settings a search changes back to the session's own, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
            [list(PLANNER_SETTINGS)],
        )


def _transaction_usable(connection):
    """Whether `connection` is in a transaction that takes statements: not closed, not broken
    by a failed statement that waits for its rollback."""
    return (
        connection.connection is not None
        and connection.connection.info.transaction_status == TransactionStatus.INTRANS
    )


def _database_ids(results):
    """The ids of a database backend's `results`, in their order, read as ids: iterating the
    results builds a Page object per row, which took longer than the search itself."""
    matched = getattr(results, "get_queryset", lambda: None)()
    if isinstance(matched, QuerySet):
        return list(matched.values_list("pk", flat=True))
    return [obj.pk for obj in results]


def _add_tier(ranking, tier, backend, queryset, limit):
    ids = backend_ids(backend, tier.query, queryset, limit)
    ranking.queries.append(tier.query)
    ranking.complete = ranking.complete and len(ids) < limit
    ranking.add(ids, tier.terms, limit, strong=tier.strong, weak=tier.weak)
    ranking.complete = ranking.complete and len(ranking.ids) < limit


def tiered_ids(text, backend, queryset, limit):
    """A Ranking of the objects of `queryset` that a search for `text` finds on `backend`, tier
    by tier: the exact tiers; any part of a typed compound only when they found nothing; then
    the typo tier only when they found fewer than FEW_RESULTS. The pages of the search and the
    people of Wie weet wat are found the same way."""
    inside_words = sees_inside_words(backend)
    ranking = Ranking()
    for tier in exact_tiers(text, inside_words=inside_words):
        if len(ranking.ids) < limit:
            _add_tier(ranking, tier, backend, queryset, limit)
        else:
            ranking.queries.append(tier.query)
    ranking.exact = list(ranking.ids)
    if not ranking.ids:
        tier = any_part_tier(text)
        if tier is not None:
            _add_tier(ranking, tier, backend, queryset, limit)
    if ranking.exact_count < FEW_RESULTS:
        tier = typo_tier(text, inside_words=inside_words)
        if tier is not None:
            ranking.corrected = tier.corrected
            _add_tier(ranking, tier, backend, queryset, limit)
    return ranking


def with_fallback(run):
    """`run(backend_name)` on the configured backend, or on the database fallback when the
    engine cannot be reached; with whether the fallback had to answer."""
    try:
        return run("default"), False
    except engine_errors() as error:
        if "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("Search engine unreachable, answering from the database: %s", error)
        return run("fallback"), True


def ranked_search(text):
    """The Ranking of the live pages a search for `text` finds, by its words and by its
    meaning (search.semantic.hybrid), and whether the database fallback had to answer."""
    from .semantic.hybrid import hybrid

    def run(backend_name):
        backend = get_search_backend(backend_name)
        ranking = tiered_ids(text, backend, searchable_pages(), MAX_CANDIDATES)
        return hybrid(text, backend, ranking, MAX_CANDIDATES)

    return with_fallback(run)


def ranked_candidates(text):
    """Page ids best first, and whether the database fallback had to answer."""
    ranking, used_fallback = ranked_search(text)
    return ranking.ids, used_fallback


def linked_rows(model, field_name):
    """(page id, related id) of every page of `model` through `field_name`, a ForeignKey or a
    many-to-many field, as a query to combine with others.

    A many-to-many field is read from its link table alone, without a join to the pages.
    """
    rows, page_column, related_column = link_columns(model, field_name)
    # Pages are ordered by path by default; a part of a larger statement needs no order.
    return rows.values_list(page_column, related_column).order_by()


def facet_field(model, facet):
    """The field of `model` that holds its values for `facet` (theme, sector, community);
    "self" for a community itself, None where the facet does not apply."""
    if facet == "community":
        return model.knowledge_community_field
    return f"{facet}s"


def link_columns(model, field_name):
    """The rows that link pages of `model` to what `field_name` names, with the columns of
    their page and of the related object: a many-to-many field's link table, or the pages
    themselves for a ForeignKey."""
    field = model._meta.get_field(field_name)
    if field.many_to_many:
        through = field.remote_field.through
        page_column = f"{field.m2m_field_name()}_id"
        related_column = f"{field.m2m_reverse_field_name()}_id"
        return through.objects.all(), page_column, related_column
    rows = model._default_manager.filter(**{f"{field.name}__isnull": False})
    return rows, "pk", field.attname


def _term_labels():
    """Theme and sector id → the term (its slug, Dutch and English name), stored until a term
    or any content changes. Facets show a term's localized_name: the index keeps its id."""
    from home.models import Sector, Theme

    return cached(
        "search-terms",
        lambda: {
            facet: {term.pk: term for term in model.objects.only("slug", "name", "name_en")}
            for facet, model in (("theme", Theme), ("sector", Sector))
        },
    )


def _community_titles():
    return cached(
        "search-community-titles",
        lambda: dict(community_type().objects.values_list("pk", "title")),
    )


def _lookup_from_page(model, field_name):
    """The lookup that reaches `field_name` of a page of `model` from a query on Page: down
    the parent links to the model that declares the field, then the field."""
    field = model._meta.get_field(field_name)
    names = [field.name]
    declaring = field.model
    while declaring is not Page:
        parent, parent_link = next(iter(declaring._meta.parents.items()))
        names.insert(0, parent_link.related_query_name())
        declaring = parent
    return "__".join(names)


def date_column(model):
    """The column that dates a page of `model` for the year facet and the newest-first sort:
    its knowledge_date_field, a date-time by its day in the site's time zone, or else the day
    it was first published."""
    field_name = model.knowledge_date_field
    if field_name is None:
        return TruncDate(Coalesce("first_published_at", "latest_revision_created_at"))
    lookup = _lookup_from_page(model, field_name)
    if isinstance(model._meta.get_field(field_name), DateTimeField):
        # Days in the site's time zone, worked out by the database: reading a thousand
        # timestamps and converting them here took longer than the query.
        return TruncDate(lookup)
    return F(lookup)


def _date_columns(models):
    """The columns that date the knowledge types, each once however many types share it, and
    each type's place among them."""
    columns, place = [], {}
    for name, model in models.items():
        column = date_column(model)
        if column not in columns:
            columns.append(column)
        place[name] = columns.index(column)
    return columns, place


@cache
def _link_sql(model, field_name, using):
    """linked_rows of every page of `model` through `field_name`, compiled for the database
    `using`: the same for every search, where building and compiling the queries each time took
    longer than running them."""
    rows = linked_rows(model, field_name).using(using)
    return rows.query.sql_with_params()


def _facet_links(ids_by_model, using):
    """(facet, page id, related id) of the themes, sectors and communities of the pages in
    `ids_by_model`, found the way each type says (facet_field): in one query over every type
    and facet, each type's links asked about that type's pages only."""
    own, tables, selects, params = [], [], [], []
    connection = connections[using]
    for model, page_ids in ids_by_model.items():
        for facet in ("theme", "sector", "community"):
            field_name = facet_field(model, facet)
            if field_name == "self":
                own += [(facet, pk, pk) for pk in page_ids]
            elif field_name is not None:
                links = f"links_{len(tables)}"
                link_sql, link_params = _link_sql(model, field_name, using)
                tables.append(f"{links} (page_id, value) AS ({link_sql})")
                params += link_params
                condition, condition_params = any_of_sql("page_id", page_ids, connection)
                selects.append(f"SELECT '{facet}', page_id, value FROM {links} WHERE {condition}")
                params += condition_params
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {', '.join(tables)} {' UNION ALL '.join(selects)}", params)
            own += cursor.fetchall()
    return own


def collect_facts(page_ids, site):
    """PageFacts for each page among `page_ids` a visitor may find, and only for those.

    Two narrow queries however many candidates and types: which pages are visible, of which
    type and from when; then their themes, sectors and communities, over all page types at
    once. Term names and community titles come from a small stored table.
    """
    models = knowledge_types()
    names = {ContentType.objects.get_for_model(model).pk: name for name, model in models.items()}
    date_columns, date_column_of = _date_columns(models)
    rows = (
        visible_pages(site)
        .filter(AnyOf(F("pk"), page_ids))
        .values_list("pk", "content_type_id", *date_columns)
        .order_by()
    )
    facts = {}
    for pk, content_type_id, *days in rows:
        type_name = names[content_type_id]
        facts[pk] = PageFacts(type=type_name, date=days[date_column_of[type_name]])
    return _with_links(facts, rows.db)


def read_results(page_ids, site):
    """({id: page}, {id: PageFacts}) of the pages among `page_ids` a visitor may find, each
    page as its own type: the results a search shows.

    Two queries however many types: the pages joined to every knowledge type's table (Django
    fills the specific page from the row, its Page columns included), then their links. The
    pages' dates are read from the pages as the index reads them (home.knowledge.
    knowledge_date). Reading each type's pages on its own (in_bulk) cost a query and 1.5 ms
    per type among the ten results.
    """
    models = knowledge_types()
    types = ContentType.objects.get_for_models(*models.values())
    relation = {types[model].pk: _child_relation(model) for model in models.values()}
    rows = (
        visible_pages(site)
        .filter(AnyOf(F("pk"), page_ids))
        .select_related(*relation.values())
        .only(*_result_fields())
        .order_by()
    )
    pages = {page.pk: getattr(page, relation[page.content_type_id]) for page in rows}
    facts = {
        pk: PageFacts(type=page.knowledge_key, date=knowledge_date(page))
        for pk, page in pages.items()
    }
    return pages, _with_links(facts, rows.db)


# What a result shows of the pages its own type does not add: its title, its link and its type
# (search.html, the API, a knowledge question's check). knowledge_date reads the rest.
RESULT_PAGE_FIELDS = ("title", "url_path", "locale", "content_type")


@cache
def _result_fields():
    """The columns a result is read with: the pages' own (RESULT_PAGE_FIELDS), the dates
    knowledge_date reads, and each knowledge type's snippet fields and body (searchable_text).

    Every column of every type's table, read and made into pages, took twice as long as the
    query itself: ten results of five types at 20,000 pages, 8.4 ms in all against 4.9 with
    these columns alone. A column left out here would be read page by page where it is used
    (tests/search/test_engine_search.py counts the queries)."""
    fields = [*RESULT_PAGE_FIELDS, "first_published_at", "latest_revision_created_at"]
    for model in knowledge_types().values():
        names = [*model.snippet_fields, model.knowledge_date_field]
        if any(field.name == "body" for field in model._meta.get_fields()):
            names.append("body")
        relation = _child_relation(model)
        fields += [f"{relation}__{name}" for name in names if name]
    return fields


def _child_relation(model):
    """The name of the relation from Page to its child `model`, whose row holds its own fields."""
    parent_link = model._meta.parents[Page]
    return parent_link.remote_field.get_accessor_name()


def _with_links(facts, using):
    """`facts` (PageFacts by page id) with their themes, sectors and communities filled in."""
    if not facts:
        return facts
    models = knowledge_types()
    ids_by_model = {}
    for pk, fact in facts.items():
        ids_by_model.setdefault(models[fact.type], []).append(pk)

    labels = _term_labels()
    titles = _community_titles()
    for facet, pk, related_id in _facet_links(ids_by_model, using):
        if facet == "community":
            if related_id in titles:
                facts[pk].communities[str(related_id)] = titles[related_id]
        else:
            term = labels[facet].get(related_id)
            slug, name = (term.slug, term.name) if term else (str(related_id), str(related_id))
            getattr(facts[pk], f"{facet}s")[slug] = name
    return facts


def stored_filters(params):
    """The active filters as the index stores their values (home.knowledge.facet_values): a
    theme or sector by its id, not its slug; "" for a value no page can have."""
    labels = _term_labels()
    stored = {}
    for facet, value in params.filters.items():
        if facet in ("theme", "sector"):
            ids = [str(pk) for pk, term in labels[facet].items() if term.slug == value]
            value = ids[0] if ids else ""
        stored[facet] = value
    return stored


def labelled_facet_lists(params, tallies):
    """facet -> [(value, label, count, selected)] from counts by stored value (facet -> value
    -> count, values as stored_filters has them: an engine's buckets, the database's GROUP
    BYs), labelled and ordered as facet_lists does; ids the portal no longer knows are left
    out."""
    labels = _term_labels()
    titles = _community_titles()
    types = {name: model.knowledge_label() for name, model in knowledge_types().items()}
    named = {facet: {} for facet in FACETS}
    counts = {facet: {} for facet in FACETS}
    for facet in FACETS:
        for key, count in tallies[facet].items():
            if facet in ("theme", "sector"):
                term = labels[facet].get(int(key))
                if term is None:
                    continue
                value, label = term.slug, term.localized_name
            elif facet == "community":
                if int(key) not in titles:
                    continue
                value, label = key, titles[int(key)]
            elif facet == "type":
                if key not in types:
                    continue
                value, label = key, types[key]
            else:
                value, label = key, key
            counts[facet][value] = count
            named[facet][value] = label
    return facet_lists(params, counts, named)


def facet_lists(params, tallies, labels):
    """facet -> [(value, label, count, selected)] from the counts `tallies` (facet -> value ->
    count) and `labels` (facet -> value -> label): types in their order, years newest first,
    the rest by label; a selected value that nothing matches stays listed with 0."""
    counts = {}
    for facet in FACETS:
        tally, names = dict(tallies[facet]), labels[facet]
        selected = params.filters.get(facet)
        if selected and selected not in tally:
            tally[selected] = 0
        if facet == "type":
            order = list(knowledge_types())
        elif facet == "year":
            order = sorted(tally, reverse=True)
        else:
            order = sorted(tally, key=lambda value: str(names.get(value, value)).lower())
        counts[facet] = [
            (value, names.get(value, value), tally[value], value == selected)
            for value in order
            if value in tally
        ]
    return counts


@lru_cache(maxsize=20000)
def _word_stem(word):
    # A snippet checks every word of a page's text; the same words recur across pages.
    return stem(normalise(word))


def highlight(text, terms, length=SNIPPET_LENGTH):
    """An escaped excerpt of `text` around the first matching word, matches in <mark>.

    A word of the text matches a term's content word in another form: plural, inflection
    ("leraren", "digitale" for "leraar", "digitaal"), or a compound the term begins
    (search.analysis.same_stem). Stop words are never marked.
    """
    if not text:
        return ""
    stems = {stem(word) for word in content_words(" ".join(terms))}
    word_pattern = re.compile(r"\w+", re.UNICODE)

    verdicts = {}

    def matches(word):
        if word not in verdicts:
            word_stem = _word_stem(word)
            verdicts[word] = any(
                same_stem(term_stem, word_stem, both_ways=False) for term_stem in stems
            )
        return verdicts[word]

    first = next((m for m in word_pattern.finditer(text) if matches(m.group())), None)
    start = max(0, first.start() - length // 3) if first else 0
    if start:
        start = text.find(" ", start) + 1 or start
    excerpt = text[start : start + length]
    parts, position = [], 0
    for match in word_pattern.finditer(excerpt):
        if matches(match.group()):
            parts.append(html.escape(excerpt[position : match.start()]))
            parts.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
    parts.append(html.escape(excerpt[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return prefix + "".join(parts) + suffix


def searchable_text(page):
    """The plain text a snippet is cut from: the type's snippet fields, then the body."""
    parts = []
    for name in getattr(page, "snippet_fields", KnowledgePageMixin.snippet_fields):
        value = getattr(page, name)
        if isinstance(page._meta.get_field(name), RichTextField):
            value = strip_tags(value or "")
        parts.append(value)
    body = getattr(page, "body", None)
    if body:
        parts.extend(strip_tags(text) for text in _stream_text(body.raw_data))
    return " ".join(" ".join(str(part).split()) for part in parts if part)


# The fields of the body's blocks that hold words a reader sees (home/blocks.py); the rest are
# images, documents, links, embeds and settings such as a heading's level.
STREAM_TEXT_FIELDS = {"text", "caption", "heading", "title", "attribution", "link_text"}


def _stream_text(raw_blocks):
    """The text in a StreamField's stored blocks, read straight from the stored data.

    Rendering the body would fetch every image and document in it, per result, only for
    the snippet to strip the HTML again.
    """
    for block in raw_blocks:
        value = block.get("value")
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (
                value[name] for name in STREAM_TEXT_FIELDS if isinstance(value.get(name), str)
            )


def _matching(params, ids, facts):
    """Those of `ids` among the visible pages `facts` describes that the active filters keep."""
    return [
        pk
        for pk in ids
        if pk in facts
        and all(value in facts[pk].values(facet) for facet, value in params.filters.items())
    ]


def _visible_corrections(text, suggestion, backend, site):
    """`suggestion` with only the corrected words that, each alone, find a visible page; None
    when none does. The vocabulary keeps the words of a page made private, unpublished or
    deleted until its next rebuild: a suggestion must never show them."""
    words, suggested = plain_words(text).split(), suggestion.split()
    visible = visible_pages(site)
    finds = {}
    kept = []
    # spelling_suggestion corrects word by word: as many words, in the same places.
    for word, better in zip(words, suggested, strict=True):
        if better != word and better not in finds:
            ids = backend_ids(backend, PlainText(better), searchable_pages(), MAX_CANDIDATES)
            finds[better] = bool(ids) and visible.filter(AnyOf(F("pk"), ids)).exists()
        kept.append(better if better == word or finds[better] else word)
    return " ".join(kept) if kept != words else None


def better_spelling(params, exact_count, site, *, backend_name="default", corrected=None):
    """The vocabulary's better spelling of the search `params`, if that spelling as typed (the
    phrase and the words: own_tiers) finds more visible pages within the active filters than
    the `exact_count` the search found before the typo tier; else None.

    On `backend_name`, the backend that answered the search: with the engine down the database
    answers, and the engine is not waited for a second time. `corrected`: the corrections the
    typo tier looked up already (Ranking.corrected).
    """
    suggestion = spelling_suggestion(params.q, corrected)
    if not suggestion:
        return None
    backend = get_search_backend(backend_name)
    suggestion = _visible_corrections(params.q, suggestion, backend, site)
    if not suggestion:
        return None
    ranking = Ranking()
    for tier in own_tiers(suggestion):
        ids = backend_ids(backend, tier.query, searchable_pages(), MAX_CANDIDATES)
        ranking.add(ids, tier.terms, MAX_CANDIDATES)
    found = _matching(params, ranking.ids, collect_facts(ranking.ids, site))
    return suggestion if len(found) > exact_count else None


def search(params, site):
    """Run a search for the page and the API: on an engine in one request
    (search.engine_search), on the database backend in tiers with SQL for the rest."""
    if not params.q or not own_words(params.q):
        # Nothing to search for, or a text of hyphens alone ("-", "- -").
        empty = Paginator([], RESULTS_PER_PAGE).page(1)
        return SearchOutcome(params, empty, 0, {facet: [] for facet in FACETS}, {}, {})

    def run(backend_name):
        from .engine_search import EngineSearchError

        backend = get_search_backend(backend_name)
        if sees_inside_words(backend):
            try:
                return _engine_search(params, site, backend, backend_name)
            except EngineSearchError as error:
                # An index without the portal's fields (built before them, or by a stray
                # write before update_index): its words still answer, tier by tier, with SQL
                # deciding the rest. ensure_search_index rebuilds such an index.
                logger.warning("The engine refused the one-request search: %s", error)
        return _search_in_tiers(params, site, backend, backend_name)

    outcome, used_fallback = with_fallback(run)
    outcome.used_fallback = used_fallback
    return outcome


def _engine_search(params, site, backend, backend_name):
    from .engine_search import (
        MAX_RESULT_WINDOW,
        EngineSearch,
    )

    answer = EngineSearch(backend, params, site).run()
    if answer.page_ids is not None:
        # Newest first: the engine sorted every match and returned the page asked for.
        pages = min(answer.count, MAX_RESULT_WINDOW)
        last = last_page(pages)
        if params.page > last:
            # Beyond the last page: the last page, as Paginator would give it.
            params = replace(params, page=last)
            answer = EngineSearch(backend, params, site).run()
        shown, number = answer.page_ids, params.page
    else:
        # By relevance: the best MAX_CANDIDATES can be paged through.
        pages = min(answer.count, MAX_CANDIDATES)
        number = min(params.page, last_page(pages))
        start = (number - 1) * RESULTS_PER_PAGE
        shown = answer.ranking.ids[start : start + RESULTS_PER_PAGE]
    return _outcome(
        params,
        site,
        answer.ranking,
        PageOfPaginator(shown, pages).page(number),
        answer.count,
        labelled_facet_lists(params, answer.tallies),
        backend_name,
    )


def last_page(results):
    """The number of the last page of `results` results; 1 when there are none."""
    return max(1, -(-results // RESULTS_PER_PAGE))


def _search_in_tiers(params, site, backend, backend_name):
    from . import database_search
    from .semantic.hybrid import hybrid, prepare

    queryset = searchable_pages()
    prepare(backend)
    with through_indexes(queryset.db):
        words = tiered_ids(params.q, backend, queryset, MAX_CANDIDATES)
        ranking = hybrid(params.q, backend, words, MAX_CANDIDATES)
        # The count and the facets cover every match, counted in SQL; the results list the
        # best MAX_CANDIDATES, or, newest first, every match.
        condition = database_search.match_condition(backend, ranking, frozenset(words.ids))
        tallies = database_search.stored_tallies(params, site, backend, ranking, condition)
        count = sum(tallies["type"].values())
        kept = database_search.visible_among(params, site, [*ranking.ids, *ranking.exact])
        # Both counted alike: visible pages, within the active filters, found by the words as
        # typed.
        ranking = replace(ranking, exact=[pk for pk in ranking.exact if pk in kept])
        matching = [pk for pk in ranking.ids if pk in kept]
        newest = params.sort == "newest"
        pages = count if newest else len(matching)
        number = min(params.page, last_page(pages))
        start, stop = (number - 1) * RESULTS_PER_PAGE, number * RESULTS_PER_PAGE
        if newest:
            shown = database_search.newest_ids(params, site, condition, start, stop)
        else:
            shown = matching[start:stop]
    page = PageOfPaginator(shown, pages).page(number)
    facets = labelled_facet_lists(params, tallies)
    return _outcome(params, site, ranking, page, count, facets, backend_name)


def _outcome(params, site, ranking, page, count, facets, backend_name):
    """The SearchOutcome of a search whose `page` of ids is chosen: the spelling suggestion,
    the pages themselves and their snippets. The pages are read with their facts, which also
    leaves out any a visitor may not see."""
    # Offered when the visitor's words as typed found few pages, even if the typo tier found
    # more: the link shows what was meant, and a search for it finds the exact matches first.
    spelling = None
    if ranking.exact_count < FEW_RESULTS:
        spelling = better_spelling(
            params,
            ranking.exact_count,
            site,
            backend_name=backend_name,
            corrected=ranking.corrected,
        )
    pages, facts = read_results(list(page.object_list), site)
    hidden = [pk for pk in page.object_list if pk not in pages]
    if hidden:
        logger.warning("The search index still shows pages no visitor may see: %s", hidden)
        count -= len(hidden)
    page.object_list = [pages[pk] for pk in page.object_list if pk in pages]
    snippets = {}
    for result in page.object_list:
        # The visitor's words and whatever else found this page: a synonym, the parts of a
        # compound, a corrected word; never the words of a tier that did not find it.
        terms = [params.q, *ranking.terms.get(result.pk, ())]
        result.search_snippet = snippets[result.pk] = highlight(searchable_text(result), terms)
    return SearchOutcome(params, page, count, facets, facts, snippets, spelling=spelling)


def visible_count(text, site):
    """How many pages a search for `text` finds for a visitor of `site`: the search page's count
    without filters, for the search report and the spelling check.

    Stored until content or a synonym changes (home.caching): the report lists up to forty
    queries, each a search in tiers, and would otherwise run them all on every view.
    """
    if not plain_words(text):
        return 0
    # Hashed: a cache key holds no spaces or control characters, and the text may be long.
    key = hashlib.sha256(text.encode()).hexdigest()
    return cached(f"search-visible-count:{site.pk}:{key}", lambda: _visible_count(text, site))


def _visible_count(text, site):
    ids, _used_fallback = ranked_candidates(text)
    return visible_pages(site).filter(AnyOf(F("pk"), ids)).count() if ids else 0
