"""/healthz and /readyz, for the load balancer: against the real database, cache, storage and,
where one is configured, the search engine; a failing service is a real one, unreachable."""

from django.test import Client

import pytest

from portal.settings.base import cache_settings


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
def test_readyz_is_unavailable_without_a_working_cache_and_names_no_error(settings, tmp_path):
    unwritable = tmp_path / "cache"
    unwritable.write_text("a file where the cache wants a folder")
    settings.CACHES = {"default": cache_settings(f"file://{unwritable}")}

    response = Client().get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert "Error" not in response.content.decode()


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
