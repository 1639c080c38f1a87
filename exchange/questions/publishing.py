"""Publishing an answered question: an anonymised page, written as a draft and sent for review."""

import re

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from search.analysis import URL_PATTERN, redact_personal_data

from ..models import QuestionAnswerLink, QuestionAnswerPage, QuestionIndexPage, QuestionStatus
from . import QuestionError
from .triage import locked

REMOVED = gettext_lazy("[verwijderd]")


def anonymise(text):
    """The text without email addresses, web addresses and phone numbers.

    Names, schools and organisations cannot be found this way: the editors read the draft
    before they approve it.
    """
    removed = str(REMOVED)
    # Every web address, not only those with parameters as in the search log: a school's site
    # names the school.
    return redact_personal_data(URL_PATTERN.sub(removed, text), placeholder=removed)


def as_rich_text(text):
    """Plain text as rich text: escaped, a paragraph per blank line, line breaks kept.

    Written out here rather than with Django's `linebreaks`, whose <br> without a slash the
    page editor's rich text converter cannot read.
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def free_slug(parent, title):
    """A slug for a new question page under `parent` that no child and no route of it uses."""
    base = slugify(title)[:80].strip("-") or "kennisvraag"
    # A child called like one of the index page's own routes could never be reached. The
    # children by path, not get_children(): that trusts the instance's child count, which is
    # stale on a parent held while a child was added.
    children = Page.objects.child_of(parent).values_list("slug", flat=True)
    taken = {"verstuurd", *children}
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def publish(question, user):
    """Write an anonymised question-and-answer page as a draft and submit it for review.

    Only with the asker's consent, and never live: the page goes through the editors' review
    (the workflow of Kennisvragen) like everything else the portal publishes.
    """
    question = locked(question)
    if question.status != QuestionStatus.ANSWERED:
        raise QuestionError(_("Alleen een beantwoorde vraag kan gepubliceerd worden."))
    if not question.consent_to_publish:
        raise QuestionError(
            _("De vraagsteller gaf geen toestemming om de vraag en het antwoord te publiceren.")
        )
    if question.answer_page_id is not None:
        raise QuestionError(_("Van deze vraag bestaat al een pagina."))
    index = QuestionIndexPage.objects.first()
    if index is None:
        raise QuestionError(_("Er is nog geen pagina Kennisvragen om de vraag onder te zetten."))

    title = anonymise(question.title)
    page = QuestionAnswerPage(
        title=title,
        slug=free_slug(index, title),
        question=anonymise(question.context),
        answer=as_rich_text(question.answer),
        community=question.assigned_community,
        owner=user,
        live=False,
    )
    page.themes = list(question.themes.all())
    page.sectors = [question.sector] if question.sector_id else []
    page.links = [
        QuestionAnswerLink(target_id=link.page_id, sort_order=order)
        for order, link in enumerate(question.answer_links.all())
    ]
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)

    question.answer_page = page
    question.save(update_fields=["answer_page"])
    return page
