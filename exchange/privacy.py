"""The knowledge questions a person asked, in the export and erasure of communities.privacy."""

from communities.privacy import register_address_records

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
