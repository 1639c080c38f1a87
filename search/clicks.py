"""Result clicks: a result or a promotion link on the search page opens its page through here, so
the query log learns which queries' results visitors open (search.querylog.log_click)."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from home.models import private_page_ids
from home.text import clean_line

from .query import MAX_QUERY_LENGTH, visible_pages
from .querylog import log_click


def promoted_page(text, page_id):
    """Page `page_id` if the editors promote it for the query `text` and a visitor may see it:
    live and public, as the search page shows promotions ("Aanbevolen"); else None."""
    pick = (
        SearchPromotion.objects.filter(
            # Normalised as the promotions admin stores it.
            query__query_string=normalise_query_string(text),
            page_id=page_id,
            page__live=True,
        )
        .select_related("page")
        .first()
    )
    if pick is None or pick.page_id in private_page_ids(Page):
        return None
    return pick.page


@require_GET
@never_cache
def open_result(request, page_id):
    """Count a click for the query and send the visitor on to the page.

    Only to a page a visitor may find in this site, or one the editors promote for this query
    (a promotion may be any page, a section for instance), and only by its own URL: nothing in
    the request decides where the redirect goes, so this is no open redirect, and the id of a
    draft or private page answers as a missing one does, without a count.
    """
    text = clean_line(str(request.GET.get("q", "")))[:MAX_QUERY_LENGTH]
    page = visible_pages(Site.find_for_request(request)).filter(pk=page_id).first()
    if page is None and text:
        page = promoted_page(text, page_id)
    url = page.get_url(request) if page is not None else None
    if not url:
        raise Http404
    log_click(text)
    return redirect(url)
