"""The public "Ik heb dit gebruikt" page of a practice example or a tool."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_protect

from home.abuse import client_address

from .forms import ReuseForm
from .reuse import ReuseError, already_reported, record_reuse, remember_reported, reusable_page


def _back_to(page):
    return f"{page.url}#gebruikt"


@csrf_protect
def report_reuse(request, page_id):
    """On a URL of its own, so that the result's page, served from the page cache, carries no
    form and no CSRF token."""
    page = reusable_page(page_id)
    if page is None:
        raise Http404
    reported = already_reported(request, page)
    if request.method == "POST" and reported:
        # Sent again from this browser (a second tab, the back button): it counts once, and
        # the visitor goes back to the result as the first time.
        return redirect(_back_to(page))
    form = ReuseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if form.is_spam:
                # Look successful to the bot; store nothing.
                return redirect(_back_to(page))
            try:
                record_reuse(
                    page,
                    user=request.user,
                    note=form.cleaned_data["note"],
                    ip_address=client_address(request),
                )
            except ReuseError as error:
                form.add_error(None, str(error))
            else:
                # Back to the result, where the cookie makes it say "Je hebt dit gebruikt" and
                # the count shows this report. No flash message: the public pages show none.
                response = redirect(_back_to(page))
                remember_reported(request, response, page.pk)
                return response
        status = 400
    response = TemplateResponse(
        request,
        "pages/reuse_form.html",
        {"page": page, "self": page, "form": form, "reported": reported},
        status=status,
    )
    add_never_cache_headers(response)
    return response
