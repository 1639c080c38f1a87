"""Wagtail's opensearch2 backend with the portal's own compound words (search.engine)."""

from wagtail.search.backends.opensearch2 import OpenSearch2Index, OpenSearch2SearchBackend

from search.engine import PortalWordsIndex


class PortalWordsOpenSearch2Index(PortalWordsIndex, OpenSearch2Index):
    pass


class PortalOpenSearch2SearchBackend(OpenSearch2SearchBackend):
    index_class = PortalWordsOpenSearch2Index


SearchBackend = PortalOpenSearch2SearchBackend
