"""Wagtail's opensearch3 backend with the portal's own compound words (search.engine)."""

from wagtail.search.backends.opensearch3 import OpenSearch3Index, OpenSearch3SearchBackend

from search.engine import PortalWordsIndex


class PortalWordsOpenSearch3Index(PortalWordsIndex, OpenSearch3Index):
    pass


class PortalOpenSearch3SearchBackend(OpenSearch3SearchBackend):
    index_class = PortalWordsOpenSearch3Index


SearchBackend = PortalOpenSearch3SearchBackend
