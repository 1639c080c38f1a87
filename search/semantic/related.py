"""'Gerelateerd' on a knowledge page: the other knowledge pages most like it, by meaning, or
when meaning has nothing to offer, the pages that share most of its themes.

A page's meaning is the mean of its chunks' vectors; the nearest pages to that mean, by their
best chunk, are the ones most like it. Like the search's vector candidates they go through the
same SQL visibility filter (search.query.visible_pages), so a private, draft or expired page is
never listed. Without the encoder or the vector index, or when no page is near enough, the
pages sharing most of its themes are listed instead, newest first among equals.

Stored per content generation and per state of the vectors (home.caching), as plain values:
a page served from that store costs no query, and a page embedded after its first view gets its
list as soon as its vectors are written.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from wagtail.search.backends import get_search_backend

import numpy as np

from home.caching import cached
from home.knowledge import knowledge_types
from home.models import ClassificationMixin

from .encoder import enabled, from_bytes, model_version
from .vectors import TOKEN_KEY, vector_index

logger = logging.getLogger(__name__)

RELATED_SHOWN = 4
# Nearest pages asked for: room for the page itself and for pages a visitor may not see.
CANDIDATES = 20
# Below this a page is not like the other at all: any page is "nearest" to some other.
MIN_SIMILARITY = 0.3


@dataclass(frozen=True)
class RelatedPage:
    """What a link in 'Gerelateerd' shows: plain values, stored as they are."""

    title: str
    url: str
    type: str  # knowledge key
    expire_at: datetime | None = None

    @property
    def type_label(self):
        model = knowledge_types().get(self.type)
        return model.knowledge_label() if model else ""


class _NothingToShow(Exception):
    """The vectors cannot answer now; nothing is stored, so a later view tries again."""


def related_pages(page, site, limit=RELATED_SHOWN):
    """Up to `limit` other knowledge pages a visitor of `site` may see that are most like
    `page`, best first, as RelatedPage values: by meaning, or when the vectors have none or
    cannot answer, those sharing most of its themes; [] when neither finds any."""
    found = _by_meaning(page, site, limit) if enabled() else []
    if not found:
        found = cached(
            f"related-themes:{site.pk}:{page.pk}", lambda: _same_themes(page, site, limit)
        )
    # Expiry is a matter of time, not of content: checked on every view.
    now = timezone.now()
    return [item for item in found if item.expire_at is None or item.expire_at > now]


def _by_meaning(page, site, limit):
    # The vectors' state: a page whose vectors arrive after it was first viewed is looked up
    # again, without waiting for the next content change.
    token = cache.get(TOKEN_KEY) or "-"
    key = hashlib.sha256(f"{model_version()}:{token}".encode()).hexdigest()[:16]
    try:
        return cached(
            f"related-pages:{site.pk}:{page.pk}:{key}", lambda: _related(page, site, limit)
        )
    except _NothingToShow:
        return []


def _related(page, site, limit):
    from search.models import PageEmbedding
    from search.query import with_fallback

    stored = PageEmbedding.objects.filter(page_id=page.pk, model_version=model_version())
    vectors = [from_bytes(vector) for vector in stored.values_list("vector", flat=True)]
    if not vectors:
        # Not embedded (yet): a new page, or the encoder was away when it was published.
        raise _NothingToShow
    mean = np.mean(vectors, axis=0)
    mean /= np.linalg.norm(mean) or 1.0
    try:
        hits, _used_fallback = with_fallback(
            lambda name: vector_index(get_search_backend(name)).nearest(mean, CANDIDATES + 1)
        )
    except Exception as error:  # the vector index: missing, a cluster without k-NN, a timeout
        logger.warning("'Gerelateerd' left empty, the vector index cannot answer: %s", error)
        raise _NothingToShow from error
    order = [pk for pk, similarity in hits if pk != page.pk and similarity >= MIN_SIMILARITY]
    return _as_related(order, site, limit)


def _same_themes(page, site, limit):
    """The visible knowledge pages sharing most of `page`'s themes, newest first among equals:
    one query per knowledge type filed under themes, then one for the pages listed."""
    from search.query import visible_pages

    if not isinstance(page, ClassificationMixin):
        return []
    themes = [theme.pk for theme in page.themes.all()]
    if not themes:
        return []
    visible = visible_pages(site).exclude(pk=page.pk).values("pk")
    scored = []
    for model in knowledge_types().values():
        if not issubclass(model, ClassificationMixin):
            continue
        scored += (
            model.objects.filter(pk__in=visible, themes__in=themes)
            # Counted over the themes joined by the filter: the shared ones only.
            .annotate(shared=Count("themes", distinct=True))
            .order_by("-shared", "-first_published_at")
            .values_list("pk", "shared", "first_published_at")[:limit]
        )
    scored.sort(key=lambda row: (row[1], row[2].timestamp() if row[2] else 0), reverse=True)
    return _as_related([pk for pk, _shared, _published in scored], site, limit)


def _as_related(order, site, limit):
    """RelatedPage values for the page ids in `order` a visitor of `site` may see, in order."""
    from search.query import visible_pages

    if not order:
        return []
    keys = {model: key for key, model in knowledge_types().items()}
    rows = {visible.pk: visible for visible in visible_pages(site).filter(pk__in=order)}
    found = []
    for pk in order:
        visible = rows.get(pk)
        if visible is None:
            continue
        model = ContentType.objects.get_for_id(visible.content_type_id).model_class()
        found.append(
            RelatedPage(
                title=visible.title,
                url=visible.get_url(),
                type=keys.get(model, ""),
                expire_at=visible.expire_at,
            )
        )
        if len(found) >= limit:
            break
    return found
