"""Relevance measured against judged queries: nDCG@10, MRR and the zero-result rate per kind.

The judgements (judgements.toml) grade, per query, the demo pages a Dutch education
professional would want; the queries run through the portal's own ranking on whichever backend
is configured, and what a visitor may not see is left out, as on the search page. Each is
measured three ways: by the word tiers alone, by the vectors alone, and both fused as the search
page ranks them (search.query.ranked_search). The floor (floor.toml) is what the test suite
holds the fused ranking to.
"""

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.db.models import F

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from ..models import PageEmbedding
from ..query import (
    MAX_CANDIDATES,
    AnyOf,
    engine_errors,
    ranked_candidates,
    searchable_pages,
    tiered_ids,
    visible_pages,
    with_fallback,
)
from ..semantic.encoder import EncoderUnavailable, encode_query, model_version
from ..semantic.hybrid import nearest_pages
from ..semantic.store import embed_stale, sync_engine
from ..semantic.vectors import EngineVectors, vector_index

JUDGEMENTS_FILE = Path(__file__).with_name("judgements.toml")
FLOOR_FILE = Path(__file__).with_name("floor.toml")
# Only the first page counts, as a visitor sees it (search.query.RESULTS_PER_PAGE).
CUTOFF = 10
KINDS = (
    "plain",
    "inflection",
    "compound-part",
    "compound-whole",
    "typo",
    "synonym",
    "multi-word",
    "english",
    "paraphrase",
)
# The kinds whose words stand in the pages they should find, in some form: search by meaning
# must not make them worse.
WORD_KINDS = tuple(kind for kind in KINDS if kind != "paraphrase")
GRADES = (1, 2, 3)
# How a query is ranked: by the word tiers alone, by the vectors alone, or both fused, as the
# search page and the API rank it.
WORDS, VECTORS, HYBRID = "words", "vectors", "hybrid"
MODES = (WORDS, VECTORS, HYBRID)


class EvaluationError(Exception):
    """The evaluation cannot give true figures; the message says why, for the command to print."""


class JudgementError(EvaluationError, ValueError):
    """The judgements file is malformed or names a page that does not exist."""


class EngineUnreachable(EvaluationError):
    """The search engine did not answer: the figures would be the database's, or none."""


class VectorsUnavailable(EvaluationError):
    """Search by meaning cannot answer: the fused figures would be those of the words alone."""


@dataclass(frozen=True)
class JudgedQuery:
    text: str
    kind: str
    grades: dict  # path below the site root -> grade (1..3); unlisted pages are 0


@dataclass
class QueryOutcome:
    query: JudgedQuery
    ranked: list  # paths of the first CUTOFF results, best first
    count: int  # every result, not only the first page
    ndcg: float
    reciprocal_rank: float


@dataclass
class Summary:
    """The mean figures of a group of queries."""

    queries: int = 0
    ndcg: float = 0.0
    mrr: float = 0.0
    zero_results: float = 0.0
    outcomes: list = field(default_factory=list, repr=False)


def load_judgements(path=JUDGEMENTS_FILE):
    with open(path, "rb") as stream:
        data = tomllib.load(stream)
    queries = []
    for number, entry in enumerate(data.get("query", []), start=1):
        text, kind, grades = entry.get("text"), entry.get("kind"), entry.get("grades")
        if not text or kind not in KINDS or not grades:
            raise JudgementError(f"Query {number} ({text!r}) needs a text, a known kind, grades.")
        if any(grade not in GRADES for grade in grades.values()):
            raise JudgementError(f"Query {text!r}: grades are 1, 2 or 3.")
        queries.append(JudgedQuery(text=text, kind=kind, grades=dict(grades)))
    return queries


def load_floor(path=FLOOR_FILE):
    """The floors per backend label (engine, postgresql, sqlite): {label: {name: value}}."""
    with open(path, "rb") as stream:
        data = tomllib.load(stream)
    return {
        label: {name: float(value) for name, value in floors.items()}
        for label, floors in data.items()
    }


