"""Run a search test once per configured backend: the database, and the engine when there is one.

`make test` starts a real OpenSearch node and exports SEARCH_BACKEND and SEARCH_URL, which the
test settings turn into an "engine" backend. In CI a missing engine is an error, never a skip.
"""

import io
import os

from django.conf import settings
from django.core.management import call_command

from wagtail.search.backends import get_search_backend

import pytest


def configured_backends():
    names = ["database"]
    if "engine" in settings.WAGTAILSEARCH_BACKENDS:
        names.append("engine")
    elif os.environ.get("CI"):
        raise RuntimeError(
            "CI runs the search tests against a real engine; SEARCH_URL is not set "
            "(make test starts one with scripts/search-engine)."
        )
    return names


class SearchBackendUnderTest:
    def __init__(self, name):
        self.name = name

    def refresh(self):
        """Make everything saved so far in this test searchable on this backend."""
        if self.name == "engine":
            call_command("update_index", backend_name="default", stdout=io.StringIO())
            backend = get_search_backend()
            backend.es.indices.refresh(index=f"{backend.index_prefix}*")


@pytest.fixture(params=configured_backends())
def search_backend(request, settings):
    if request.param == "engine":
        engine = {**settings.WAGTAILSEARCH_BACKENDS["engine"], "AUTO_UPDATE": True}
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": engine,
            "fallback": settings.WAGTAILSEARCH_BACKENDS["default"],
        }
    return SearchBackendUnderTest(request.param)
