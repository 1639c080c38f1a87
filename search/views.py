"""The search page, its JSON API and autocomplete, all on the same backend-agnostic search."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from home.models import private_page_ids

from . import query as search_query
from .analysis import plain_terms
from .query import FACETS, SORTS, SearchParams
from .querylog import log_query_when_sent

MAX_SUGGESTIONS = 8


def _url_with(params, **changes):
    values = {"q": params.q, **params.filters, "sort": params.sort}
    values.update(changes)
    if values.get("sort") == "relevance":
        values.pop("sort")
    return "?" + urlencode({key: value for key, value in values.items() if value})


def _promotions(text):
    """The editors' picks for this query whose page a visitor may see, in one query."""
    picks = (
        SearchPromotion.objects.filter(
            # Normalised as the promotions admin stores it.
            query__query_string=normalise_query_string(text),
            page__live=True,
        )
        .select_related("page")
        .order_by("sort_order")
    )
    private = private_page_ids(Page)
    return [pick for pick in picks if pick.page_id not in private]


@require_GET
def search(request):
    params = SearchParams.from_querydict(request.GET)
    outcome = search_query.search(params, Site.find_for_request(request))
    facets = [
        {
            "name": facet,
            "values": [
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "selected": selected,
                    "url": _url_with(params, **{facet: "" if selected else value}),
                }
                for value, label, count, selected in outcome.facets[facet]
            ],
        }
        for facet in FACETS
    ]
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": params.q,
            "outcome": outcome,
            "search_results": outcome.page,
            "facets": facets,
            "active_filters": params.filters,
            "sorts": [
                (key, label, key == params.sort, _url_with(params, sort=key))
                for key, label in SORTS.items()
            ],
            "promotions": _promotions(params.q) if params.q else [],
            # Built here so the template translates one sentence around it.
            "spelling_link": (
                format_html(
                    '<a href="{}">{}</a>', _url_with(params, q=outcome.spelling), outcome.spelling
                )
                if outcome.spelling
                else ""
            ),
        },
    )
    return _logged(response, params, outcome)


def _logged(response, params, outcome):
    """`response`, which counts the search in the query log once sent: the first page of a
    search, not the pages after it."""
    if params.q and params.page == 1:
        log_query_when_sent(response, params.q, outcome.count)
    return response


@require_GET
def search_api(request):
    params = SearchParams.from_querydict(request.GET)
    outcome = search_query.search(params, Site.find_for_request(request))
    results = []
    for page in outcome.page.object_list:
        facts = outcome.facts[page.pk]
        results.append(
            {
                "title": page.title,
                "url": page.get_full_url(request),
                "type": facts.type,
                "snippet": outcome.snippets[page.pk],
                "community": next(iter(facts.communities.values()), None),
                "themes": sorted(facts.themes.values()),
                "date": facts.date.isoformat() if facts.date else None,
            }
        )
    response = JsonResponse(
        {
            "count": outcome.count,
            "page": outcome.page.number,
            "fallback": outcome.used_fallback,
            # A better-spelled query that finds more ("Bedoelde je"), or null.
            "spelling": outcome.spelling,
            "results": results,
            "facets": {
                facet: {value: count for value, _label, count, _sel in outcome.facets[facet]}
                for facet in FACETS
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
    return _logged(response, params, outcome)


@require_GET
def suggestions(request):
    """Titles that start like what the visitor is typing, for the search box."""
    terms = plain_terms(request.GET.get("q", ""))[: search_query.MAX_QUERY_LENGTH]
    if len(terms) < 2:
        return JsonResponse({"suggestions": []})
    site = Site.find_for_request(request)
    visible = search_query.visible_pages(site)
    try:
        pages = Page.objects.live().autocomplete(terms)[: MAX_SUGGESTIONS * 3]
        ids = [page.pk for page in pages]
    except search_query.engine_errors():
        ids = []
    titles = dict(visible.filter(pk__in=ids).values_list("pk", "title"))
    ordered = [titles[pk] for pk in ids if pk in titles][:MAX_SUGGESTIONS]
    return JsonResponse({"suggestions": ordered}, json_dumps_params={"ensure_ascii": False})
