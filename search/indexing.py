"""Durable index updates for the search engine: the outbox.

Wagtail updates its search backends right after a save and, when an engine is down, only logs
the failure and forgets the change. Backends listed in SEARCH_OUTBOX_BACKENDS are taken out of
that path (AUTO_UPDATE off) and fed from here instead: every change first becomes an
IndexOutboxEntry in the same transaction, is applied after commit, and stays until the engine
has accepted it. `manage.py process_search_outbox` (or its --loop worker) retries what is left.

`ensure_search_index` builds an engine's index when it has none yet, so a fresh install never
needs a manual `update_index`.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from modelsearch import signal_handlers as modelsearch_signals
from modelsearch.backends import get_search_backends_with_name
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.index import get_indexed_instance, get_indexed_models
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from home.transactions import on_commit_once
from home.wagtail_overrides import add_bulk

from .models import IndexOutboxAction, IndexOutboxEntry
from .semantic import store as vectors
from .semantic.encoder import enabled as semantic_enabled
from .semantic.vectors import EngineVectors, ensure_snapshot
from .vocabulary import words_changed

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# Objects read and sent to a backend at a time when indexing in bulk.
BULK_CHUNK_SIZE = 500
MAX_BACKOFF = timedelta(hours=1)
# Applied entries removed per query, one condition each (see _remove_applied).
REMOVE_CHUNK_SIZE = 100

# Set by vectors_deferred(): index words only, leave the vectors to the worker.
_vectors_deferred = ContextVar("search_vectors_deferred", default=False)


@contextmanager
def vectors_deferred():
    """Index the words of what is saved or indexed inside the block, and nothing of its vectors:
    those pages stay stale for search by meaning until the worker's vector rounds
    (`process_search_outbox --vectors-minutes`) or `embed_pages` encode them. For bulk writes
    such as the importer: the encoder's ~40 chunks a second would cost more than the writing.
    Wrap the whole transaction, so that the index updates run after its commit skip them too.
    """
    token = _vectors_deferred.set(True)
    try:
        yield
    finally:
        _vectors_deferred.reset(token)


def outbox_backends():
    return list(getattr(settings, "SEARCH_OUTBOX_BACKENDS", []))


def record_change(instance, action):
    """Remember that `instance` must be (re)indexed or removed, then try once after commit."""
    if not outbox_backends():
        # Only the vectors left to keep: the database backend indexes words itself.
        if isinstance(instance, Page):
            vectors.pages_saved([instance.pk])
        return
    indexed = get_indexed_instance(instance, check_exists=False)
    if indexed is None:
        return
    content_type = ContentType.objects.get_for_model(type(indexed))
    IndexOutboxEntry.objects.update_or_create(
        content_type=content_type,
        object_id=str(indexed.pk),
        defaults={
            "action": action,
            "attempts": 0,
            "next_attempt_at": timezone.now(),
            "last_error": "",
        },
    )
    # One processing run per transaction, however many objects it saved.
    on_commit_once(_process_after_commit)


def _record_bulk(model, pks):
    """record_change for many objects of one model: one upsert instead of two queries each."""
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    IndexOutboxEntry.objects.bulk_create(
        [
            IndexOutboxEntry(
                content_type=content_type,
                object_id=str(pk),
                action=IndexOutboxAction.UPDATE,
                next_attempt_at=now,
            )
            for pk in pks
        ],
        batch_size=BULK_CHUNK_SIZE,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["action", "attempts", "next_attempt_at", "last_error"],
    )
    on_commit_once(_process_after_commit)


def index_in_bulk(changed, engines_only=False):
    """Index {model: pks} saved meanwhile: in bulk into each automatically updated backend,
    and through the outbox for the engines it feeds.

    `engines_only` leaves out the database backend and the vectors: for a change the engines
    copy into their documents but the database backend and the vectors read from the tables.
    """
    backends = [
        backend
        for _name, backend in get_search_backends_with_name(with_auto_update=True)
        if not engines_only or isinstance(backend, ElasticsearchBaseSearchBackend)
    ]
    for model, pks in changed.items():
        pks = sorted(pks)
        if backends:
            for start in range(0, len(pks), BULK_CHUNK_SIZE):
                chunk = pks[start : start + BULK_CHUNK_SIZE]
                objects = list(model.get_indexed_objects().filter(pk__in=chunk))
                for backend in backends:
                    add_bulk(backend, model, objects)
        if outbox_backends():
            _record_bulk(model, pks)
        elif issubclass(model, Page) and not engines_only:
            # The engines updated above get the vectors with the words.
            _embed(pks, engines=vectors.auto_updated_engines())


def index_descendants_after_move(page):
    """Index the pages below a moved page again.

    A move rewrites the tree path of every page below it, and the engine decides by that path
    which site a page belongs to (search.engine_search). Wagtail indexes the moved page itself
    when the move saves it; the pages below are never saved. Until they are indexed again they
    are left out of the search, the count and the facets of their new site.
    """
    changed = defaultdict(set)
    rows = Page.objects.descendant_of(page).values_list("content_type_id", "pk")
    for content_type_id, pk in rows.iterator():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            changed[model].add(pk)
    index_in_bulk(changed, engines_only=True)


@contextmanager
def deferred_indexing():
    """Index what is saved inside the block once, in bulk, when it ends without an error.

    For bulk writes such as the importer, where indexing page by page costs more than the
    writing itself. The words of what was saved reach the search vocabulary as a save's do, all
    at once after the commit (search.vocabulary.words_changed): no rebuild needed. The signal
    receivers are swapped for the whole process, so use it in a management command or a test,
    not in a web request.
    """
    from .signal_handlers import changed as record_outbox_change

    models = [
        model for model in get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    saved = defaultdict(set)

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            indexed = get_indexed_instance(instance, check_exists=False)
            if indexed is not None:
                saved[type(indexed)].add(indexed.pk)
            # Only remembered here; looked up once for the whole transaction when it commits.
            words_changed(instance)

    swapped = []
    for model in models:
        for receiver in (modelsearch_signals.post_save_signal_handler, record_outbox_change):
            dispatch_uid = (
                f"search-outbox-{model._meta.label}" if receiver is record_outbox_change else None
            )
            if post_save.disconnect(receiver, sender=model, dispatch_uid=dispatch_uid):
                swapped.append((receiver, model, dispatch_uid))
        post_save.connect(collect, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(collect, sender=model)
        for receiver, model, dispatch_uid in swapped:
            post_save.connect(receiver, sender=model, dispatch_uid=dispatch_uid)
    index_in_bulk(saved)


def _process_after_commit():
    process_due()


def process_due(limit=BATCH_SIZE, include_waiting=False):
    """Apply pending updates; returns (applied, failed). Never raises for an engine failure."""
    names = outbox_backends()
    if not names:
        return 0, 0
    backends = [get_search_backend(name) for name in names]
    entries = IndexOutboxEntry.objects.select_related("content_type").order_by("created_at")
    if not include_waiting:
        entries = entries.filter(next_attempt_at__lte=timezone.now())
    applied = failed = 0
    for entry in entries[:limit]:
        try:
            _apply_in_bulk(entry.content_type.model_class(), [entry], backends)
        except Exception as error:  # any engine failure: keep the entry and back off
            failed += 1
            _postpone(entry, error)
            # The engine is down: the rest would fail the same way, slowly.
            break
        else:
            _remove_applied([entry])
            applied += 1
    return applied, failed


def _postpone(entry, error):
    entry.attempts += 1
    entry.last_error = f"{type(error).__name__}: {error}"[:2000]
    backoff = min(timedelta(seconds=2**entry.attempts), MAX_BACKOFF)
    entry.next_attempt_at = timezone.now() + backoff
    entry.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "Search index update for %s postponed (attempt %d): %s",
        entry,
        entry.attempts,
        entry.last_error,
    )


def _remove_applied(entries):
    # Only as they were read: a change recorded meanwhile replaced the entry and still waits.
    # One condition per entry, so a few at a time: SQLite refuses a deeper expression.
    for chunk in _chunks(entries, REMOVE_CHUNK_SIZE):
        unchanged = Q()
        for entry in chunk:
            unchanged |= Q(pk=entry.pk, next_attempt_at=entry.next_attempt_at, action=entry.action)
        IndexOutboxEntry.objects.filter(unchanged).delete()


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def process_all_in_bulk():
    """Apply every pending update now, waiting or not, in bulk per model; returns (applied,
    left). For a command whose changes must be searchable when it ends, such as the importer:
    one engine request per BULK_CHUNK_SIZE objects instead of one per object. Never raises for
    an engine failure; what the engine refused stays in the outbox for the worker.
    """
    names = outbox_backends()
    if not names:
        return 0, 0
    backends = [get_search_backend(name) for name in names]
    applied, last_pk, touched = 0, 0, set()
    while True:
        chunk = list(
            IndexOutboxEntry.objects.select_related("content_type")
            .filter(pk__gt=last_pk)
            .order_by("pk")[:BULK_CHUNK_SIZE]
        )
        if not chunk:
            break
        last_pk = chunk[-1].pk
        by_model = defaultdict(list)
        for entry in chunk:
            by_model[entry.content_type.model_class()].append(entry)
        for model, entries in by_model.items():
            try:
                _apply_in_bulk(model, entries, backends)
            except Exception as error:  # any engine failure: keep the entries, as process_due
                _postpone(entries[0], error)
                return applied, IndexOutboxEntry.objects.count()
            _remove_applied(entries)
            applied += len(entries)
            touched.add(model)
    # Searchable now rather than after the engine's next refresh, a second or so later.
    for backend in backends:
        for model in touched:
            if model is not None:
                backend.get_index_for_model(model).refresh()
        if semantic_enabled() and isinstance(backend, ElasticsearchBaseSearchBackend):
            EngineVectors(backend).refresh()
    return applied, IndexOutboxEntry.objects.count()


def _apply_in_bulk(model, entries, backends):
    """Send `backends` the entries of one model: what get_indexed_objects() holds is added,
    everything else removed (deleted, or no longer to be found: a person who withdrew consent).
    The one place that decides, for a single entry as for many."""
    if model is None:  # a model removed from the code since: nothing left to index
        return
    wanted = {entry.object_id for entry in entries if entry.action == IndexOutboxAction.UPDATE}
    objects = list(model.get_indexed_objects().filter(pk__in=wanted))
    gone = {entry.object_id for entry in entries} - {str(obj.pk) for obj in objects}
    for backend in backends:
        backend.add_bulk(model, objects)
        for object_id in sorted(gone):
            backend.delete(model(pk=object_id))
    if issubclass(model, Page):
        engines = [b for b in backends if isinstance(b, ElasticsearchBaseSearchBackend)]
        _embed([entry.object_id for entry in entries], engines)


def _embed(page_ids, engines):
    """The vectors of pages with their words. An engine that cannot be reached raises, as for
    the words, so the outbox keeps the entries. Anything else that fails the vectors alone (no
    encoder, a cluster without the k-NN plugin, a refused write) lets the words go on: the
    pages stay stale, their rows rolled back, and embed_stale catches up once it is mended."""
    from .query import unreachable_errors

    if not semantic_enabled() or _vectors_deferred.get():
        return
    try:
        vectors.update_pages(page_ids, engines)
    except unreachable_errors():
        raise
    except Exception as error:
        logger.warning("Pages indexed without their vectors: %s", error)
        vectors.note_failure(error)


def search_index_missing(backend_name="default"):
    """Whether an engine backend lacks an index that `update_index` would build, or has one
    without the fields search filters and counts on.

    With an atomic rebuild, Wagtail searches an alias; an index under the alias's name without
    the alias was made by a stray write to a missing index and has no mapping, so it counts as
    missing too. The database backends keep their index in tables that migrations create.
    """
    backend = get_search_backend(backend_name)
    if not isinstance(backend, ElasticsearchBaseSearchBackend):
        return False
    atomic = backend.rebuilder_class is backend.atomic_rebuilder_class
    indexes = {backend.get_index_for_model(model).name for model in get_indexed_models()}
    for name in sorted(indexes):
        index = backend.index_class(backend, name)
        if not (index.is_alias() if atomic else index.exists()):
            return True
    return not _has_search_fields(backend)


def _has_search_fields(backend):
    """Whether the page index maps the fields search filters and counts on (search.
    engine_search.columns) as the portal declares them, not as text a stray write guessed:
    an index built before a field was declared lacks it."""
    from wagtail.models import Page

    from .engine_search import columns

    name = backend.get_index_for_model(Page).name
    mappings = backend.es.indices.get_mapping(index=name)
    for mapping in mappings.values():
        properties = mapping["mappings"].get("properties", {})
        for column in columns(backend.mapping_class).values():
            if properties.get(column, {}).get("type", "text") == "text":
                return False
    return True


def vector_engines(backend_names):
    """The engine backends among `backend_names`: those with a k-NN index to keep (the
    database backend's vectors are the table itself, search.semantic.vectors.LocalVectors)."""
    if not semantic_enabled():
        return []
    backends = [get_search_backend(name) for name in backend_names]
    return [backend for backend in backends if isinstance(backend, ElasticsearchBaseSearchBackend)]


def ensure_vector_index(backend_name="default"):
    """Build the engine's k-NN index of the current model version from the PageEmbedding table
    when it has none (a new cluster, an index lost, a new model version); returns the number of
    chunks written, or None when there was nothing to do. Cheap when the index exists: one
    request. It encodes nothing: the pages without vectors of this version are embedded by the
    outbox worker (search.semantic.store.embed_stale), a batch per round, while search goes on.

    On the database backend, the same for this server's snapshot of a table too large to hold
    in memory (search.semantic.vectors.ensure_snapshot), so that no search waits for it.
    """
    for backend in vector_engines([backend_name]):
        if not EngineVectors(backend).exists():
            return vectors.sync_engine(backend)
    if semantic_enabled() and not isinstance(
        get_search_backend(backend_name), ElasticsearchBaseSearchBackend
    ):
        return ensure_snapshot()
    return None


def ensure_search_index(backend_name="default"):
    """Build the backend's index, as `update_index` does, if it has none yet; returns whether
    it did. Cheap when the index exists (one request per index), so it can run on every start.
    """
    if not search_index_missing(backend_name):
        return False
    call_command("update_index", backend_name=backend_name, verbosity=0)
    return True
