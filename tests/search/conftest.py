"""Fixtures of the search tests: an engine that is down, and CI never running them without the
Dutch word list: without it compounds split on the portal's own words only, and tests about
compounds would pass or fail for the wrong reason."""

import os

import pytest

from portal.settings.base import DATABASE_SEARCH, engine_search_settings
from search.wordlist import dutch_words

from .helpers import closed_port


@pytest.fixture
def engine_down(settings):
    """An engine nobody answers at, with the database backend as the fallback."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **engine_search_settings("opensearch3", f"http://127.0.0.1:{closed_port()}"),
            "TIMEOUT": 2,
        },
        "fallback": DATABASE_SEARCH,
    }


def word_list_problem(environ):
    """Why this run may not go on without the Dutch word list, or None when it may."""
    if environ.get("CI", "").lower() in ("", "0", "false") or dutch_words():
        return None
    return (
        "CI runs the search tests with the Dutch word list, and DUTCH_WORD_LIST names none "
        "(scripts/dutch-words installs it; make install and scripts/search-engine run it)."
    )


@pytest.fixture(autouse=True, scope="session")
def word_list_in_ci():
    problem = word_list_problem(os.environ)
    if problem:
        pytest.fail(problem)


@pytest.fixture
def on_engine(settings, db):
    """The real engine as the default backend, updated on save, with the database backend as
    its fallback; the test fails, never skips, without one (`make test` starts it)."""
    from django.conf import settings as configured_settings

    configured = configured_settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if configured is None:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {**configured, "AUTO_UPDATE": True},
        "fallback": configured_settings.WAGTAILSEARCH_BACKENDS["default"],
    }
