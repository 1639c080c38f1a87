"""The count, the facets and the newest-first order of a search on a database backend, in SQL.

The tiers rank the best MAX_CANDIDATES pages (search.query.tiered_ids); a broad query matches
many more. What the tiers match stays a subquery here: one full-text condition that any tier's
query satisfies. One statement then counts every visible match within the active filters and
tallies all five facets over them, as GROUP BYs over a common table expression, so that neither
the matches nor their themes, sectors and communities are read into Python. The newest-first
order is one more query over the same condition, for the ten ids of the page asked for.

On an engine that refused the one-request search (search.engine_search.EngineSearchError), the
condition is the ids it returned instead (all_matching_ids); the rest is the same.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, DateField, F, IntegerField, Q, When
from django.db.models.functions import ExtractYear
from django.db.models.lookups import Exact

from home import wagtail_overrides
from home.caching import cached
from home.knowledge import knowledge_types

from .query import (
    ENGINE_MAX_IDS,
    FACETS,
    AnyOf,
    any_of,
    date_column,
    facet_field,
    link_columns,
    linked_rows,
    searchable_pages,
    sees_inside_words,
    stored_filters,
    through_indexes,
    visible_pages,
    without_nested_loops,
)

# Matches nothing: a filter value no page can have, a search that found nothing.
NOTHING = Q(pk__in=[])
# How long a search's count and facets are stored (stored_tallies), and until content
# changes: never long after the index changes, whose entries may be written a moment after
# the change that started a new content generation.
TALLIES_SECONDS = 60


def match_condition(backend, ranking, found_by_words=frozenset()):
    """A condition on Page that every page the tiers of `ranking` match on `backend` meets, and
    every page `ranking` holds (the nearest pages by meaning among them). `found_by_words`:
    the ids the tiers ranked, which their own condition already covers."""
    if ranking.complete or not ranking.queries:
        return Q(AnyOf(F("pk"), ranking.ids)) if ranking.ids else NOTHING
    if sees_inside_words(backend):
        return Q(AnyOf(F("pk"), all_matching_ids(backend, ranking, searchable_pages())))
    query = any_of(ranking.queries)
    matched = backend.search(query, searchable_pages(), order_by_relevance=False)
    # On PostgreSQL from the index entries alone (home.wagtail_overrides.database_matches).
    matches = wagtail_overrides.database_matches(matched)
    if matches is None:
        matches = matched.get_queryset().values("pk")
    condition = Q(pk__in=matches)
    # Only the pages no tier found need naming: a thousand ids beside the subquery cost a
    # comparison with each of them for every page the subquery leaves out.
    nearest = [pk for pk in ranking.ids if pk not in found_by_words]
    return condition | Q(AnyOf(F("pk"), nearest)) if nearest else condition


def all_matching_ids(backend, ranking, queryset):
    """Every id of `queryset` that the tiers of `ranking` match on the engine `backend`, as many
    as it returns in one request per tier, with the ids `ranking` holds (the vectors' among
    them): the condition when the engine refused the one-request search and a tier found more
    than the ranking keeps."""
    ids = dict.fromkeys(ranking.ids)
    for query in ranking.queries:
        results = backend.search(query, queryset, order_by_relevance=False)
        ids.update(dict.fromkeys(wagtail_overrides.engine_page_ids(results, ENGINE_MAX_IDS)))
    return list(ids)


def _content_type_ids(models):
    """Knowledge type name → its content type's id."""
    found = ContentType.objects.get_for_models(*models.values())
    return {name: found[model].pk for name, model in models.items()}


def _by_type(models, expression_of, output_field):
    """One column over all knowledge types: per page, its type's `expression_of(model)`."""
    type_ids = _content_type_ids(models)
    return Case(
        *(
            When(content_type_id=type_ids[name], then=expression_of(model))
            for name, model in models.items()
        ),
        output_field=output_field,
    )


def day_column(models):
    """The day that dates each page (search.query.date_column), over all knowledge types."""
    return _by_type(models, date_column, DateField())


def year_column(models):
    return _by_type(models, lambda model: ExtractYear(date_column(model)), IntegerField())


def _having(facet, value, models):
    """The pages whose `facet` holds `value`, as the index stores it (stored_filters)."""
    if facet == "type":
        type_ids = _content_type_ids(models)
        return Q(content_type_id=type_ids[value]) if value in type_ids else NOTHING
    if not value.isdigit():
        return NOTHING
    if facet == "year":
        return Q(Exact(year_column(models), int(value)))
    condition = NOTHING
    for name, model in models.items():
        field_name = facet_field(model, facet)
        if field_name == "self":
            condition |= Q(content_type_id=_content_type_ids(models)[name], pk=int(value))
        elif field_name is not None:
            rows, page_column, related_column = link_columns(model, field_name)
            pages = rows.filter(**{related_column: int(value)}).values(page_column)
            condition |= Q(pk__in=pages)
    return condition


