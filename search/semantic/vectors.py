"""The nearest-neighbour indexes of the page vectors, behind one interface.

- EngineVectors: a k-NN index in the search engine (the OpenSearch k-NN plugin with its Lucene
  engine, pure Java), in the same cluster as the word index, one document per chunk;
- LocalVectors: an HNSW index in the web process (usearch), built from the PageEmbedding rows,
  for the database backend and for the fallback when the engine is down.

Both answer `nearest(vector, limit)` with (page id, cosine similarity) best first, each page
once, by its best chunk. Neither decides what a visitor may see: like the word candidates,
vector candidates go through the SQL visibility filter (search.query.collect_facts).
"""

import hashlib
import logging
import threading
import time
import uuid

from django.core.cache import cache

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

import numpy as np

from .encoder import DIMENSIONS, from_bytes, model_version

logger = logging.getLogger(__name__)

# Chunks asked for per page wanted: a page may hold several of the nearest chunks.
CHUNKS_PER_PAGE = 3
# Documents per bulk request to the engine.
BULK_SIZE = 500
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
        digest = hashlib.sha256(self.version.encode()).hexdigest()[:12]
        self.prefix = f"{backend.index_prefix}vectors_"
        self.name = f"{self.prefix}{digest}"

    def mapping(self):
        return {
            "settings": {"index": {"knn": True}},
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
        k = limit * CHUNKS_PER_PAGE
        body = {
            "size": k,
            "_source": ["page_id"],
            "query": {"knn": {"vector": {"vector": np.asarray(vector).tolist(), "k": k}}},
        }
        try:
            # One request per search: a missing index is told by the answer, not asked first.
            hits = self.es.search(index=self.name, body=body)["hits"]["hits"]
        except Exception as error:
            if getattr(error, "status_code", None) == 404:
                raise VectorIndexUnavailable(f"{self.name} does not exist") from error
            raise
        # The Lucene engine scores cosine similarity s as (1 + s) / 2.
        return _best_per_page(
            [hit["_source"]["page_id"] for hit in hits],
            [2 * hit["_score"] - 1 for hit in hits],
            limit,
        )

    def count(self):
        if not self.exists():
            return 0
        return self.es.count(index=self.name)["count"]

    def drop_other_versions(self):
        """Delete the k-NN indexes of other model versions; their names."""
        names = [
            name for name in self.es.indices.get(index=f"{self.prefix}*") if name != self.name
        ]
        for name in names:
            self.es.indices.delete(index=name)
        return names


# The embedded index ---------------------------------------------------------------------------


class LocalVectors:
    """An HNSW index of the current version's rows in this process, kept in step with the table.

    Keys are PageEmbedding ids. Before each search it compares the cache token with the one it
    synced at; when it changed it adds the new rows and removes the deleted ones, reading only
    ids, text hashes and the new vectors; when the token is gone (a cache emptied) it builds
    anew. Vectors are held as half-precision floats: 1 KB a chunk.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.index = None
        self.page_of = {}
        # key -> (page id, text hash) of each vector held.
        self.held = {}
        self.token = None
        self.synced_at = 0.0

    def _new_index(self):
        from usearch.index import Index

        return Index(ndim=DIMENSIONS, metric="cos", dtype="f16")

    def sync(self, force=False):
        from search.models import PageEmbedding

        token = cache.get(TOKEN_KEY)
        version = model_version()
        lost = False
        if token is None:
            # Never set, or the cache lost it (cleared, culled): what changed meanwhile is
            # unknown, so a new token and a rebuild. A cache that keeps nothing (dummy://)
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
                self.index, self.page_of, self.held = self._new_index(), {}, {}
                self.version = version
            # A key is a row's id, told apart by what was encoded too: a restored or rolled-back
            # database may give an id to another row, which then replaces the one held.
            rows = {
                pk: (page_id, digest)
                for pk, page_id, digest in PageEmbedding.objects.filter(
                    model_version=version
                ).values_list("pk", "page_id", "text_hash")
            }
            removed = [key for key, held in self.held.items() if rows.get(key) != held]
            added = [key for key, row in rows.items() if self.held.get(key) != row]
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
                    self.page_of.update((pk, rows[pk][0]) for pk, _ in pairs)
                    self.held.update((pk, rows[pk]) for pk, _ in pairs)
            self.token, self.synced_at = token, time.monotonic()

    def nearest(self, vector, limit):
        self.sync()
        with self.lock:
            if not len(self.page_of):
                return []
            count = min(limit * CHUNKS_PER_PAGE, len(self.page_of))
            matches = self.index.search(np.asarray(vector, dtype=np.float32), count)
            pages = [self.page_of[int(key)] for key in matches.keys]
            # usearch's cosine distance is 1 - similarity.
            return _best_per_page(pages, [1 - distance for distance in matches.distances], limit)

    def count(self):
        self.sync()
        return len(self.page_of)


_local = LocalVectors()


def local_vectors():
    return _local
