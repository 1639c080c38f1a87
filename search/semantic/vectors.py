"""The nearest-neighbour indexes of the page vectors, behind one interface.

- EngineVectors: a k-NN index in the search engine (the OpenSearch k-NN plugin with its Lucene
  engine, pure Java), in the same cluster as the word index, one document per chunk;
- LocalVectors: an HNSW index in the web process (usearch), built from the PageEmbedding rows,
  for the database backend and for the fallback when the engine is down; a large one is a file
  that every process of a server maps (build_snapshot).

Both answer `nearest(vector, limit)` with (page id, cosine similarity) best first, each page
once, by its best chunk. Neither decides what a visitor may see: like the word candidates,
vector candidates go through the SQL visibility filter (search.query.collect_facts).
"""

import fcntl
import hashlib
import logging
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

import numpy as np

from .encoder import DIMENSIONS, from_bytes, model_version

logger = logging.getLogger(__name__)

# Chunks asked for per page wanted: a page may hold several of the nearest chunks.
CHUNKS_PER_PAGE = 3
# Documents per bulk request to the engine.
BULK_SIZE = 500
# Seconds a merge into one segment may take (EngineVectors.merge): minutes for a large index.
MERGE_TIMEOUT = 3600
# The cache key whose value changes whenever vectors are written (search.semantic.store).
TOKEN_KEY = "portal:search-vectors-token"
# Without a shared cache (CACHE_URL=dummy://) the token is never found: the local index then
# looks at the table at most this often.
UNTOKENED_SYNC_SECONDS = 60


class VectorIndexUnavailable(Exception):
    """The vector index cannot answer: missing, or its engine lacks the k-NN plugin."""


def vectors_changed():
    """Tell every process that the vectors changed: their local indexes sync on next use."""
    cache.set(TOKEN_KEY, uuid.uuid4().hex, timeout=None)


def _best_per_page(page_ids, similarities, limit):
    best = {}
    for page_id, similarity in zip(page_ids, similarities, strict=True):
        page_id = int(page_id)
        if page_id not in best:
            best[page_id] = float(similarity)
            if len(best) >= limit:
                break
    return list(best.items())


def vector_index(backend):
    """The vector index that goes with a search backend."""
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        return EngineVectors(backend)
    return local_vectors()


# The engine ------------------------------------------------------------------------------------


