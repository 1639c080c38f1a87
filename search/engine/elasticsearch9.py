"""Wagtail's elasticsearch9 backend with the portal's own compound words (search.engine)."""

from wagtail.search.backends.elasticsearch9 import Elasticsearch9Index, Elasticsearch9SearchBackend

from search.engine import PortalWordsIndex


class PortalWordsElasticsearch9Index(PortalWordsIndex, Elasticsearch9Index):
    pass


class PortalElasticsearch9SearchBackend(Elasticsearch9SearchBackend):
    index_class = PortalWordsElasticsearch9Index


SearchBackend = PortalElasticsearch9SearchBackend
