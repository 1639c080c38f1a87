"""Wagtail's opensearch2 backend with the portal's index and rebuilds (search.engine)."""

from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from search.engine import portal_backend

SearchBackend = portal_backend(OpenSearch2SearchBackend)
