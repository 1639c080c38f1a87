"""/healthz and /readyz, for the load balancer: against the real database, cache, storage and,
where one is configured, the search engine; a failing service is a real one, unreachable."""

import copy
import socket
import time

from django.db import connections
from django.test import Client

import pytest

from portal import health
from portal.settings.base import cache_settings
from tests.search.helpers import closed_port


def test_healthz_answers_without_touching_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_every_service(settings):
    response = Client().get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["storage"] == "ok"
    if settings.SEARCH_OUTBOX_BACKENDS:
        assert body["checks"]["search_engine"] == "ok"
        assert body["status"] == "ok"
    else:
        assert body == {
            "status": "ok",
            "checks": {
                "database": "ok",
                "cache": "ok",
                "storage": "ok",
                "search_engine": "not configured",
            },
        }


@pytest.mark.django_db
def test_readyz_is_degraded_without_a_working_cache_and_names_no_error(settings, tmp_path):
    unwritable = tmp_path / "cache"
    unwritable.write_text("a file where the cache wants a folder")
    settings.CACHES = {"default": cache_settings(f"file://{unwritable}")}

    response = Client().get("/readyz")

    # Pages are served uncached: the balancer keeps the server, and every other one alike.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert "Error" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_unavailable_without_the_database():
    # The same database where nothing answers: a closed port, or a file that cannot be opened.
    unreachable = connections.create_connection("default")
    unreachable.settings_dict = copy.deepcopy(unreachable.settings_dict)
    if unreachable.vendor == "sqlite":
        unreachable.settings_dict["NAME"] = "/nonexistent/folder/portal.sqlite3"
    else:
        unreachable.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    working = connections["default"]
    connections["default"] = unreachable
    try:
        response = Client().get("/readyz")
    finally:
        connections["default"] = working

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "failed"


@pytest.mark.django_db
def test_an_unreachable_search_engine_leaves_the_server_ready_but_degraded(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "unreachable": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            # Nothing listens on port 9 (discard) of the loopback address.
            "URLS": ["http://127.0.0.1:9"],
            "INDEX": "portal-unreachable",
            "TIMEOUT": 2,
        },
    }
    settings.SEARCH_OUTBOX_BACKENDS = ["unreachable"]

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["search_engine"] == "failed"


@pytest.mark.django_db
def test_a_search_engine_that_hangs_does_not_hold_the_answer_up(settings):
    # A real server that takes the connection and never answers, as a hung node does.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        settings.WAGTAILSEARCH_BACKENDS = {
            **settings.WAGTAILSEARCH_BACKENDS,
            "hung": {
                "BACKEND": "wagtail.search.backends.opensearch3",
                "URLS": [f"http://127.0.0.1:{hung.getsockname()[1]}"],
                "INDEX": "portal-hung",
                "TIMEOUT": 60,
            },
        }
        settings.SEARCH_OUTBOX_BACKENDS = ["hung"]
        started = time.monotonic()

        response = Client().get("/readyz")

        answered_after = time.monotonic() - started
    # Answered once the check's own limit passed, not after the engine client's minute.
    assert answered_after < health.CHECK_SECONDS + 10
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["search_engine"] == "failed"
    assert response.json()["checks"]["database"] == "ok"
