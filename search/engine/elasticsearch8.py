"""Wagtail's elasticsearch8 backend with the portal's own compound words (search.engine)."""

from wagtail.search.backends.elasticsearch8 import Elasticsearch8Index, Elasticsearch8SearchBackend

from search.engine import PortalWordsIndex


class PortalWordsElasticsearch8Index(PortalWordsIndex, Elasticsearch8Index):
    pass


class PortalElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    index_class = PortalWordsElasticsearch8Index


SearchBackend = PortalElasticsearch8SearchBackend