def floor_failures(results, floors):
    """What falls short of a backend's `floors` (load_floor) in `results` (evaluate_modes), as
    sentences; none when all is well. The fused ranking is held to an nDCG@10 over all queries
    and over the paraphrases, and must beat the words alone by `over_words`."""
    hybrid = results[HYBRID][1]
    paraphrase = results[HYBRID][0]["paraphrase"]
    failures = []
    if hybrid.ndcg < floors["all"]:
        failures.append(f"hybrid nDCG@10 {hybrid.ndcg:.3f} is below the floor {floors['all']}")
    if paraphrase.ndcg < floors["paraphrase"]:
        failures.append(
            f"hybrid nDCG@10 on the paraphrases {paraphrase.ndcg:.3f} is below the floor "
            f"{floors['paraphrase']}"
        )
    if WORDS in results:
        gain = hybrid.ndcg - results[WORDS][1].ndcg
        if gain < floors["over_words"]:
            failures.append(
                f"hybrid nDCG@10 is {gain:+.3f} over the words alone, not {floors['over_words']:+}"
            )
    return failures


def dcg(grades):
    """Discounted cumulative gain of grades in rank order: grade / log2(rank + 1)."""
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


def ndcg(ranked, judged, cutoff=CUTOFF):
    """nDCG@cutoff of `ranked` paths, the ideal being the judged grades best first."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:cutoff])
    if not ideal:
        return 0.0
    return dcg([judged.get(path, 0) for path in ranked[:cutoff]]) / ideal


def reciprocal_rank(ranked, judged, cutoff=CUTOFF):
    """1 / the rank of the first result graded 1 or more within the cutoff, else 0."""
    for rank, path in enumerate(ranked[:cutoff], start=1):
        if judged.get(path, 0) >= 1:
            return 1 / rank
    return 0.0


def page_path(page, site):
    """A page's address below the site root, as the judgements name it: /verhalen/…/."""
    return page.url_path[len(site.root_page.url_path) - 1 :]


def check_paths(queries, site):
    """Stop when a judgement names a page a visitor cannot find: a stale judgement would
    silently lower every figure."""
    known = {page_path(page, site) for page in visible_pages(site).only("url_path")}
    missing = sorted({path for query in queries for path in query.grades} - known)
    if missing:
        raise JudgementError(
            "Judged pages that are not among the site's visible pages (is the demo content "
            "loaded?): " + ", ".join(missing)
        )


def ranked_ids(text, mode=HYBRID):
    """The ids of the live pages a search for `text` finds in `mode`, best first, and whether
    the database fallback had to answer."""
    if mode == HYBRID:
        return ranked_candidates(text)

    def run(backend_name):
        backend = get_search_backend(backend_name)
        if mode == WORDS:
            return tiered_ids(text, backend, searchable_pages(), MAX_CANDIDATES).ids
        return [pk for pk, _similarity in nearest_pages(text, backend)]

    return with_fallback(run)


def _without_fallback(result):
    """`result` of with_fallback, unless the database answered for the engine."""
    answer, used_fallback = result
    if used_fallback:
        raise EngineUnreachable(
            "The search engine could not be reached and the database answered instead; "
            "its figures would be the database's."
        )
    return answer


def run_query(query, site, mode=HYBRID):
    ids = _without_fallback(ranked_ids(query.text, mode))
    visible = set(visible_pages(site).filter(AnyOf(F("pk"), ids)).values_list("pk", flat=True))
    found = [pk for pk in ids if pk in visible] if ids else []
    paths = {page.pk: page_path(page, site) for page in Page.objects.filter(pk__in=found[:CUTOFF])}
    ranked = [paths[pk] for pk in found[:CUTOFF]]
    return QueryOutcome(
        query=query,
        ranked=ranked,
        count=len(found),
        ndcg=ndcg(ranked, query.grades),
        reciprocal_rank=reciprocal_rank(ranked, query.grades),
    )


