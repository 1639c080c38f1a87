"""The query log behind the editors' report: per query and day, how often, how often in vain
and how often a visitor opened a result.

Visitors type email addresses and phone numbers into the search box too: the log stores each
query with those redacted (search.analysis.redact_personal_data), never as typed.
"""

import logging

from django.db import DatabaseError, IntegrityError
from django.db.models import F, Sum
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from home.text import clean_text
from home.transactions import savepoint_if_needed

from .analysis import normalise, redact_personal_data
from .models import SearchQueryDaily

logger = logging.getLogger(__name__)


def log_query(text, result_count):
    """Count one search; a failure here never fails the search itself.

    An UPDATE of today's counters first: on all but the first search of a query on a day that
    is the only write, where get-or-create-then-update would take three queries per counter.
    The two counters need not stand or fall together, so in autocommit they take no
    transaction: a search page stays within its fifteen queries (docs/performance.md).
    """
    query_text = logged_text(text)
    if not query_text:
        return
    today = timezone.localdate()
    counters = {
        "hits": F("hits") + 1,
        "zero_result_hits": F("zero_result_hits") + (1 if result_count == 0 else 0),
    }
    try:
        with savepoint_if_needed():
            today_of_query = SearchQueryDaily.objects.filter(query_text=query_text, date=today)
            if not today_of_query.update(**counters):
                try:
                    with savepoint_if_needed():
                        SearchQueryDaily.objects.create(
                            query_text=query_text,
                            date=today,
                            hits=1,
                            zero_result_hits=1 if result_count == 0 else 0,
                        )
                except IntegrityError:
                    # Another worker counted the day's first search of this query meanwhile.
                    today_of_query.update(**counters)
            # Wagtail's promotions admin suggests popular queries from its own counter.
            counted = QueryDailyHits.objects.filter(
                query__query_string=normalise_query_string(query_text), date=today
            ).update(hits=F("hits") + 1)
            if not counted:
                Query.get(query_text).add_hit(date=today)
    except DatabaseError:
        logger.warning("Could not log the search query %r", query_text, exc_info=True)


def log_query_when_sent(response, text, result_count):
    """Count the search (log_query) once `response` has gone out: the WSGI server closes a
    response after sending it, so the visitor does not wait for the counters' writes. Returns
    `response`."""
    close = response.close

    def count_then_close():
        try:
            log_query(text, result_count)
        finally:
            close()

    response.close = count_then_close
    return response


def log_click(text):
    """Count that a visitor opened a result of `text`; never fails the visitor's click.

    Only a query searched today gets the click: a link to the click view made up elsewhere
    cannot add queries to the report, and a click that comes just after midnight is lost.
    """
    query_text = logged_text(text)
    if not query_text:
        return
    try:
        with savepoint_if_needed():
            SearchQueryDaily.objects.filter(
                query_text=query_text, date=timezone.localdate()
            ).update(clicks=F("clicks") + 1)
    except DatabaseError:
        logger.warning("Could not count a click for %r", query_text, exc_info=True)


def logged_text(text):
    """A query as the log stores it: normalised, personal data redacted, at most 200 long.

    Normalised first: its compatibility folding turns look-alikes (a full-width at sign or
    digits, a non-breaking hyphen) into what the patterns know.
    """
    return redact_personal_data(normalise(clean_text(text)))[:200]


def redact_logged_queries(daily_model, query_model, daily_hits_model, promotion_model):
    """Redact the queries logged before redaction, in the portal's log and in Wagtail's.

    Takes the models, so the data migration can pass its historical ones. Queries that become
    the same (two addresses on one day) are merged into one row, their counts added up, as the
    unique constraints want. Returns how many logged queries changed.
    """
    changed = 0
    for pk, query_text in list(daily_model.objects.values_list("pk", "query_text")):
        redacted = logged_text(query_text)
        if redacted == query_text:
            continue
        changed += 1
        row = daily_model.objects.get(pk=pk)
        same = daily_model.objects.filter(query_text=redacted, date=row.date).first()
        if same is None:
            row.query_text = redacted
            row.save(update_fields=["query_text"])
        else:
            same.hits += row.hits
            same.zero_result_hits += row.zero_result_hits
            same.save(update_fields=["hits", "zero_result_hits"])
            row.delete()

    for pk, query_string in list(query_model.objects.values_list("pk", "query_string")):
        # Normalised as Wagtail's Query.save() does, which a historical model does not run.
        redacted = normalise_query_string(logged_text(query_string))
        if redacted == query_string:
            continue
        changed += 1
        same = query_model.objects.filter(query_string=redacted).first()
        if same is None:
            query_model.objects.filter(pk=pk).update(query_string=redacted)
            continue
        for day in daily_hits_model.objects.filter(query_id=pk):
            counted = daily_hits_model.objects.filter(query=same, date=day.date).update(
                hits=F("hits") + day.hits
            )
            if not counted:
                daily_hits_model.objects.create(query=same, date=day.date, hits=day.hits)
        promotion_model.objects.filter(query_id=pk).update(query=same)
        query_model.objects.filter(pk=pk).delete()
    return changed


# The lists of queries that need a fix are short: the report searches again for each of them,
# once per content generation (search.query.visible_count).
FIX_LIST_LENGTH = 20


def _totals(days):
    """Per query over the last `days`: its searches, those in vain, and results opened."""
    since = timezone.localdate() - timezone.timedelta(days=days - 1)
    return (
        SearchQueryDaily.objects.filter(date__gte=since)
        .values("query_text")
        .annotate(hits=Sum("hits"), zero=Sum("zero_result_hits"), clicks=Sum("clicks"))
    )


def fruitless_queries(days, limit=FIX_LIST_LENGTH):
    """The queries that found nothing over the last `days`, the most often first."""
    return list(_totals(days).filter(zero__gt=0).order_by("-zero", "query_text")[:limit])


def query_report(days):
    """Over the last `days`: the most frequent queries, the queries that found nothing, and
    the queries that found something whose results nobody opened."""
    rows = _totals(days)
    frequent = rows.order_by("-hits", "query_text")[:50]
    fruitless = fruitless_queries(days)
    unopened = (
        rows.annotate(found=F("hits") - F("zero"))
        .filter(found__gt=0, clicks=0)
        .order_by("-found", "query_text")[:FIX_LIST_LENGTH]
    )
    return list(frequent), fruitless, list(unopened)