class EngineVectors:
    """The k-NN index of the current model version in `backend`'s cluster."""

    def __init__(self, backend, version=None):
        self.backend = backend
        self.es = backend.es
        self.version = version or model_version()
        self.prefix = f"{backend.index_prefix}vectors_"
        self.name = f"{self.prefix}{_version_digest(self.version)}"

    def mapping(self):
        return {
            "settings": {"index": {"knn": True, "number_of_replicas": settings.SEARCH_REPLICAS}},
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "page_id": {"type": "integer"},
                    "chunk": {"type": "short"},
                    "vector": {
                        "type": "knn_vector",
                        "dimension": DIMENSIONS,
                        "method": {
                            "name": "hnsw",
                            "engine": "lucene",
                            "space_type": "cosinesimil",
                        },
                    },
                },
            },
        }

    def exists(self):
        return bool(self.es.indices.exists(index=self.name))

    def create(self):
        self.es.indices.create(index=self.name, body=self.mapping())

    def ensure(self):
        """Create the index if it is missing; whether it was."""
        if self.exists():
            return False
        self.create()
        return True

    def write(self, rows, removed_pages=(), replace=True):
        """Replace the chunks of the pages in `rows` ((page id, chunk, vector bytes)) and remove
        every chunk of `removed_pages`, in bulk. Without `replace`, only add `rows`: into a
        fresh index, where a page's chunks may come in separate calls."""
        from .chunks import MAX_CHUNKS

        rows = list(rows)
        written = {page_id for page_id, _chunk, _vector in rows} if replace else set()
        # One entry per operation: a delete is one line of the bulk body, an index two (the
        # action and the document), which a request must never separate.
        operations = []
        # Chunks beyond a page's new count, and those of removed pages, go by id.
        kept = {(page_id, chunk) for page_id, chunk, _vector in rows}
        for page_id in sorted(written | set(removed_pages)):
            for chunk in range(MAX_CHUNKS):
                if (page_id, chunk) not in kept:
                    operations.append(
                        [{"delete": {"_index": self.name, "_id": f"{page_id}-{chunk}"}}]
                    )
        for page_id, chunk, vector in rows:
            operations.append(
                [
                    {"index": {"_index": self.name, "_id": f"{page_id}-{chunk}"}},
                    {"page_id": page_id, "chunk": chunk, "vector": from_bytes(vector).tolist()},
                ]
            )
        if not operations:
            return
        self.ensure()
        for start in range(0, len(operations), BULK_SIZE):
            body = [
                line for operation in operations[start : start + BULK_SIZE] for line in operation
            ]
            response = self.es.bulk(body=body)
            if response.get("errors"):
                failed = [
                    item
                    for item in response["items"]
                    for action, result in item.items()
                    if result.get("status", 200) >= 300
                    and not (action == "delete" and result.get("status") == 404)
                ]
                if failed:
                    raise RuntimeError(f"The engine refused {len(failed)} vectors: {failed[:1]}")

    def refresh(self):
        if self.exists():
            self.es.indices.refresh(index=self.name)

    def nearest(self, vector, limit):
        try:
            # One request per search: a missing index is told by the answer, not asked first.
            response = self.es.search(index=self.name, body=self.nearest_search(vector, limit))
        except Exception as error:
            if getattr(error, "status_code", None) == 404:
                raise VectorIndexUnavailable(f"{self.name} does not exist") from error
            raise
        return self.pages_of(response, limit)

    def nearest_search(self, vector, limit):
        """The body of a search for the chunks nearest to `vector`, enough of them for `limit`
        pages; search.engine_search also sends it beside other searches."""
        k = limit * CHUNKS_PER_PAGE
        # The page id from its doc values: each hit's source holds its vector too, which the
        # engine would otherwise parse, a few hundred numbers, for that one id.
        return {
            "size": k,
            "_source": False,
            "docvalue_fields": ["page_id"],
            "query": {"knn": {"vector": {"vector": np.asarray(vector).tolist(), "k": k}}},
        }

    def failure(self, error):
        """What the `error` a nearest_search answered within a request of several searches
        stands for, as `nearest` would have raised it."""
        if error.get("type") == "index_not_found_exception":
            return VectorIndexUnavailable(f"{self.name} does not exist")
        # A shard's failure says "all shards failed"; its first cause says why.
        cause = (error.get("root_cause") or [error])[0]
        return VectorIndexUnavailable(f"{self.name}: {cause.get('reason', error)}")

    @staticmethod
    def pages_of(response, limit):
        """(page id, similarity) of the first `limit` pages a nearest_search found, best
        first."""
        hits = response["hits"]["hits"]
        # The Lucene engine scores cosine similarity s as (1 + s) / 2.
        return _best_per_page(
            [hit["fields"]["page_id"][0] for hit in hits],
            [2 * hit["_score"] - 1 for hit in hits],
            limit,
        )

    def count(self):
        if not self.exists():
            return 0
        return self.es.count(index=self.name)["count"]

    def segments(self):
        """The number of segments searches of the index go through."""
        rows = self.es.cat.segments(index=self.name, format="json")
        return sum(1 for row in rows if row.get("searchable") == "true")

    def merge(self):
        """Merge the index into one segment. The engine searches a shard's segments one after
        another, each with an HNSW graph of its own: after a bulk write, a k-NN search over
        the several segments it left took longer, and more so at the tail, than over one
        (docs/performance.md)."""
        self.es.indices.forcemerge(
            index=self.name, max_num_segments=1, request_timeout=MERGE_TIMEOUT
        )
        # Searches go through the merged segment once the index is refreshed.
        self.refresh()

    def drop_other_versions(self):
        """Delete the k-NN indexes of other model versions; their names."""
        names = [
            name for name in self.es.indices.get(index=f"{self.prefix}*") if name != self.name
        ]
        for name in names:
            self.es.indices.delete(index=name)
        return names


# The embedded index ---------------------------------------------------------------------------

# Chunks up to which a process builds the embedded index in its own memory, on the first search
# that needs it: a few seconds (80,000 took 11 s, docs/performance.md). Beyond, every process
# of a server maps one file into memory, a snapshot built once (build_snapshot), and holds only
# what changed since.
IN_MEMORY_LIMIT = 20_000
# Changes held beside a snapshot beyond which the next one is built: this many, or a tenth of
# the snapshot if that is more.
REBUILD_AFTER = 2_000
# A row as a snapshot lists it, sorted by key: the PageEmbedding id, its page, its text hash.
ROW_DTYPE = np.dtype([("key", "u8"), ("page", "i8"), ("hash", "S64")])


