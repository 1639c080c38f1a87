"""The vectors of the live knowledge pages: computed when a page is published or imported, kept
in the PageEmbedding table and written to the engine's k-NN index with the word index's updates.

With an engine, the search outbox (search.indexing) calls update_pages for the pages it applies,
so a vector is as durable as the word index: the entry stays until the engine took both. On the
database backend alone there is no outbox; the pages saved in a transaction are embedded after
it commits (pages_saved). Either way embed_stale, run by `manage.py embed_pages` and by the
outbox worker, finds what is missing or out of date, so nothing stays unembedded for long; it
also re-embeds everything when the model version changes, page by page while search goes on.
"""

import logging
import threading
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from home.caching import new_generation
from home.transactions import on_commit_once

from .chunks import page_chunks, text_hash
from .encoder import EncoderUnavailable, enabled, encode, model_version, to_bytes
from .vectors import EngineVectors, vectors_changed

logger = logging.getLogger(__name__)

# Chunks encoded at a time: large enough for numpy to be efficient, small enough for memory.
ENCODE_BATCH = 64
# Pages embedded per transaction by embed_stale.
STALE_BATCH = 200
# The share of a k-NN index a run must have written for the index to be merged afterwards
# (merge_after_bulk).
BULK_SHARE = 0.1


def _knowledge_pages(page_ids):
    """The live pages of knowledge types among `page_ids`, as their specific pages."""
    from search.query import searchable_pages

    return list(searchable_pages().filter(pk__in=page_ids).specific().order_by("pk"))


def update_pages(page_ids, engines=()):
    """Embed the live knowledge pages among `page_ids` whose text changed, forget the others,
    and write both to the k-NN indexes of `engines` (search backends). Returns the number of
    pages encoded. EncoderUnavailable leaves everything as it was."""
    from search.models import PageEmbedding

    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return 0
    version = model_version()
    checked_at = timezone.now()
    pages = _knowledge_pages(page_ids)
    gone = _gone(set(page_ids) - {page.pk for page in pages})

    stored = {}
    for page_id, chunk, digest in PageEmbedding.objects.filter(
        model_version=version, page_id__in=page_ids
    ).values_list("page_id", "chunk", "text_hash"):
        stored.setdefault(page_id, {})[chunk] = digest
    texts, owners, unchanged = [], [], []
    for page in pages:
        chunks = page_chunks(page)
        digests = {number: text_hash(text) for number, text in enumerate(chunks)}
        if digests == stored.get(page.pk):
            unchanged.append(page.pk)
            continue
        for number, text in enumerate(chunks):
            texts.append(text)
            owners.append((page.pk, number, digests[number]))
    changed = sorted({page_id for page_id, _number, _digest in owners})

    if texts:
        if not enabled():
            raise EncoderUnavailable("SEMANTIC_SEARCH is off")
        vectors = []
        for start in range(0, len(texts), ENCODE_BATCH):
            vectors.extend(encode(texts[start : start + ENCODE_BATCH]))
    rows = [
        PageEmbedding(
            page_id=page_id,
            model_version=version,
            chunk=number,
            text_hash=digest,
            vector=to_bytes(vector),
            # The text read after this moment: a page published again meanwhile stays stale.
            embedded_at=checked_at,
        )
        for (page_id, number, digest), vector in zip(owners, vectors if texts else [], strict=True)
    ]
    # The table and the engines together: when an engine refuses, the rows roll back too, so
    # the pages stay stale and embed_stale (or the outbox entry) tries again, rather than the
    # table holding vectors the engine never got.
    with transaction.atomic():
        if changed or gone:
            PageEmbedding.objects.filter(page_id__in=changed + gone).delete()
            PageEmbedding.objects.bulk_create(rows, batch_size=500)
        if unchanged:
            # Checked against the text published now: no longer stale (stale_page_ids).
            PageEmbedding.objects.filter(model_version=version, page_id__in=unchanged).update(
                embedded_at=checked_at
            )
        for backend in engines:
            engine = EngineVectors(backend, version)
            if not engine.exists():
                # A new cluster, an index lost, a new model version: the whole table, not only
                # these pages, or the others would stay missing from an index that exists.
                sync_engine(backend)
            # Every page asked about, changed or not: the engine's index may have lost what
            # the table holds (a failed write before).
            live = [page.pk for page in pages]
            current = PageEmbedding.objects.filter(model_version=version, page_id__in=live)
            engine.write(current.values_list("page_id", "chunk", "vector"), removed_pages=gone)
    if changed or gone:
        # Now for this process and a caller's transaction, and again once that commits: a
        # process that synced in between would otherwise keep missing these rows.
        vectors_changed()
        transaction.on_commit(vectors_changed)
    return len(changed)


