"""The search page and the API on an engine: one request for the results, the count and facets.

On the database backend the tiers find candidate ids and SQL decides visibility and counts the
facets (search.database_search). On an Elasticsearch-compatible engine all of that happens in one
`_msearch` request:

- one search per word tier (search.query.exact_tiers), each for the ids of as many of its best
  matches as the page asked for needs (depth), merged tier by tier in Python as on the
  database;
- when the vectors found pages, one search for which of those a visitor may see within the
  active filters, and which tiers match each;
- one search that matches what any tier or those pages match, with no hits of its own (or the
  page of hits, when sorted newest first), whose total and aggregations are the result count
  and every facet over *all* matches, not over the best thousand.

Every search in it filters on visibility in the engine: live, of a knowledge type, in this site,
not past its expiry time, not in a private section (the stored set of private pages, a terms
filter: a section made private needs no reindex). The fields it filters and counts on are the
search fields home.models.BasePage declares. The ten results shown are still looked up in SQL
(search.query.collect_facts), which drops any that a stale index still thought visible.

A second request follows only in the rare searches that need one: when the words as typed find
fewer than FEW_RESULTS pages (the typo tier, and any part of a compound when they found none).
A single word that found nothing as typed also has its nearest pages asked for then, in the same
request, side by side with the typo tier and the parts; they count only if those find nothing
either, and a third, small request then asks which of them a visitor may see.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Page
from wagtail.search import index

from home.caching import cached
from home.knowledge import knowledge_types

from .analysis import plain_words
from .query import (
    ENGINE_MAX_IDS,
    FACETS,
    FEW_RESULTS,
    MAX_CANDIDATES,
    RESULTS_PER_PAGE,
    Ranking,
    any_part_tier,
    exact_tiers,
    refused_errors,
    searchable_pages,
    stored_filters,
    typo_tier,
)
from .semantic import hybrid
from .semantic.vectors import vector_index

# Buckets per facet: every theme, sector and year; communities grow with the portal (about one
# per hundred pages).
FACET_BUCKETS = 5000
# The engine's default window: a newest-first page beyond it is not asked for.
MAX_RESULT_WINDOW = ENGINE_MAX_IDS


@lru_cache(maxsize=8)
def columns(mapping_class):
    """Filter field name → the name of its field in the engine's documents, for the fields
    of the knowledge types (the same for each: see home.models.BasePage.search_fields)."""
    model = next(iter(knowledge_types().values()))
    mapping = mapping_class(model)
    return {
        search_field.field_name: mapping.get_field_column_name(search_field)
        for search_field in model.get_search_fields()
        if isinstance(search_field, index.FilterField)
    }


def expiry_cutoff(now):
    """`now` rounded up to the next whole minute: the time a page's expiry must lie beyond.

    The body of a search holds it, and the engine's request cache answers a search only for a
    body it has seen. Once any page in the index is due to expire (the engine leaves the time
    out of a query only when no page's expiry time lies beyond it), the time to the
    microsecond made every search new, and the count and facets of a broad query (aggregations
    over every match, the costliest part of the request) were worked out again for each
    repeat. Rounded, a search repeated within the minute is answered from the cache until the
    index changes. Rounded up, never down: a page leaves the results up to a minute before its
    expiry time, never after it."""
    minute = now.replace(second=0, microsecond=0)
    return minute if minute == now else minute + timedelta(minutes=1)


def visibility(backend, site):
    """(filter, must_not) clauses of what a visitor of `site` may find."""
    from .semantic.hybrid import private_knowledge_ids

    names = columns(backend.mapping_class)
    content_types = ContentType.objects.get_for_models(*knowledge_types().values()).values()
    cutoff = expiry_cutoff(timezone.now())
    not_expired = {
        "bool": {
            "should": [
                {"bool": {"must_not": {"exists": {"field": names["expire_at"]}}}},
                {"range": {names["expire_at"]: {"gt": cutoff.isoformat()}}},
            ],
            "minimum_should_match": 1,
        }
    }
    filters = [
        {"terms": {names["content_type"]: sorted(ct.pk for ct in content_types)}},
        {"term": {names["live"]: True}},
        {"prefix": {names["path"]: _root_path(site)}},
        not_expired,
    ]
    private = private_knowledge_ids()
    must_not = [{"terms": {"pk": sorted(str(pk) for pk in private)}}] if private else []
    return filters, must_not


def _root_path(site):
    """The tree path every page of `site` starts with, stored until content changes."""
    return cached(
        f"search-site-path:{site.pk}",
        lambda: Page.objects.filter(pk=site.root_page_id).values_list("path", flat=True).first(),
    )


def facet_filters(backend, params):
    """The active facet filters as engine clauses; a value no page can have matches nothing."""
    names = columns(backend.mapping_class)
    return [
        {"term": {names[f"search_{facet}"]: value}}
        for facet, value in stored_filters(params).items()
    ]


@dataclass
class Request:
    """The searches of one `_msearch`, and what each answer is for."""

    index: str
    searches: list = field(default_factory=list)  # (purpose, body, index, may fail)

    def add(self, purpose, body, *, searched=None, may_fail=False):
        """A search of the page index, or of the index `searched`. A search that `may_fail`
        answers its failure (a response with an "error") rather than failing the request."""
        self.searches.append((purpose, body, searched or self.index, may_fail))

    def send(self, backend):
        """{purpose: response} for every search; a search that failed raises its error, unless
        it may fail: its response is then the error.

        The engine parses every search of a request before it runs any, and refuses the whole
        request for one it cannot parse (a k-NN query on a cluster without the k-NN plugin):
        the request is then sent again without the searches that may fail, whose response is
        that refusal."""
        sent, refusal = self.searches, None
        try:
            answers = _msearch(backend, sent)
        except refused_errors() as error:
            sent = [search for search in self.searches if not search[3]]
            if len(sent) == len(self.searches):
                raise
            answers = _msearch(backend, sent)
            refusal = {"error": {"type": "request_refused", "reason": str(error)}}
        answered = dict(zip((search[0] for search in sent), answers, strict=True))
        responses = {}
        for purpose, _body, _index, may_fail in self.searches:
            response = answered.get(purpose, refusal)
            if "error" in response and not may_fail:
                raise EngineSearchError(response["error"])
            responses[purpose] = response
        return responses


def _msearch(backend, searches):
    """The engine's responses to `searches` ((purpose, body, index, may fail)), in order."""
    lines = []
    for _purpose, body, searched, _may_fail in searches:
        lines += [{"index": searched}, body]
    if backend.use_new_elasticsearch_api:
        return backend.es.msearch(searches=lines)["responses"]
    return backend.es.msearch(body=lines)["responses"]


class EngineSearchError(Exception):
    """The engine refused one of the searches (a mapping without the portal's fields, a
    malformed clause): an answer, not an engine out of reach."""


def _page_id(hit):
    """The page id of a hit, from the `pk` field's doc values (_RETURN_IDS)."""
    return int(hit["fields"]["pk"][0])


def _ids(response):
    return [_page_id(hit) for hit in response["hits"]["hits"]]


def _matched(hit):
    return hit.get("matched_queries", ())


# What a hit returns: its page id from the column store, and nothing from the stored fields.
# Reading a hit's stored `_id` or `pk` decompresses the block of stored documents it lies in,
# most of which is other pages' source; over the tiers' eighty hits each, that was a tenth of
# the engine's time for a search.
_RETURN_IDS = {"_source": False, "stored_fields": "_none_", "docvalue_fields": ["pk"]}


def _ids_search(query, filters, must_not, size):
    return {
        "query": {"bool": {"must": query, "filter": filters, "must_not": must_not}},
        "size": size,
        **_RETURN_IDS,
        "track_total_hits": False,
    }


def _inner_query(backend, tier):
    """The engine's query for `tier`'s words, as modelsearch compiles it for the page index."""
    return backend.search(tier.query, searchable_pages()).query_compiler.get_inner_query()


@dataclass
class EngineAnswer:
    """What one search for the search page and the API found on the engine."""

    ranking: Ranking
    count: int
    tallies: dict  # facet -> {value: count}
    # Newest first: the ids of the page asked for; None when sorted by relevance.
    page_ids: list | None = None


class EngineSearch:
    """A search for `params` on the engine `backend`, for a visitor of `site`."""

    def __init__(self, backend, params, site):
        self.backend = backend
        self.params = params
        self.names = columns(backend.mapping_class)
        self.index = backend.get_index_for_model(Page).name
        filters, self.must_not = visibility(backend, site)
        self.filters = filters + facet_filters(backend, params)
        self.depth = depth(params)

    def run(self):
        text = self.params.q
        tiers = exact_tiers(text, inside_words=True)
        exact = len(tiers)
        # One word is answered by its words when they find anything (hybrid.words_suffice).
        several_words = len(plain_words(text).split()) > 1
        hits = hybrid.vector_hits(text, self.backend) if several_words else None
        answer = self.ask(tiers, hits)
        corrected = {}
        # One word is answered by meaning only when no tier finds anything (below).
        meaning_asked = several_words
        if answer.ranking.exact_count < FEW_RESULTS:
            typo = typo_tier(text, inside_words=True)
            # Any part of a typed compound only when the words found nothing at all.
            extra = [typo] if answer.ranking.exact else [any_part_tier(text), typo]
            extra = [tier for tier in extra if tier is not None]
            if extra:
                tiers = tiers + extra
                if not meaning_asked and not answer.ranking.ids:
                    # The word as typed found nothing: if the typo tier and the parts find
                    # nothing either, the vectors answer.
                    answer = self.ask_in_case(tiers, exact, hybrid.query_vector(text))
                    meaning_asked = True
                else:
                    answer = self.ask(tiers, hits, exact)
            corrected = typo.corrected if typo is not None else {}
        if not meaning_asked and not answer.ranking.ids:
            hits = hybrid.vector_hits(text, self.backend)
            if hits:
                answer = self.ask(tiers, hits, exact)
        answer.ranking.corrected = corrected
        return answer

    def ask(self, tiers, hits, exact=None):
        """One `_msearch` for `tiers` (the first `exact` of them before the typo tier) and the
        nearest pages `hits`, the answer folded as search.query.tiered_ids folds it."""
        queries, request = self.tier_request(tiers)
        self.add_matches(request, queries, hits)
        return self.answer(tiers, request.send(self.backend), hits, exact)

    def ask_in_case(self, tiers, exact, vector):
        """`ask` for `tiers` when the words as typed found nothing: with the vectors' nearest
        pages to `vector` asked in the same request, run beside the tiers rather than before
        them, and counted only if no tier finds a page. Then a second, small request asks which
        of them a visitor may see and counts them. `vector` None: words alone."""
        queries, request = self.tier_request(tiers)
        self.add_matches(request, queries, None)
        if vector is not None:
            vectors = vector_index(self.backend)
            request.add(
                "nearest",
                vectors.nearest_search(vector, hybrid.VECTOR_CANDIDATES),
                searched=vectors.name,
                may_fail=True,
            )
        responses = request.send(self.backend)
        answer = self.answer(tiers, responses, None, exact)
        nearest = responses.get("nearest")
        if nearest is None:
            return answer
        if "error" in nearest:
            hybrid.failed(vectors.failure(nearest["error"]))
            return answer
        hits = hybrid.public(vectors.pages_of(nearest, hybrid.VECTOR_CANDIDATES))
        if answer.ranking.ids or not hits:
            return answer
        # The tiers found nothing a visitor may see within the filters: they are left out of
        # the searches for the nearest pages, which spares the engine asking them twice.
        request = Request(self.index)
        self.add_matches(request, [], hits)
        return self.answer(tiers, responses | request.send(self.backend), hits, exact)

    def tier_request(self, tiers):
        """The engine queries of `tiers`, and a request with the search for the ids of each
        one's best matches."""
        queries = [_inner_query(self.backend, tier) for tier in tiers]
        request = Request(self.index)
        for number, query in enumerate(queries):
            request.add(number, _ids_search(query, self.filters, self.must_not, self.depth))
        return queries, request

    def answer(self, tiers, responses, hits, exact=None):
        """The EngineAnswer of the `responses` to a request for `tiers` (the first `exact` of
        them before the typo tier) and the nearest pages `hits`."""
        exact = len(tiers) if exact is None else exact
        ranking = Ranking()
        for number, tier in enumerate(tiers):
            if number == exact:
                ranking.exact = list(ranking.ids)
            ranking.add(
                _ids(responses[number]),
                tier.terms,
                self.depth,
                strong=tier.strong,
                weak=tier.weak,
            )
        if exact == len(tiers):
            ranking.exact = list(ranking.ids)
        if hits:
            nearest = responses["hits"]["hits"]["hits"]
            # The nearest pages the words found beyond the depth the tiers were asked for, at
            # the end of the words' ranking, each with the first tier that found it: fusion
            # may lift them, as it lifts them on the database, where the tiers go deeper.
            for number, tier in enumerate(tiers):
                deeper = [_page_id(hit) for hit in nearest if str(number) in _matched(hit)]
                ranking.add(deeper, tier.terms, MAX_CANDIDATES, strong=tier.strong, weak=tier.weak)
            visible = [_page_id(hit) for hit in nearest]
            ranking = hybrid.fuse(ranking, hits, MAX_CANDIDATES, joinable=visible)
        everything = responses["all"]
        count = everything["hits"]["total"]["value"]
        tallies = {
            facet: {
                bucket["key"]: bucket["doc_count"]
                for bucket in everything["aggregations"][facet]["buckets"]
            }
            for facet in FACETS
        }
        if sum(tallies["type"].values()) < count:
            # Every knowledge page has a type: an index built before the search fields (or
            # one a stray write made) has none, and its facets and filters would be empty.
            raise EngineSearchError("the index lacks the search fields; ensure_search_index")
        return EngineAnswer(
            ranking=ranking,
            count=count,
            tallies=tallies,
            page_ids=_ids(everything) if self.params.sort == "newest" else None,
        )

    def add_matches(self, request, queries, hits):
        """To `request`: with the nearest pages `hits`, the search for which of them a visitor
        may see ("hits"); and the search that counts what the tiers' `queries` or the pages
        close enough among `hits` match ("all")."""
        if hits:
            nearest = [pk for pk, _similarity in hits]
            request.add("hits", self.nearest_search(nearest, queries))
        joining = [pk for pk, _similarity in hybrid.close_enough(hits)] if hits else []
        matching = list(queries)
        if joining:
            matching.append({"terms": {"pk": [str(pk) for pk in joining]}})
        request.add("all", self.all_matches(matching or [{"match_none": {}}]))

    def nearest_search(self, page_ids, queries):
        """The search for which of the nearest pages `page_ids` a visitor may see within the
        filters, with the tiers' `queries` that match each (as `matched_queries`)."""
        body = _ids_search(
            {"terms": {"pk": [str(pk) for pk in page_ids]}},
            self.filters,
            self.must_not,
            len(page_ids),
        )
        body["query"]["bool"]["should"] = [
            {"bool": {"filter": [query], "_name": str(number)}}
            for number, query in enumerate(queries)
        ]
        return body

    def all_matches(self, queries):
        """The search whose total and aggregations count everything `queries` match; with
        the newest-first sort, also the page of hits asked for."""
        body = {
            "query": {
                "bool": {
                    "should": queries,
                    "minimum_should_match": 1,
                    "filter": self.filters,
                    "must_not": self.must_not,
                }
            },
            "size": 0,
            "track_total_hits": True,
            "aggs": {
                facet: {"terms": {"field": self.names[f"search_{facet}"], "size": FACET_BUCKETS}}
                for facet in FACETS
            },
        }
        if self.params.sort == "newest":
            start = (self.params.page - 1) * RESULTS_PER_PAGE
            body.update(
                {
                    "from": min(start, MAX_RESULT_WINDOW - RESULTS_PER_PAGE),
                    "size": RESULTS_PER_PAGE,
                    **_RETURN_IDS,
                    "sort": [
                        {self.names["search_date"]: {"order": "desc", "missing": "_last"}},
                        "_score",
                    ],
                }
            )
        return body


def depth(params):
    """How many ids each tier is asked for: enough for the fused ranking to be right up to the
    page asked for. Reciprocal rank fusion scores a page the words found at place r at least
    WEAK_WORD_FACTOR / (RRF_K + r) and at most 1 / (RRF_K + r), so a page beyond place
    RRF_K + 2n, unless the vectors found it too (they are asked for separately), can never
    overtake the first n: the first n then all score at least 0.5 / (RRF_K + n)."""
    wanted = min(params.page * RESULTS_PER_PAGE, MAX_CANDIDATES)
    return min(MAX_CANDIDATES, hybrid.RRF_K + 2 * wanted + 1)
