"""The word ranking and the vector ranking, fused.

The word tiers (search.query.tiered_ids) find what holds the visitor's words, their synonyms,
compounds and corrections; the vectors find what means the same in other words. Reciprocal
rank fusion merges the two lists by rank alone, so neither side's scores need to be comparable:
a page high in both comes first, a page high in one still ranks well. Rules on top, each
measured with `make search-eval` (docs/search.md):

- what a strong tier found (the phrase typed, all of the visitor's words) keeps its place at
  the top, in word order; what a weak tier found (any one of several words) counts half;
- one word that found pages is answered by its words alone (words_suffice);
- a page the words did not find joins only from MIN_SIMILARITY on, and only within MARGIN of
  the nearest visible page: any text is "nearest" to some page, a search for nonsense must
  still find nothing, and what is far less similar than the best match is not about the same
  thing. A page the words did find is reordered by its rank among all the nearest, however
  similar: that only orders what the words already vouch for.

When the encoder or the vector index cannot answer, search goes on with words alone; the
failure is remembered for the editors' search report (search.semantic.store.status).
"""

import logging

from home.knowledge import knowledge_types
from home.models import private_page_ids

from ..analysis import plain_words
from .encoder import EncoderUnavailable, enabled, encode_query
from .store import note_failure
from .vectors import LocalVectors, vector_index

logger = logging.getLogger(__name__)

# Tuned on the judged queries of search/evaluation (make search-eval); docs/search.md explains
# the figures. Nonsense ("kwantumfysica", "asdfgh") is at most 0.18 similar to a demo page; a
# small RRF_K makes the first places of each side count most, where each side is best.
MIN_SIMILARITY = 0.25
MARGIN = 0.15
RRF_K = 30
WORD_WEIGHT = 1.0
# A page only a weak tier found (any one of several words, any part of a compound) counts
# this much of WORD_WEIGHT: in a question, a shared "leraren" or "vast" says little.
WEAK_WORD_FACTOR = 0.5
VECTOR_WEIGHT = 1.0
# Vector candidates fused: the nearest pages beyond these are too far to help.
VECTOR_CANDIDATES = 50


def nearest_pages(
    text, backend, limit=VECTOR_CANDIDATES, min_similarity=MIN_SIMILARITY, margin=MARGIN
):
    """(page id, similarity) of the pages nearest to `text` by meaning, best first: from
    `min_similarity` on and within `margin` of the best. Raises EncoderUnavailable or the
    vector index's errors."""
    return close_enough(_nearest(text, backend, limit), min_similarity, margin)


def _nearest(text, backend, limit):
    return vector_index(backend).nearest(encode_query(text), limit)


def close_enough(hits, min_similarity=MIN_SIMILARITY, margin=MARGIN):
    """Those of `hits` (best first) from `min_similarity` on and within `margin` of the best."""
    if not hits:
        return []
    floor = max(min_similarity, hits[0][1] - margin)
    return [(pk, similarity) for pk, similarity in hits if similarity >= floor]


def fuse(
    ranking,
    hits,
    limit,
    *,
    word_weight=WORD_WEIGHT,
    vector_weight=VECTOR_WEIGHT,
    min_similarity=MIN_SIMILARITY,
    margin=MARGIN,
    joinable=None,
):
    """A new Ranking of `ranking`'s ids and the nearest pages `hits` ((id, similarity), best
    first), fused by reciprocal rank: the words' pages reordered by their rank among all of
    `hits`, and those of `hits` the words did not find added if they are close enough (and,
    with `joinable`, among those ids: the ones a visitor may see within the active filters)."""
    found = set(ranking.ids)
    joining = {pk for pk, _similarity in close_enough(hits, min_similarity, margin)}
    if joinable is not None:
        joining &= set(joinable)
    scores = {}
    for rank, pk in enumerate(ranking.ids):
        weight = word_weight * (WEAK_WORD_FACTOR if pk in ranking.weak else 1.0)
        scores[pk] = weight / (RRF_K + rank + 1)
    for rank, (pk, _similarity) in enumerate(hits):
        if pk in found or pk in joining:
            scores[pk] = scores.get(pk, 0.0) + vector_weight / (RRF_K + rank + 1)
    pinned = [pk for pk in ranking.ids if pk in ranking.strong]
    rest = sorted((pk for pk in scores if pk not in ranking.strong), key=lambda pk: -scores[pk])
    return ranking.reordered((pinned + rest)[:limit])


def words_suffice(text, ranking):
    """Whether `ranking`, what the words of `text` found, is the whole answer: one word that
    found something, in the word order (its synonyms and compounds are that word in other
    forms). By meaning, a single word is near too much ("loopbaan" to a page about rekenen)
    to add anything but noise; when the word finds nothing, meaning may still help."""
    return bool(ranking.ids) and len(plain_words(text).split()) == 1


def prepare(backend):
    """Bring the embedded vector index in step with its table now, if it must be: before a
    database search's own queries, whose planner settings (search.query.through_indexes) suit
    them, not a read of the whole table. A failure here is left to the search by meaning
    itself, which meets it again and notes it."""
    index = vector_index(backend)
    if not enabled() or not isinstance(index, LocalVectors):
        return
    try:
        index.sync()
    except Exception:  # noted by vector_hits, if the search asks for vectors at all
        logger.debug("The embedded vector index could not be synced", exc_info=True)


def hybrid(text, backend, ranking, limit):
    """`ranking` fused with the pages nearest to `text`, or `ranking` itself when search by
    meaning is off or cannot answer."""
    if not enabled() or words_suffice(text, ranking):
        return ranking
    hits = vector_hits(text, backend)
    return fuse(ranking, hits, limit) if hits else ranking


def vector_hits(text, backend):
    """The (page id, similarity) of the public pages nearest to `text`, best first; None when
    search by meaning is off or cannot answer (the failure is noted for the search report)."""
    from ..query import unreachable_errors

    if not enabled():
        return None
    try:
        hits = _nearest(text, backend, VECTOR_CANDIDATES)
    except unreachable_errors():
        # The engine itself: the words cannot answer either, the database must (with_fallback).
        raise
    except EncoderUnavailable as error:
        note_failure(error)
        return None
    except Exception as error:  # the vector index: missing, a cluster without k-NN, a timeout
        failed(error)
        return None
    return public(hits)


def query_vector(text):
    """The vector of `text`, for a search that asks the vector index itself; None when search
    by meaning is off or the encoder cannot answer (noted for the search report)."""
    if not enabled():
        return None
    try:
        return encode_query(text)
    except EncoderUnavailable as error:
        note_failure(error)
    except Exception as error:  # the encoder broken in another way: as vector_hits answers it
        failed(error)
    return None


def failed(error):
    """Search by meaning could not answer (`error`, of the encoder or the vector index): the
    search goes on with words alone, and the report keeps the reason."""
    logger.warning("Search by meaning failed, answering with words only: %s", error)
    note_failure(error)


def public(hits):
    """Those of the nearest pages `hits` outside the private sections."""
    # Private pages leave before the margin is taken from the best: a private page very close
    # to the query would otherwise push out the visible ones (the rest of visibility is decided
    # afterwards, as for words).
    private = private_knowledge_ids()
    return [(pk, similarity) for pk, similarity in hits if pk not in private]


def private_knowledge_ids():
    """The knowledge pages in a private section, stored per content generation."""
    return frozenset().union(*(private_page_ids(model) for model in knowledge_types().values()))
