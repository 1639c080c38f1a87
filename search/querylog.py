"""The query log behind the editors' report: per query and day, how often and how often in vain."""

import logging

from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query

from .analysis import normalise
from .models import SearchQueryDaily

logger = logging.getLogger(__name__)


def log_query(text, result_count):
    """Count one search; a failure here never fails the search itself."""
    query_text = normalise(text)[:200]
    if not query_text:
        return
    try:
        with transaction.atomic():
            row, _created = SearchQueryDaily.objects.get_or_create(
                query_text=query_text, date=timezone.localdate()
            )
            SearchQueryDaily.objects.filter(pk=row.pk).update(
                hits=F("hits") + 1,
                zero_result_hits=F("zero_result_hits") + (1 if result_count == 0 else 0),
            )
            # Wagtail's promotions admin suggests popular queries from its own counter.
            Query.get(query_text).add_hit()
    except DatabaseError:
        logger.warning("Could not log the search query %r", query_text, exc_info=True)


def query_report(days):
    """The most frequent queries and the queries that found nothing, over the last `days`."""
    since = timezone.localdate() - timezone.timedelta(days=days - 1)
    rows = (
        SearchQueryDaily.objects.filter(date__gte=since)
        .values("query_text")
        .annotate(hits=Sum("hits"), zero=Sum("zero_result_hits"))
    )
    frequent = rows.order_by("-hits", "query_text")[:50]
    fruitless = rows.filter(zero__gt=0).order_by("-zero", "query_text")[:50]
    return list(frequent), list(fruitless)