def prepare_vectors(backend):
    """Bring the vectors of `backend` up to date with the pages, as the outbox worker would, and
    check that they answer: the fused figures of a search that fell back to words alone would
    be the words' figures."""
    engines = [backend] if isinstance(backend, ElasticsearchBaseSearchBackend) else []
    try:
        embed_stale(engines)
        for engine in engines:
            # A node started afresh lacks what the table holds; embed_stale writes only what
            # changed.
            stored = PageEmbedding.objects.filter(model_version=model_version()).count()
            if EngineVectors(engine).count() != stored:
                sync_engine(engine)
            EngineVectors(engine).refresh()
        vector_index(backend).nearest(encode_query("leergemeenschap"), 1)
    except EncoderUnavailable as error:
        raise VectorsUnavailable(f"Search by meaning is unavailable: {error}") from error
    except engine_errors():
        raise
    except Exception as error:  # the vector index: a cluster without the k-NN plugin
        raise VectorsUnavailable(
            f"The vector index cannot answer: {type(error).__name__}: {error}"
        ) from error


def summarise(outcomes):
    if not outcomes:
        return Summary()
    total = len(outcomes)
    return Summary(
        queries=total,
        ndcg=sum(outcome.ndcg for outcome in outcomes) / total,
        mrr=sum(outcome.reciprocal_rank for outcome in outcomes) / total,
        zero_results=sum(1 for outcome in outcomes if outcome.count == 0) / total,
        outcomes=outcomes,
    )


def evaluate(queries=None, site=None, mode=HYBRID):
    """Run every judged query on the configured search backend, ranked as `mode` says:
    (summary per kind, overall)."""
    site = site or Site.objects.get(is_default_site=True)
    queries = load_judgements() if queries is None else queries
    check_paths(queries, site)
    try:
        if mode != WORDS:
            _without_fallback(
                with_fallback(lambda name: prepare_vectors(get_search_backend(name)))
            )
        outcomes = [run_query(query, site, mode) for query in queries]
    except engine_errors() as error:
        # Measured without a fallback, the engine's connection error itself reaches here.
        raise EngineUnreachable(f"The search engine could not be reached: {error}") from error
    per_kind = {kind: summarise([o for o in outcomes if o.query.kind == kind]) for kind in KINDS}
    return per_kind, summarise(outcomes)


def evaluate_modes(queries=None, site=None, modes=MODES):
    """`evaluate` in each of `modes`: {mode: (summary per kind, overall)}."""
    queries = load_judgements() if queries is None else queries
    return {mode: evaluate(queries, site, mode) for mode in modes}


def format_table(results):
    """One row per kind, and one for all queries: nDCG@10, MRR and zero results per mode.
    `results` is evaluate_modes' answer."""
    modes = list(results)
    header = f"{'':<16} {'':>7}" + "".join(f" | {mode:<22}" for mode in modes)
    columns = f"{'kind':<16} {'queries':>7}" + f" | {'nDCG@10':>8} {'MRR':>6} {'zero':>6}" * len(
        modes
    )
    lines = [header.rstrip(), columns]
    first = results[modes[0]]
    labels = [kind for kind, summary in first[0].items() if summary.queries] + ["all"]
    for label in labels:
        line = f"{label:<16} {_summary(first, label).queries:>7}"
        for mode in modes:
            summary = _summary(results[mode], label)
            line += f" | {summary.ndcg:>8.3f} {summary.mrr:>6.3f} {summary.zero_results:>6.1%}"
        lines.append(line)
    return "\n".join(lines)


def _summary(result, label):
    per_kind, overall = result
    return overall if label == "all" else per_kind[label]


def format_outcomes(outcomes):
    """One line per query, worst first, for finding what to improve."""
    lines = []
    for outcome in sorted(outcomes, key=lambda o: (o.ndcg, o.query.kind, o.query.text)):
        lines.append(
            f"{outcome.ndcg:6.3f} {outcome.reciprocal_rank:5.2f} {outcome.count:4d}  "
            f"{outcome.query.kind:<15} {outcome.query.text}"
        )
    return "\n".join(lines)


def backend_label(config):
    """What the floor and the tables call a backend: `engine`, or the database's vendor for
    the database backend (its ranking differs between PostgreSQL and SQLite)."""
    if config["BACKEND"].endswith(".database"):
        return connection.vendor
    return "engine"