def _gone(not_live):
    """Those of `not_live` whose vectors must go: pages with rows, and pages deleted (their
    rows went with them, their documents in an engine did not). A save of a section page or of
    a draft never published has nothing to remove, and changes nothing a search process holds.
    """
    from wagtail.models import Page

    from search.models import PageEmbedding

    if not not_live:
        return []
    with_rows = set(
        PageEmbedding.objects.filter(page_id__in=not_live).values_list("page_id", flat=True)
    )
    existing = set(Page.objects.filter(pk__in=not_live).values_list("pk", flat=True))
    return sorted(with_rows | (not_live - existing))


def auto_updated_engines():
    """The engines Wagtail updates right after a save (no outbox): their k-NN indexes get a
    saved page's vectors with its words."""
    from modelsearch.backends import get_search_backends
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

    return [
        backend
        for backend in get_search_backends(with_auto_update=True)
        if isinstance(backend, ElasticsearchBaseSearchBackend)
    ]


# Pages saved in the current transaction, embedded once it commits (database backend only).
_pending = threading.local()


def pages_saved(page_ids):
    """Embed `page_ids` after the current transaction commits, with whatever else it saved."""
    if not enabled():
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block or not any(
        waiting[1] is _embed_pending for waiting in connection.run_on_commit
    ):
        # What a transaction rolled back left behind never happened.
        _pending.ids = set()
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(page_ids)
    on_commit_once(_embed_pending)


def _embed_pending():
    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    try:
        update_pages(ids, engines=auto_updated_engines())
    except EncoderUnavailable as error:
        logger.warning("Pages not embedded, the encoder is unavailable: %s", error)
    except Exception:
        # Never fail the request that published: embed_stale catches up.
        logger.exception("Embedding %d saved pages failed", len(ids))


