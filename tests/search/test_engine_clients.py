"""One engine client per process: its connections stay open from one search to the next."""

import os

from wagtail.search.backends import get_search_backend

import pytest

from resources.factories import StoryPageFactory
from tests.conftest import SearchBackendUnderTest

from .helpers import api


def connections_opened(backend):
    """How many HTTP connections the engine's nodes have accepted since they started."""
    stats = backend.es.nodes.stats(metric="http")
    return sum(node["http"]["total_opened"] for node in stats["nodes"].values())


@pytest.mark.django_db
def test_searches_share_one_client_and_its_open_connections(on_engine):
    StoryPageFactory(title="Mentoraat in de brugklas", intro="Over mentoraat.")
    SearchBackendUnderTest("engine").refresh()
    backend = get_search_backend()
    api(q="mentoraat")
    opened = connections_opened(backend)

    for _ in range(5):
        assert api(q="mentoraat")["count"] == 1

    # Wagtail makes a new backend for each search; they all talk through the same connection.
    assert connections_opened(backend) == opened
    assert get_search_backend().es is backend.es


@pytest.mark.django_db
def test_a_forked_worker_makes_a_client_of_its_own(on_engine):
    parent = get_search_backend().es

    child = os.fork()
    if child == 0:
        os._exit(0 if get_search_backend().es is not parent else 1)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