def filter_condition(params):
    """The active facet filters as a condition on Page."""
    models = knowledge_types()
    condition = Q()
    for facet, value in stored_filters(params).items():
        condition &= _having(facet, value, models)
    return condition


def _sql(queryset):
    return queryset.query.sql_with_params()


def tallies(params, site, condition):
    """facet → {value: count} over every visible page that meets `condition` within the active
    filters, in one statement; values as the engine's buckets have them (ids for themes,
    sectors and communities, type names, years), for search.query.labelled_facet_lists."""
    models = knowledge_types()
    counts = {facet: {} for facet in FACETS}
    matched = (
        visible_pages(site)
        .filter(condition, filter_condition(params))
        .values_list("pk", "content_type_id", year_column(models))
        .order_by()
    )
    try:
        matched_sql, sql_params = _sql(matched)
    except EmptyResultSet:
        return counts
    tables = [f"matched (id, type_id, year) AS ({matched_sql})"]
    sql_params = list(sql_params)
    selects = [
        "SELECT 'type', type_id, COUNT(*) FROM matched GROUP BY type_id",
        "SELECT 'year', year, COUNT(*) FROM matched WHERE year IS NOT NULL GROUP BY year",
    ]
    select_params = []
    type_ids = _content_type_ids(models)
    for facet in FACETS:
        if facet in ("type", "year"):
            continue
        for name, model in models.items():
            field_name = facet_field(model, facet)
            if field_name is None:
                continue
            if field_name == "self":
                selects.append(f"SELECT '{facet}', id, 1 FROM matched WHERE type_id = %s")
                select_params.append(type_ids[name])
                continue
            # Each type's links joined to its own matches only: one lookup per match, not one
            # in every type's link table.
            links = f"{facet}_{len(tables)}"
            link_sql, link_params = _sql(linked_rows(model, field_name))
            tables.append(f"{links} (page_id, value) AS ({link_sql})")
            sql_params += link_params
            selects.append(
                f"SELECT '{facet}', {links}.value, COUNT(*) FROM matched JOIN {links} "
                f"ON {links}.page_id = matched.id WHERE matched.type_id = %s "
                f"GROUP BY {links}.value"
            )
            select_params.append(type_ids[name])
    statement = f"WITH {', '.join(tables)} {' UNION ALL '.join(selects)}"
    names = {type_id: name for name, type_id in type_ids.items()}
    with through_indexes(matched.db), connections[matched.db].cursor() as cursor:
        without_nested_loops(matched.db)
        cursor.execute(statement, [*sql_params, *select_params])
        rows = cursor.fetchall()
    for facet, value, count in rows:
        key = names.get(int(value)) if facet == "type" else str(int(value))
        if key is not None:
            counts[facet][key] = counts[facet].get(key, 0) + count
    return counts


def stored_tallies(params, site, backend, ranking, condition):
    """tallies() of `condition`, the match_condition() of `ranking`, stored until content
    changes: paging through a search's results, or asking it again, counts nothing anew, as
    the engine's request cache answers its count and facets.

    Stored under what the condition is made of: the backend, the tiers' queries as modelsearch
    writes them and the ids ranked (any found by meaning among them; those the words found are
    matched anyway), with the site and the active filters. A content generation ends when a page
    expires (home.caching), so no count holds a page past its expiry time.
    """
    described = repr(
        (
            type(backend).__module__,
            type(backend).__qualname__,
            site.pk,
            sorted(stored_filters(params).items()),
            [repr(query) for query in ranking.queries],
            ranking.complete,
            sorted(ranking.ids),
        )
    )
    key = hashlib.sha256(described.encode()).hexdigest()
    return cached(
        f"search-tallies:{key}",
        lambda: tallies(params, site, condition),
        timeout=TALLIES_SECONDS,
        # As many as there are searches: in the shared cache alone.
        in_process=False,
    )


def visible_among(params, site, ids):
    """Those of `ids` a visitor may find within the active filters, as a set."""
    if not ids:
        return set()
    pages = visible_pages(site).filter(AnyOf(F("pk"), ids), filter_condition(params))
    return set(pages.values_list("pk", flat=True))


def newest_ids(params, site, condition, start, stop):
    """The ids of the visible pages that meet `condition` within the active filters, newest
    first, from `start` to `stop`."""
    pages = (
        visible_pages(site)
        .filter(condition, filter_condition(params))
        .annotate(day=day_column(knowledge_types()))
        .order_by(F("day").desc(nulls_last=True), "-pk")
    )
    with through_indexes(pages.db):
        return list(pages.values_list("pk", flat=True)[start:stop])
