"""Wagtail's engine backends, with indices created with the portal's own words as compound parts,
rebuilt with the engine indexing one chunk while the next is read, and one client per process.

The index settings come from the settings module, read before there is a database; the words of
the portal's titles and taxonomy (search.vocabulary.portal_words) are added when an index is
created: by update_index, by an atomic rebuild's new index and by a first start. Each module
here is one of Wagtail's backends with these classes (portal_backend), named as Wagtail names
its modules (SEARCH_BACKENDS in the settings).
"""

import copy
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from modelsearch.index import class_is_indexed

from search.analysis import with_portal_words
from search.vocabulary import portal_words


class BulksInBackground:
    """The bulk requests of one rebuild, sent one at a time from a thread of their own.

    `update_index` reads a chunk of pages, prepares their documents and sends them, then waits
    for the engine to index them before it reads the next chunk: at 20,000 pages a third of its
    time went to that wait. Here the wait overlaps the reading of the next chunk. One request is
    in flight at most, so the engine is never sent more than one chunk ahead and memory holds two
    chunks' documents, as the rebuild's own chunking intends.
    """

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk")
        self.sending = None

    def send(self, request):
        """Send `request` (a callable) once the request before it is answered."""
        self.wait()
        self.sending = self.pool.submit(request)

    def wait(self):
        """Until the request in flight is answered; raises its error if it failed."""
        sending, self.sending = self.sending, None
        if sending is None:
            return
        try:
            sending.result()
        except BaseException:
            # The rebuild stops here and never finishes: nothing more will be sent.
            self.pool.shutdown()
            raise

    def close(self):
        try:
            self.wait()
        finally:
            self.pool.shutdown()


class PortalIndex:
    """Before a Wagtail engine index class in the bases.

    `put`, which creates the index with the backend's settings, creates it with the portal's
    current words added to them. While a rebuild fills the index (`bulks` is set), `add_items`
    prepares the documents and leaves sending them to the background.
    """

    bulks = None

    def put(self):
        backend = self.backend
        with_words = copy.copy(backend)
        with_words.settings = with_portal_words(backend.settings, portal_words())
        # Wagtail's own put, so each client's way of creating an index stays Wagtail's.
        self.backend = with_words
        try:
            super().put()
        finally:
            self.backend = backend

    def add_items(self, model, items):
        if self.bulks is None or not class_is_indexed(model):
            return super().add_items(model, items)
        # The documents are prepared here, in the caller's thread and on its database
        # connection (a search field may read the database, inside the caller's transaction);
        # only the engine's answer is waited for in the background. Wagtail's add_items builds
        # the same actions.
        mapping = self.mapping_class(model)
        actions = [
            {"_id": mapping.get_document_id(item), **mapping.get_document(item)} for item in items
        ]
        if actions:
            self.bulks.send(partial(self.backend.bulk, self.es, actions, index=self.name))


class FilledInBackground:
    """Before a Wagtail engine rebuilder class in the bases: the new index is filled with
    BulksInBackground, and every bulk request has been answered before the rebuild finishes
    (an atomic rebuild's alias moves to the new index only then)."""

    def start(self):
        index = super().start()
        index.bulks = BulksInBackground()
        return index

    def finish(self):
        bulks, self.index.bulks = self.index.bulks, None
        if bulks is not None:
            bulks.close()
        super().finish()


_clients = {}
_clients_lock = threading.Lock()


def shared_client(client_class):
    """A stand-in for `client_class` that makes one client per process for the same hosts and
    options, and hands that one out again.

    Wagtail makes a new backend, and so a new client with a new pool of connections, each time
    a backend is asked for: once or more for every search. Each then opened a connection to the
    engine of its own, which cost 1.2 ms a search at 20,000 pages. The client is thread-safe
    and its pool keeps the connections open between requests. The process id is part of the
    key: a worker forked from a process that had a client makes its own, never sharing the
    parent's sockets.
    """

    def client(**options):
        key = (os.getpid(), json.dumps(options, sort_keys=True, default=repr))
        with _clients_lock:
            if key not in _clients:
                _clients[key] = client_class(**options)
            return _clients[key]

    return client


def portal_backend(backend_class):
    """`backend_class`, one of Wagtail's engine backends, with the portal's index, rebuilders
    and shared clients."""
    name = backend_class.__name__.removesuffix("SearchBackend")
    return type(
        f"Portal{backend_class.__name__}",
        (backend_class,),
        {
            "client_class": staticmethod(shared_client(backend_class.client_class)),
            "index_class": type(
                f"Portal{name}Index", (PortalIndex, backend_class.index_class), {}
            ),
            "basic_rebuilder_class": type(
                f"Portal{name}IndexRebuilder",
                (FilledInBackground, backend_class.basic_rebuilder_class),
                {},
            ),
            "atomic_rebuilder_class": type(
                f"Portal{name}AtomicIndexRebuilder",
                (FilledInBackground, backend_class.atomic_rebuilder_class),
                {},
            ),
        },
    )
