"""Triage of knowledge questions in the admin: assigning, answering and closing, each emailed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from communities.membership import community_handlers
from communities.roles import active_editors
from communities.visibility import may_see_page, public_pages
from home.mail import absolute_url
from home.outgoing_mail import send_after_commit

from ..models import AnswerLink, KnowledgeQuestion, QuestionStatus
from . import QuestionError
from .access import is_open
from .asking import admin_url


def locked(question):
    """The question as stored, locked until the transaction ends: two handlers at once must
    not both answer it, nor both publish it."""
    return KnowledgeQuestion.objects.select_for_update().get(pk=question.pk)


def _require_open(question):
    if not is_open(question):
        raise QuestionError(
            _("Deze vraag is al %(status)s.") % {"status": question.get_status_display().lower()}
        )


@transaction.atomic
def assign(question, user, community=None, expert=None):
    """Hand the question to a community (its moderators) or an expert, and tell them."""
    if community is None and expert is None:
        raise QuestionError(_("Kies een leergemeenschap of een expert."))
    if expert is not None and not expert.email:
        raise QuestionError(_("Van deze persoon is geen e-mailadres bekend."))
    question = locked(question)
    _require_open(question)
    if community is not None:
        question.assigned_community = community
    if expert is not None:
        question.assigned_expert = expert
    question.status = QuestionStatus.ASSIGNED
    question.save(update_fields=["assigned_community", "assigned_expert", "status"])

    if community is not None:
        send_after_commit(
            _("Kennisvraag voor %(community)s") % {"community": community.title},
            "email/question_assigned_community.txt",
            {"question": question, "community": community, "admin_url": admin_url(question)},
            community_handlers(community).values_list("email", flat=True),
        )
    if expert is not None:
        # The expert replies to the one who asked them, never to the asker, whose address
        # only the editors see; that handler then answers through the portal.
        reply_to = (
            [user.email] if user.email else list(active_editors().values_list("email", flat=True))
        )
        send_after_commit(
            _("Een vraag voor jou: %(title)s") % {"title": question.title},
            "email/question_assigned_expert.txt",
            {"question": question, "expert": expert, "handler": user},
            [expert.email],
            reply_to=reply_to or None,
        )
    return question


def _unusable_pages(pages):
    """The pages among `pages` that a visitor cannot open: draft, expired or private."""
    usable = set(
        public_pages(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list(
            "pk", flat=True
        )
    )
    return [page for page in pages if page.pk not in usable]


@transaction.atomic
def answer(question, user, text, pages=()):
    """Record the answer with the existing knowledge it points to, and email it to the asker."""
    text = (text or "").strip()
    if not text:
        raise QuestionError(_("Schrijf een antwoord."))
    pages = list(dict.fromkeys(pages))
    unusable = _unusable_pages(pages)
    if unusable:
        # Any page id can be sent: name the pages only if the user may see them all.
        if all(may_see_page(user, page) for page in unusable):
            raise QuestionError(
                _("Verwijs alleen naar gepubliceerde, openbare pagina's; niet naar: %(titles)s.")
                % {"titles": ", ".join(page.title for page in unusable)}
            )
        raise QuestionError(_("Verwijs alleen naar gepubliceerde, openbare pagina's."))
    question = locked(question)
    _require_open(question)
    if not question.email:
        # Blanked by the retention command (purge_personal_data): nobody to send it to.
        raise QuestionError(
            _(
                "Het e-mailadres van de vraagsteller is na de bewaartermijn gewist, dus het "
                "antwoord kan niet verstuurd worden. Sluit de vraag."
            )
        )
    question.answer = text
    question.answered_at = timezone.now()
    question.answered_by = user
    question.status = QuestionStatus.ANSWERED
    question.answer_links = [
        AnswerLink(page=page, sort_order=order) for order, page in enumerate(pages)
    ]
    question.save()

    send_after_commit(
        _("Antwoord op je vraag: %(title)s") % {"title": question.title},
        "email/question_answered.txt",
        {
            "question": question,
            "links": [(page.title, absolute_url(page.url)) for page in pages],
        },
        [question.email],
    )
    return question


@transaction.atomic
def close(question, user, message=""):
    """Close the question without an answer; the asker hears why only if there is a message."""
    question = locked(question)
    _require_open(question)
    question.status = QuestionStatus.CLOSED
    question.answered_by = user
    question.answered_at = timezone.now()
    question.save(update_fields=["status", "answered_by", "answered_at"])
    message = (message or "").strip()
    if message:
        send_after_commit(
            _("Je vraag: %(title)s") % {"title": question.title},
            "email/question_closed.txt",
            {"question": question, "message": message},
            [question.email],
        )
    return question
