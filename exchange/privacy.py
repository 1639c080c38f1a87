"""The knowledge questions a person asked, and their posts and reports in discussions: in the
export and erasure of communities.privacy, and in the daily purge of communities.retention."""

from communities.privacy import accounts_under, register_address_records
from communities.retention import Retention, register_retention

from .models import KnowledgeQuestion, Post, PostReport


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


def _export_posts(posts):
    return [
        {
            "community": post.discussion.community.title,
            "discussion": post.discussion.title,
            "text": post.text,
            "attachments": [document.title for document in post.attachments.all()],
            "written_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "removed": post.is_removed,
        }
        for post in posts.select_related("discussion__community")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    ]


def _erase_posts(posts):
    # The conversation keeps its posts, from "voormalig lid": taking them out would leave the
    # replies to them answering nothing. Their words stay; who wrote them does not.
    posts.update(author=None)


def _export_reports(reports):
    return [
        {
            "discussion": report.post.discussion.title,
            "reason": report.reason,
            "reported_at": report.created_at.isoformat(),
        }
        for report in reports.select_related("post__discussion").order_by("created_at", "pk")
    ]


def _erase_reports(reports):
    reports.update(reporter=None)


def register():
    register_address_records(
        "discussion_posts",
        find=lambda address: Post.objects.filter(author__in=accounts_under(address)),
        export=_export_posts,
        erase=_erase_posts,
        # Before the account, through which they are found.
        order=36,
    )
    register_address_records(
        "post_reports",
        find=lambda address: PostReport.objects.filter(reporter__in=accounts_under(address)),
        export=_export_reports,
        erase=_erase_reports,
        order=37,
    )
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
