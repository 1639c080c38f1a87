"""The word ranking and the vector ranking, fused.

The word tiers (search.query.tiered_ids) find what holds the visitor's words, their synonyms,
compounds and corrections; the vectors find what means the same in other words. Reciprocal
rank fusion merges the two lists by rank alone, so neither side's scores need to be comparable:
a page high in both comes first, a page high in one still ranks well. Two rules on top:

- what the phrase tier found (the visitor's words in this order: an exact title, a quoted
  name) keeps its place at the top, in word order;
- a vector candidate counts only from MIN_SIMILARITY on, and only within MARGIN of the
  nearest page: any text is "nearest" to some page, a search for nonsense must still find
  nothing, and what is far less similar than the best match is not about the same thing.

When the encoder or the vector index cannot answer, search goes on with words alone; the
failure is remembered for the editors' search report (search.semantic.store.status).
"""

import logging

from .encoder import EncoderUnavailable, enabled, encode_query
from .store import note_failure
from .vectors import vector_index

logger = logging.getLogger(__name__)

# Tuned on the judged queries of search/evaluation (make search-eval); docs/search.md.
MIN_SIMILARITY = 0.2
MARGIN = 0.1
RRF_K = 60
WORD_WEIGHT = 1.0
VECTOR_WEIGHT = 1.0
# Vector candidates fused: the nearest pages beyond these are too far to help.
VECTOR_CANDIDATES = 50


def nearest_pages(
    text, backend, limit=VECTOR_CANDIDATES, min_similarity=MIN_SIMILARITY, margin=MARGIN
):
    """(page id, similarity) of the pages nearest to `text` by meaning, best first: from
    `min_similarity` on and within `margin` of the best. Raises EncoderUnavailable or the
    vector index's errors."""
    hits = vector_index(backend).nearest(encode_query(text), limit)
    if not hits:
        return []
    floor = max(min_similarity, hits[0][1] - margin)
    return [(pk, similarity) for pk, similarity in hits if similarity >= floor]


def fuse(ranking, hits, limit, *, word_weight=WORD_WEIGHT, vector_weight=VECTOR_WEIGHT):
    """A new Ranking of `ranking`'s ids and the vector `hits`, fused by reciprocal rank."""
    scores = {}
    for rank, pk in enumerate(ranking.ids):
        scores[pk] = word_weight / (RRF_K + rank + 1)
    for rank, (pk, _similarity) in enumerate(hits):
        scores[pk] = scores.get(pk, 0.0) + vector_weight / (RRF_K + rank + 1)
    pinned = [pk for pk in ranking.ids if pk in ranking.strong]
    rest = sorted((pk for pk in scores if pk not in ranking.strong), key=lambda pk: -scores[pk])
    return ranking.reordered((pinned + rest)[:limit])


def hybrid(text, backend, ranking, limit):
    """`ranking` fused with the pages nearest to `text`, or `ranking` itself when search by
    meaning is off or cannot answer."""
    if not enabled():
        return ranking
    try:
        hits = nearest_pages(text, backend)
    except EncoderUnavailable as error:
        note_failure(error)
        return ranking
    except Exception as error:  # the vector index: missing, a cluster without k-NN, a timeout
        logger.warning("Search by meaning failed, answering with words only: %s", error)
        note_failure(error)
        return ranking
    if not hits:
        return ranking
    return fuse(ranking, hits, limit)
