"""The search page: one query across every published page on the configured backend."""

from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, Site
from wagtail.search.query import Or, PlainText

from home.listing import paginate

from .analysis import expand_query

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search_query(text):
    """The visitor's words, OR-ed with their synonym variants.

    Engines also apply the synonyms in their analyzer, so there this only repeats what they
    match anyway; the database backend finds synonyms through it alone.
    """
    alternatives = [PlainText(variant) for variant in expand_query(text)]
    if not alternatives:
        return text
    return Or([PlainText(text), *alternatives])


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        # Wagtail's root page is live but has no URL; only pages of this site are results.
        site = Site.find_for_request(request)
        results = Page.objects.live().public().in_site(site).specific().search(search_query(query))
        Query.get(query).add_hit()
    page = paginate(request, results, per_page=RESULTS_PER_PAGE)
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )
