"""Wagtail's opensearch3 backend with the portal's index and rebuilds (search.engine)."""

from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend

from search.engine import portal_backend

SearchBackend = portal_backend(OpenSearch3SearchBackend)