def _new_index():
    from usearch.index import Index

    return Index(ndim=DIMENSIONS, metric="cos", dtype="f16")


def _version_digest(version):
    """A model version as a name may hold it: the engine's k-NN index and a snapshot file."""
    return hashlib.sha256(version.encode()).hexdigest()[:12]


def _snapshot_files(version):
    """The complete snapshots of `version` in settings.VECTOR_INDEX_DIR, newest last: an index
    file is only there once its rows file is (build_snapshot)."""
    directory = Path(settings.VECTOR_INDEX_DIR)
    if not directory.is_dir():
        return []
    found = directory.glob(f"{_version_digest(version)}-*.usearch")
    return sorted(found, key=lambda path: int(path.stem.rpartition("-")[2]))


def _rows_file(index_file):
    return index_file.with_suffix(".rows.npy")


class Snapshot:
    """An index file and its rows, mapped into memory: shared by every process that maps it."""

    def __init__(self, index_file):
        from usearch.index import Index

        self.path = index_file
        self.rows = np.load(_rows_file(index_file), mmap_mode="r")
        self.index = Index.restore(str(index_file), view=True)
        if self.index is None or len(self.index) != len(self.rows):
            raise VectorIndexUnavailable(f"{index_file} does not match its rows")

    def __len__(self):
        return len(self.rows)

    def pages_of(self, keys):
        return self.rows["page"][np.searchsorted(self.rows["key"], keys)]

    def current(self, rows):
        """Which of `rows` (sorted, as the table holds them now) the snapshot holds as they are,
        and which of its own rows are no longer current: two masks."""
        held = self.rows
        if not len(held):
            return np.zeros(len(rows), dtype=bool), np.zeros(0, dtype=bool)
        where = np.searchsorted(held["key"], rows["key"])
        inside = where < len(held)
        where = np.where(inside, where, 0)
        same = (
            inside
            & (held["key"][where] == rows["key"])
            & (held["page"][where] == rows["page"])
            & (held["hash"][where] == rows["hash"])
        )
        still = np.zeros(len(held), dtype=bool)
        still[where[same]] = True
        return same, ~still


