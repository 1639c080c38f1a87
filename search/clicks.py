"""Result clicks: a result link on the search page opens its page through here, so the query log
learns which queries' results visitors open (search.querylog.log_click)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.models import Site

from home.text import clean_line

from .query import MAX_QUERY_LENGTH, visible_pages
from .querylog import log_click


@require_GET
@never_cache
def open_result(request, page_id):
    """Count a click for the query and send the visitor on to the page.

    Only to a page a visitor may find in this site, and only by its own URL: nothing in the
    request decides where the redirect goes, so this is no open redirect, and the id of a
    draft or private page answers as a missing one does, without a count.
    """
    page = get_object_or_404(visible_pages(Site.find_for_request(request)), pk=page_id)
    url = page.get_url(request)
    if not url:
        raise Http404
    log_click(clean_line(str(request.GET.get("q", "")))[:MAX_QUERY_LENGTH])
    return redirect(url)
