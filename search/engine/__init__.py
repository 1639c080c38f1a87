"""Wagtail's engine backends, with indices created with the portal's own words as compound parts.

The index settings come from the settings module, read before there is a database; the words of
the portal's titles and taxonomy (search.vocabulary.portal_words) are added when an index is
created: by update_index, by an atomic rebuild's new index and by a first start. Each module
here is one of Wagtail's backends with this index class, named as Wagtail names its modules
(SEARCH_BACKENDS in the settings).
"""

import copy

from search.analysis import with_portal_words
from search.vocabulary import portal_words


class PortalWordsIndex:
    """Before a Wagtail engine index class in the bases: `put`, which creates the index with
    the backend's settings, creates it with the portal's current words added to them."""

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
