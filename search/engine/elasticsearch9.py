"""Wagtail's elasticsearch9 backend with the portal's index and rebuilds (search.engine)."""

from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.engine import portal_backend

SearchBackend = portal_backend(Elasticsearch9SearchBackend)
