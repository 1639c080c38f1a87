"""Relevance measured against judged queries: nDCG@10, MRR and the zero-result rate per kind.

The judgements (judgements.toml) grade, per query, the demo pages a Dutch education
professional would want; the queries run through the portal's own search (search.query.search)
on whichever backend is configured, exactly as a visitor's would. The floor (floor.toml) is the
nDCG@10 below which the test suite fails.
"""

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from wagtail.models import Site

from ..query import SearchParams, engine_errors, search, visible_pages

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
)
GRADES = (1, 2, 3)


class EvaluationError(Exception):
    """The evaluation cannot give true figures; the message says why, for the command to print."""


class JudgementError(EvaluationError, ValueError):
    """The judgements file is malformed or names a page that does not exist."""


class EngineUnreachable(EvaluationError):
    """The search engine did not answer: the figures would be the database's, or none."""


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
    """The nDCG@10 floor per backend label (engine, postgresql, sqlite)."""
    with open(path, "rb") as stream:
        return {label: float(value) for label, value in tomllib.load(stream).items()}


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


def run_query(query, site):
    outcome = search(SearchParams(q=query.text), site)
    if outcome.used_fallback:
        raise EngineUnreachable(
            "The search engine could not be reached and the database answered instead; "
            "its figures would be the database's."
        )
    ranked = [page_path(page, site) for page in outcome.page.object_list][:CUTOFF]
    return QueryOutcome(
        query=query,
        ranked=ranked,
        count=outcome.count,
        ndcg=ndcg(ranked, query.grades),
        reciprocal_rank=reciprocal_rank(ranked, query.grades),
    )


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


def evaluate(queries=None, site=None):
    """Run every judged query on the configured search backend: (summary per kind, overall)."""
    site = site or Site.objects.get(is_default_site=True)
    queries = load_judgements() if queries is None else queries
    check_paths(queries, site)
    try:
        outcomes = [run_query(query, site) for query in queries]
    except engine_errors() as error:
        # Measured without a fallback, the engine's connection error itself reaches here.
        raise EngineUnreachable(f"The search engine could not be reached: {error}") from error
    per_kind = {kind: summarise([o for o in outcomes if o.query.kind == kind]) for kind in KINDS}
    return per_kind, summarise(outcomes)


def format_table(per_kind, overall):
    lines = [f"{'kind':<16} {'queries':>7} {'nDCG@10':>8} {'MRR':>6} {'zero':>6}"]
    rows = [(kind, summary) for kind, summary in per_kind.items() if summary.queries]
    for label, summary in [*rows, ("all", overall)]:
        lines.append(
            f"{label:<16} {summary.queries:>7} {summary.ndcg:>8.3f} {summary.mrr:>6.3f} "
            f"{summary.zero_results:>6.1%}"
        )
    return "\n".join(lines)


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