def stale_page_ids():
    """Live knowledge pages without vectors of the current version, or published again since
    they were embedded; and the pages with vectors that are no longer live knowledge pages."""
    from search.models import PageEmbedding
    from search.query import searchable_pages

    version = model_version()
    embedded = PageEmbedding.objects.filter(model_version=version, page_id=OuterRef("pk"))
    last_embedded = (
        embedded.order_by().values("page_id").annotate(at=Max("embedded_at")).values("at")[:1]
    )
    missing = list(
        searchable_pages()
        .annotate(embedded_at=Subquery(last_embedded))
        .filter(Q(embedded_at__isnull=True) | Q(last_published_at__gt=Subquery(last_embedded)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    orphans = list(
        PageEmbedding.objects.filter(model_version=version)
        .exclude(page_id__in=searchable_pages().values("pk"))
        .values_list("page_id", flat=True)
        .distinct()
    )
    return sorted(set(missing) | set(orphans))


def pages_to_embed(everything=False):
    """The pages embed_stale looks at: the stale ones, or with `everything` all live knowledge
    pages as well."""
    from search.query import searchable_pages

    ids = stale_page_ids()
    if everything:
        ids = sorted(set(ids) | set(searchable_pages().values_list("pk", flat=True)))
    return ids


def embed_stale(engines=(), progress=None, batch=STALE_BATCH, *, limit=None, everything=False):
    """Bring the vectors up to date with the live pages; returns how many pages it looked at.

    In batches, each committed on its own, so a long run can be stopped and resumed and search
    uses what is done. `progress(n)` is called after each batch with the pages done. At most
    `limit` pages when given (the worker's rounds stay short; the rest waits for the next).
    `everything` looks at every live knowledge page, not only the stale ones: a page whose text
    changed without a new publish (what it shows of another page) is encoded again, an
    unchanged one is not. When nothing is left, the rows and engine indexes of other model
    versions go.
    """
    from search.models import PageEmbedding

    if not enabled():
        # Switched off: nothing is encoded, and the vectors kept wait for it to be on again.
        return 0
    ids = pages_to_embed(everything)
    left = limit is not None and len(ids) > limit
    if left:
        ids = ids[:limit]
    changed = 0
    try:
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            changed += update_pages(chunk, engines)
            if progress is not None:
                progress(len(chunk))
        if left:
            return len(ids)
        version = model_version()
        old = PageEmbedding.objects.exclude(model_version=version)
        if old.exists():
            old.delete()
            vectors_changed()
            changed += 1
        for backend in engines:
            EngineVectors(backend, version).drop_other_versions()
    finally:
        if changed and not left:
            # Search answers differently now, though no page changed: what was stored of its
            # answers (home.caching) goes, as after a publish. Once a pass is complete, not
            # after every round of a long one: each would empty the whole site's page cache.
            new_generation()
    return len(ids)


def sync_engine(backend, progress=None):
    """Write every stored vector of the current version to `backend`'s k-NN index, made
    afresh: for a new cluster, or an index lost. Returns the number of chunks written."""
    from search.models import PageEmbedding

    version = model_version()
    engine = EngineVectors(backend, version)
    if engine.exists():
        backend.es.indices.delete(index=engine.name)
    engine.create()
    rows = PageEmbedding.objects.filter(model_version=version).order_by("pk")
    written, last_pk = 0, 0
    while True:
        batch = list(
            rows.filter(pk__gt=last_pk).values_list("pk", "page_id", "chunk", "vector")[:500]
        )
        if not batch:
            break
        last_pk = batch[-1][0]
        # A fresh index: nothing to replace, and a page's chunks may span two batches.
        engine.write(
            [(page_id, chunk, vector) for _pk, page_id, chunk, vector in batch], replace=False
        )
        written += len(batch)
        if progress is not None:
            progress(len(batch))
    engine.refresh()
    return written


def merge_after_bulk(engines, written):
    """After a run wrote `written` chunks to `engines`' k-NN indexes: merge each index of which
    that is at least BULK_SHARE (EngineVectors.merge). The engine's own background merging
    leaves a bulk write in several segments for a long while; a run that changed a few pages
    leaves the index as it is, since merging rewrites all of it. The names of the indexes
    merged."""
    merged = []
    for backend in engines:
        vectors = EngineVectors(backend)
        vectors.refresh()
        total = vectors.count()
        if total and written >= BULK_SHARE * total:
            vectors.merge()
            merged.append(vectors.name)
    return merged


def status(engines=()):
    """What the editors' search report shows of search by meaning: whether it is on and can
    encode, how many searchable pages have vectors, whether the k-NN indexes of `engines`
    exist, and the last search that had to answer with words only."""
    from search.models import PageEmbedding
    from search.query import searchable_pages

    from .encoder import encoder

    version = model_version()
    try:
        encoder()
        problem = ""
    except EncoderUnavailable as error:
        problem = str(error)
    missing_indexes = []
    for backend in engines:
        engine = EngineVectors(backend, version)
        try:
            if not engine.exists():
                missing_indexes.append(engine.name)
        except Exception as error:  # each engine client raises its own connection errors
            missing_indexes.append(f"{engine.name} ({type(error).__name__})")
    pages = searchable_pages().count()
    embedded = (
        PageEmbedding.objects.filter(model_version=version).values("page_id").distinct().count()
    )
    return {
        "enabled": enabled(),
        "model_version": version,
        "problem": problem,
        "missing_indexes": missing_indexes,
        "pages": pages,
        "embedded": embedded,
        "recent_failure": recent_failure(),
    }


FAILURE_KEY = "portal:search-vectors-failure"
FAILURE_REMEMBERED = timedelta(hours=24)


def note_failure(error):
    """Remember that a search had to answer with words only, for the editors' report."""
    from django.core.cache import cache

    cache.set(
        FAILURE_KEY,
        {"at": timezone.now(), "error": f"{type(error).__name__}: {error}"[:500]},
        timeout=int(FAILURE_REMEMBERED.total_seconds()),
    )


def recent_failure():
    from django.core.cache import cache

    return cache.get(FAILURE_KEY)
