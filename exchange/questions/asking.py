"""Asking a knowledge question: storing it within the rate limits, and telling the editors."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.roles import active_editors
from home.abuse import RateLimitExceeded, enforce_rate_limits
from home.mail import absolute_url
from home.outgoing_mail import send_after_commit

from ..models import KnowledgeQuestion
from . import QuestionError

MAX_QUESTIONS_PER_IP = 5
MAX_QUESTIONS_PER_EMAIL = 3


@transaction.atomic
def ask(form, ip_address):
    """Store a question from a valid AskForm and tell the editors it arrived."""
    data = form.cleaned_data
    try:
        enforce_rate_limits(
            KnowledgeQuestion.objects.all(),
            ip_address=ip_address,
            email=data["email"],
            per_address=MAX_QUESTIONS_PER_IP,
            per_email=MAX_QUESTIONS_PER_EMAIL,
            address_message=_(
                "Er zijn vanaf dit adres te veel vragen gesteld. Probeer het over een uur opnieuw."
            ),
            email_message=_(
                "Met dit e-mailadres zijn te veel vragen gesteld. "
                "Probeer het over een uur opnieuw."
            ),
        )
    except RateLimitExceeded as error:
        raise QuestionError(str(error)) from None

    question = KnowledgeQuestion(
        title=data["title"],
        context=data["context"],
        sector=data.get("sector"),
        email=data["email"],
        consent_to_publish=data.get("consent_to_publish", False),
        ip_address=ip_address,
    )
    # A cluster relation: kept in memory and written together with the question.
    question.themes = list(data.get("themes") or [])
    question.save()

    send_after_commit(
        _("Nieuwe kennisvraag: %(title)s") % {"title": question.title},
        "email/question_received.txt",
        {"question": question, "admin_url": admin_url(question)},
        active_editors().values_list("email", flat=True),
    )
    return question


def admin_url(question):
    return absolute_url(reverse("knowledge_questions:inspect", args=[question.pk]))
