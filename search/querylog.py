"""The query log behind the editors' report: per query and day, how often and how often in vain."""

import logging

from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from .analysis import normalise
from .models import SearchQueryDaily

logger = logging.getLogger(__name__)


def log_query(text, result_count):
    """Count one search; a failure here never fails the search itself.

    An UPDATE of today's counters first: on all but the first search of a query on a day that
    is the only write, where get-or-create-then-update would take three queries per counter.
    """
    query_text = normalise(text)[:200]
    if not query_text:
        return
    today = timezone.localdate()
    try:
        with transaction.atomic():
            counted = SearchQueryDaily.objects.filter(query_text=query_text, date=today).update(
                hits=F("hits") + 1,
                zero_result_hits=F("zero_result_hits") + (1 if result_count == 0 else 0),
            )
            if not counted:
                SearchQueryDaily.objects.create(
                    query_text=query_text,
                    date=today,
                    hits=1,
                    zero_result_hits=1 if result_count == 0 else 0,
                )
            # Wagtail's promotions admin suggests popular queries from its own counter.
            counted = QueryDailyHits.objects.filter(
                query__query_string=normalise_query_string(query_text), date=today
            ).update(hits=F("hits") + 1)
            if not counted:
                Query.get(query_text).add_hit(date=today)
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
