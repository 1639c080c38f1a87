"""Fixtures shared by the whole suite: an empty cache, the default language, Chromium through
Playwright, and the search backends each search test runs on."""

import io
import os
import shutil

from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.utils import translation

from wagtail.search.backends import get_search_backend

import pytest
from playwright.sync_api import sync_playwright

from search.semantic.store import embed_stale, sync_engine

# Playwright downloads no browser here: the system Chromium runs, without the services that
# would reach out to the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page stored by an earlier test, whose database
    changes were rolled back, must not be served to this one."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def dutch_by_default(settings):
    """Each test starts in the site's default language.

    A request under /en/ leaves English active in the thread afterwards; without this, the
    tests after it would see English messages.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Chromium tab whose relative URLs go to the live server; Dutch, like the audience."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "The browser tests need Chromium on PATH as `chromium` "
            "(Debian: apt-get install chromium); .ci/run installs it."
        )
    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse database access from the test unless told that this is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            # Connections the test opened while Playwright's loop ran belong to that loop's
            # context; closed here, they do not keep the test database from being dropped.
            connections.close_all()


# Search tests run once per configured backend: the database, and the engine when there is one.
# `make test` starts a real OpenSearch node and exports SEARCH_BACKEND and SEARCH_URL, which the
# test settings turn into an "engine" backend. In CI a missing engine is an error, never a skip.


def configured_backends():
    names = ["database"]
    if "engine" in django_settings.WAGTAILSEARCH_BACKENDS:
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
        """Make everything saved so far in this test searchable on this backend, by its words
        and by its meaning (the vectors a publish computes after its transaction commits,
        which a test's transaction never does)."""
        if self.name != "engine":
            embed_stale()
            return
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        backend = get_search_backend()
        embed_stale([backend])
        # Made afresh from this test's table, as update_index makes the word index: the tests
        # share the engine, and a page id of an earlier test's rolled-back page may be this
        # test's page, with other vectors.
        sync_engine(backend)
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
