"""Wagtail's elasticsearch8 backend with the portal's index and rebuilds (search.engine)."""

from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from search.engine import portal_backend

SearchBackend = portal_backend(Elasticsearch8SearchBackend)
