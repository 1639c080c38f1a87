"""A query that failed in search, turned into a draft knowledge question: the exchange's fix in
the editors' search report (search.report_actions)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin import messages

from home.text import clean_line
from search.report_actions import register_report_action

from .models import QuestionAnswerPage, QuestionIndexPage
from .questions.publishing import anonymise, free_slug

URL_NAME = "exchange_question_from_search"
QUERY_FIELD = "zoekopdracht"


def _index_for(user):
    """Kennisvragen, if this user may add a question page there; otherwise None."""
    index = QuestionIndexPage.objects.first()
    if index is None or not QuestionAnswerPage.can_create_at(index):
        return None
    return index if index.permissions_for_user(user).can_add_subpage() else None


@transaction.atomic
def draft_question(text, index, user):
    """A question page with the query as its question, as a draft, never live: the editors
    write the answer and publish it through the review of Kennisvragen.

    An unpublished draft for the same query is reused, so a second click opens the first.
    """
    existing = QuestionAnswerPage.objects.child_of(index).filter(live=False, question=text).first()
    if existing is not None:
        return existing
    title = capfirst(text)
    page = QuestionAnswerPage(
        title=title, slug=free_slug(index, title), question=text, owner=user, live=False
    )
    index.add_child(instance=page)
    # Without validation, as the editor's "Save draft" does: the answer is not written yet.
    page.save_revision(user=user, log_action=True, clean=False)
    return page


@require_POST
def question_from_query(request):
    index = _index_for(request.user)
    if index is None:
        raise PermissionDenied
    # The report sends the query as the log stores it; redacted again, as it becomes a page.
    text = anonymise(clean_line(str(request.POST.get(QUERY_FIELD, ""))))[:255]
    if not text:
        messages.error(request, _("Er is geen zoekopdracht om een kennisvraag van te maken."))
        return redirect("search_query_report")
    page = draft_question(text, index, request.user)
    messages.success(
        request, _('Concept-kennisvraag "%(title)s" gemaakt.') % {"title": page.title}
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _admin_urls():
    return [path("kennisvragen/uit-zoekopdracht/", question_from_query, name=URL_NAME)]


def register():
    hooks.register("register_admin_urls", _admin_urls)
    register_report_action(
        "question",
        gettext_lazy("Kennisvraag openen"),
        URL_NAME,
        query_field=QUERY_FIELD,
        is_allowed=lambda user: _index_for(user) is not None,
        post=True,
        order=30,
    )
