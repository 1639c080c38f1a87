"""The knowledge questions a person asked, and their posts and reports in discussions: in the
export and erasure of communities.privacy, and in the daily purge of communities.retention."""

from django.db.models import Q

from communities.privacy import accounts_under, register_address_records
from communities.retention import Retention, register_retention
from home.outgoing_mail import QueuedEmail

from .models import (
    DigestSent,
    DiscussionPreference,
    Follow,
    KnowledgeQuestion,
    Post,
    PostReport,
)


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


def _export_follows(follows):
    return [
        {
            "follows": follow.subject_name,
            "frequency": follow.frequency,
            "since": follow.created_at.isoformat(),
            "confirmed_at": follow.confirmed_at.isoformat() if follow.confirmed_at else None,
            "ip_address": follow.ip_address,
        }
        for follow in follows.select_related("community", "theme").order_by("created_at", "pk")
    ]


def _export_preferences(preferences):
    return [
        {"community": preference.community.title, "frequency": preference.frequency}
        for preference in preferences.select_related("community").order_by("pk")
    ]


def _export_emails(emails):
    return [
        {
            "subject": email.subject,
            "queued_at": email.created_at.isoformat(),
            "sent_at": email.sent_at.isoformat() if email.sent_at else None,
        }
        for email in emails.order_by("created_at", "pk")
    ]


def _emails_of(address):
    """The email to this address, and the email still waiting to be sent that has it to reply
    to (a message they wrote through Wie weet wat, in its text): once sent, an email keeps
    neither."""
    waiting = QueuedEmail.objects.filter(sent_at=None, reply_to__icontains=address)
    replying = [
        email.pk
        for email in waiting
        if address.casefold() in (reply.casefold() for reply in email.reply_to)
    ]
    return QueuedEmail.objects.filter(Q(to__iexact=address) | Q(pk__in=replying))


def _delete(rows):
    rows.delete()


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
    # The discussions, follows and the email sent about them.
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
        "follows",
        find=lambda address: Follow.objects.filter(email__iexact=address),
        export=_export_follows,
        erase=_delete,
        order=38,
    )
    register_address_records(
        "discussion_preferences",
        find=lambda address: DiscussionPreference.objects.filter(user__in=accounts_under(address)),
        export=_export_preferences,
        erase=_delete,
        order=39,
    )
    # The email the worker sends (home.outgoing_mail), and the record of digests sent.
    register_address_records(
        "emails",
        find=_emails_of,
        export=_export_emails,
        erase=_delete,
        order=41,
    )
    register_address_records(
        "digests_sent",
        find=lambda address: DigestSent.objects.filter(email__iexact=address),
        export=lambda rows: [row.period for row in rows.order_by("created_at")],
        erase=_delete,
        order=42,
    )
    register_retention(
        Retention(
            "home.QueuedEmail",
            "sent_at",
            30,
            description="email sent (address and subject), deleted",
        ),
        order=57,
    )
    # One that could not be sent, however often tried, is dropped with the sent ones.
    register_retention(
        Retention(
            "home.QueuedEmail",
            "created_at",
            30,
            only={"sent_at__isnull": True},
            description="email that could not be sent (address and text), deleted",
        ),
        order=59,
    )
    # Only the latest digest of an address counts (it dates the next one's news).
    register_retention(
        Retention(
            "exchange.DigestSent",
            "created_at",
            60,
            description="records of digests sent (address and period), deleted",
        ),
        order=58,
    )
    # A follow nobody confirmed is an address someone typed, perhaps not their own.
    register_retention(
        Retention(
            "exchange.Follow",
            "created_at",
            7,
            only={"confirmed_at__isnull": True},
            description="unconfirmed follows (email address), deleted",
        ),
        order=55,
    )
    register_retention(
        Retention(
            "exchange.Follow",
            "created_at",
            30,
            clear={"ip_address": None},
            description="IP addresses of follows, blanked",
        ),
        order=56,
    )
