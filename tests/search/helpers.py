"""Helpers for the search tests."""

import json
import socket


def closed_port():
    """A port on this machine where nothing listens: a real, unreachable engine."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def use_engine(settings, url, index_prefix):
    """The engine at `url` as production configures it, under index names of the caller's
    own: updates through the outbox, the database backend as the fallback."""
    from portal.settings.base import DATABASE_SEARCH, engine_search_settings

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **engine_search_settings("opensearch3", url, index_prefix=index_prefix),
            "AUTO_UPDATE": False,
        },
        "fallback": DATABASE_SEARCH,
    }
    settings.SEARCH_OUTBOX_BACKENDS = ["default"]


def api(host=None, **params):
    """The search API's answer for `params`, on the site at `host` if given, which must be a
    200."""
    from django.test import Client

    headers = {"HTTP_HOST": host} if host else {}
    response = Client().get("/api/search/", params, **headers)
    assert response.status_code == 200
    return json.loads(response.content)
