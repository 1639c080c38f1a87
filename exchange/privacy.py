"""The knowledge questions a person asked: in the export and erasure of communities.privacy,
and in the daily purge of communities.retention."""

from communities.privacy import register_address_records
from communities.retention import Retention, register_retention

from .models import KnowledgeQuestion


def _export_questions_asked(questions):
    return [
        {
            "title": question.title,
            "context": question.context,
            "status": question.status,
            "asked_at": question.created_at.isoformat(),
            "answer": question.answer,
            "ip_address": question.ip_address,
        }
        for question in questions
    ]


def _erase_questions_asked(questions):
    # A question keeps its text (the community may still answer or have published it,
    # reviewed and anonymised) but no longer leads back to the asker.
    questions.update(email="", ip_address=None)


def register():
    register_address_records(
        "questions_asked",
        find=lambda address: KnowledgeQuestion.objects.filter(email__iexact=address),
        export=_export_questions_asked,
        erase=_erase_questions_asked,
        # After the join requests, before the messages sent.
        order=30,
    )
    # After the join requests' addresses, before the logins.
    register_retention(
        Retention(
            "exchange.KnowledgeQuestion",
            "created_at",
            30,
            clear={"ip_address": None},
            description="IP addresses of knowledge questions, blanked",
        ),
        order=30,
    )
    # The address is what the answer goes to; half a year after the answer (or the closing)
    # any follow-up has happened, and a question never handled keeps it a year at most.
    register_retention(
        Retention(
            "exchange.KnowledgeQuestion",
            "answered_at",
            180,
            clear={"email": ""},
            description="askers' email addresses, half a year after the answer, blanked",
        ),
        order=40,
    )
    register_retention(
        Retention(
            "exchange.KnowledgeQuestion",
            "created_at",
            365,
            clear={"email": ""},
            description="askers' email addresses of questions a year old, blanked",
        ),
        order=50,
    )