def build_snapshot(version=None):
    """Write the embedded index of every vector of `version` (the current model's by default)
    to settings.VECTOR_INDEX_DIR, for every process of this server to map; its path, or None
    when another process is building one. Older snapshots go; a process still mapping one keeps
    it until it moves on, as a removed file stays readable while it is open."""
    from search.models import PageEmbedding

    version = version or model_version()
    directory = Path(settings.VECTOR_INDEX_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        index, rows = _new_index(), []
        stored = (
            PageEmbedding.objects.filter(model_version=version)
            .order_by("pk")
            .values_list("pk", "page_id", "text_hash", "vector")
        )
        batch = []
        for row in stored.iterator(chunk_size=BULK_SIZE):
            batch.append(row)
            if len(batch) == BULK_SIZE:
                _add_rows(index, batch, rows)
                batch = []
        _add_rows(index, batch, rows)
        if not rows:
            # Emptied meanwhile: the processes waiting for a snapshot look at the table again.
            vectors_changed()
            return None
        index_file = directory / f"{_version_digest(version)}-{time.time_ns()}.usearch"
        # Each file written aside and renamed into place; the rows first, the index last: an
        # index file stands for a complete snapshot.
        with open(index_file.with_suffix(".tmp.npy"), "wb") as file:
            np.save(file, np.array(rows, dtype=ROW_DTYPE))
        os.replace(index_file.with_suffix(".tmp.npy"), _rows_file(index_file))
        index.save(str(index_file.with_suffix(".tmp")))
        os.replace(index_file.with_suffix(".tmp"), index_file)
        for old in directory.glob("*.usearch"):
            if old != index_file:
                _rows_file(old).unlink(missing_ok=True)
                old.unlink(missing_ok=True)
    logger.info("Built the embedded vector index of %d chunks: %s", len(rows), index_file)
    vectors_changed()
    return index_file


def ensure_snapshot():
    """Build the snapshot of the current model version when there is none and the table holds
    more than a process builds in memory; the chunks written, or None when there was nothing
    to do (or another process is building it)."""
    from search.models import PageEmbedding

    version = model_version()
    if _snapshot_files(version):
        return None
    if PageEmbedding.objects.filter(model_version=version).count() <= IN_MEMORY_LIMIT:
        return None
    path = build_snapshot(version)
    return None if path is None else len(np.load(_rows_file(path), mmap_mode="r"))


def _add_rows(index, batch, rows):
    if not batch:
        return
    index.add(
        np.array([pk for pk, _page, _hash, _vector in batch], dtype=np.uint64),
        np.stack([from_bytes(vector) for _pk, _page, _hash, vector in batch]),
    )
    rows.extend((pk, page_id, digest) for pk, page_id, digest, _vector in batch)


class LocalVectors:
    """The nearest-neighbour index of the current version's rows for this process, kept in step
    with the table.

    Keys are PageEmbedding ids. A small table is held in memory whole. A large one comes from
    the newest snapshot file (build_snapshot), mapped, not read: every process of a server
    shares it; rows added or changed since are held in memory beside it, and those removed or
    changed are left out of its answers. Before each search it compares the cache token with
    the one it synced at; when it changed it compares the table's ids and text hashes with what
    it holds and reads only the new vectors; when the token is gone (a cache emptied) it starts
    anew. Vectors are held as half-precision floats: 1 KB a chunk.

    No search waits for a large index to be built: without a snapshot, the first search starts
    building one in the background and search answers by words until it is there. The next
    snapshot is built the same way once the changes beside the current one grow large.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.token = None
        self.synced_at = 0.0
        self.builder = None
        self.build_error = None
        self._reset()

    def _reset(self):
        self.snapshot = None
        # The rows held in memory beside the snapshot (or instead of one); made on the first
        # sync, so that a missing usearch fails a search (noted), not the import of this module.
        self.index = None
        self.page_of = {}
        # key -> (page id, text hash) of each vector held in memory.
        self.held = {}
        # The snapshot's keys no longer current, sorted: removed, or changed and held anew.
        self.dropped = np.zeros(0, dtype=np.uint64)
        # Too many rows to hold, and no snapshot yet: words answer until it is built.
        self.waiting = False

    def _new_index(self):
        return _new_index()

    def sync(self, force=False):
        token = cache.get(TOKEN_KEY)
        version = model_version()
        lost = False
        if token is None:
            # Never set, or the cache lost it (cleared, culled): what changed meanwhile is
            # unknown, so a new token and a fresh start. A cache that keeps nothing (dummy://)
            # still answers None: then the table is looked at now and then instead.
            cache.add(TOKEN_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(TOKEN_KEY)
            lost = token is not None
        with self.lock:
            fresh = self.index is not None and self.version == version and not lost
            if fresh and not force:
                if token is not None and token == self.token:
                    return
                if token is None and time.monotonic() - self.synced_at < UNTOKENED_SYNC_SECONDS:
                    return
            if not fresh:
                self._reset()
                self.version = version
            self._follow_table(version)
            self.token, self.synced_at = token, time.monotonic()

    def _follow_table(self, version):
        from search.models import PageEmbedding

        rows = np.array(
            list(
                PageEmbedding.objects.filter(model_version=version).values_list(
                    "pk", "page_id", "text_hash"
                )
            ),
            dtype=ROW_DTYPE,
        )
        rows.sort(order="key")
        files = _snapshot_files(version)
        newer = files and (self.snapshot is None or self.snapshot.path != files[-1])
        # Mapped before anything held changes: a snapshot that cannot be read (removed by the
        # next one meanwhile) leaves this process as it was, to try again on its next search.
        snapshot = Snapshot(files[-1]) if newer else self.snapshot
        if self.index is None or newer:
            # A new snapshot holds what was held in memory so far: that memory is let go.
            self.index, self.page_of, self.held = self._new_index(), {}, {}
        self.snapshot = snapshot
        if self.snapshot is not None:
            covered, stale = self.snapshot.current(rows)
            self.dropped = np.sort(self.snapshot.rows["key"][stale])
            rows = rows[~covered]
        too_many = len(rows) > IN_MEMORY_LIMIT
        if self.snapshot is None and too_many and not self.held:
            # Too many to build within a search: words answer until the snapshot is there.
            self.waiting = True
            self._build_in_background(version)
            return
        self.waiting = False
        wanted = {int(key): (int(page), digest.decode()) for key, page, digest in rows.tolist()}
        self._hold(wanted)
        changes = len(self.held) + len(self.dropped)
        if self.snapshot is None:
            if too_many:
                self._build_in_background(version)
        elif changes > max(REBUILD_AFTER, len(self.snapshot) // 10):
            self._build_in_background(version)

    def _hold(self, wanted):
        """Hold `wanted` (key -> (page id, text hash)) in memory, and nothing else."""
        from search.models import PageEmbedding

        removed = [key for key, held in self.held.items() if wanted.get(key) != held]
        added = [key for key, row in wanted.items() if self.held.get(key) != row]
        if removed:
            self.index.remove(np.array(removed, dtype=np.uint64))
            for key in removed:
                del self.page_of[key]
                del self.held[key]
        for start in range(0, len(added), BULK_SIZE):
            keys = added[start : start + BULK_SIZE]
            stored = PageEmbedding.objects.filter(pk__in=keys).values_list("pk", "vector")
            pairs = [(pk, from_bytes(vector)) for pk, vector in stored]
            if pairs:
                self.index.add(
                    np.array([pk for pk, _ in pairs], dtype=np.uint64),
                    np.stack([vector for _, vector in pairs]),
                )
                self.page_of.update((pk, wanted[pk][0]) for pk, _ in pairs)
                self.held.update((pk, wanted[pk]) for pk, _ in pairs)

    def _build_in_background(self, version):
        """Start building a snapshot in a thread of this process, unless one is at it already.
        Its end changes the token, so every process maps the new snapshot on its next search."""
        if self.builder is not None and self.builder.is_alive():
            return

        def build():
            from django.db import connections

            try:
                build_snapshot(version)
                self.build_error = None
            except Exception as error:
                logger.exception("Could not build the embedded vector index")
                self.build_error = error
            finally:
                connections.close_all()

        self.builder = threading.Thread(target=build, name="vector-snapshot", daemon=True)
        self.builder.start()

    def nearest(self, vector, limit):
        self.sync()
        with self.lock:
            if self.waiting and self.build_error is not None:
                raise VectorIndexUnavailable(
                    f"the embedded vector index could not be built: {self.build_error}"
                )
            if self.waiting:
                raise VectorIndexUnavailable("the embedded vector index is being built")
            query = np.asarray(vector, dtype=np.float32)
            wanted = limit * CHUNKS_PER_PAGE
            distances, pages = [], []
            if self.snapshot is not None and len(self.snapshot):
                keys, found = self._from_snapshot(query, wanted)
                distances.extend(found.tolist())
                pages.extend(self.snapshot.pages_of(keys).tolist())
            if self.page_of:
                matches = self.index.search(query, min(wanted, len(self.page_of)))
                distances.extend(np.asarray(matches.distances).tolist())
                pages.extend(self.page_of[int(key)] for key in matches.keys)
            order = np.argsort(distances, kind="stable")[:wanted]
            # usearch's cosine distance is 1 - similarity.
            return _best_per_page(
                [pages[i] for i in order], [1 - distances[i] for i in order], limit
            )

    def _from_snapshot(self, query, wanted):
        """The keys and distances of the `wanted` nearest current chunks of the snapshot.

        Chunks dropped since it was built are left out, so a few more are asked for; as many
        more as were dropped when those few were not enough."""
        size = len(self.snapshot)
        count = min(wanted + min(len(self.dropped), 2 * wanted), size)
        while True:
            matches = self.snapshot.index.search(query, count)
            keys = np.asarray(matches.keys, dtype=np.uint64)
            kept = ~np.isin(keys, self.dropped, assume_unique=True)
            if kept.sum() >= wanted or count >= min(wanted + len(self.dropped), size):
                return keys[kept][:wanted], np.asarray(matches.distances)[kept][:wanted]
            count = min(wanted + len(self.dropped), size)

    def count(self):
        """How many chunks this process finds among."""
        self.sync()
        with self.lock:
            in_snapshot = len(self.snapshot) - len(self.dropped) if self.snapshot else 0
            return in_snapshot + len(self.page_of)


_local = LocalVectors()


def local_vectors():
    return _local
