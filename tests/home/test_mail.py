"""The portal's emails: plain text, and the same text as HTML beside it."""

from datetime import UTC, datetime

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

import pytest

from home.outgoing_mail import BATCH_SIZE, QueuedEmail, send_after_commit, send_queued
from home.templatetags.portal_tags import portal_time


@pytest.mark.django_db
@override_settings(BASE_URL="https://leergemeenschappen.example.nl")
def test_an_email_has_a_plain_text_part_and_the_same_text_as_html(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(
            "Nieuwe kennisvraag: <b>Ouders</b>",
            "email/question_received.txt",
            {
                "question": {"title": "Hoe <script>betrekken</script> we ouders?", "context": "x"},
                "admin_url": "https://leergemeenschappen.example.nl/admin/kennisvragen/1/",
            },
            ["redactie@example.org", ""],
        )

    (message,) = mail.outbox
    assert message.to == ["redactie@example.org"]
    # From the portal by name, not from a bare address.
    assert message.from_email == "Leergemeenschappen <noreply@localhost>"
    assert "Vraag: Hoe <script>betrekken</script> we ouders?" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="nl">' in html
    # The words of whoever wrote them, escaped; the links clickable; the portal's name on top.
    assert "Hoe &lt;script&gt;betrekken&lt;/script&gt; we ouders?" in html
    assert "<script>" not in html
    assert "<title>Nieuwe kennisvraag: &lt;b&gt;Ouders&lt;/b&gt;</title>" in html
    assert (
        '<a href="https://leergemeenschappen.example.nl/admin/kennisvragen/1/" rel="nofollow">'
        in html
    )
    assert '<a href="https://leergemeenschappen.example.nl/"' in html
    assert ">Leergemeenschappen</a>" in html
    assert html.count("<p>") >= 3


@pytest.mark.django_db
def test_nothing_is_sent_without_an_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit("Onderwerp", "email/question_received.txt", {}, ["", None])

    assert mail.outbox == []


def queue_join_request_email(recipients, reply_to=None, secret_link=False):
    send_after_commit(
        "Aanvraag voor Samen leren",
        "email/question_received.txt",
        {"question": {"title": "Mag ik meedoen?", "context": "x"}, "admin_url": "/admin/"},
        recipients,
        reply_to=reply_to,
        secret_link=secret_link,
    )


@pytest.mark.django_db
def test_an_email_is_queued_with_the_change_and_goes_at_once_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_join_request_email(
            ["a@example.org", "b@example.org", "a@example.org"], reply_to=["c@example.org"]
        )

    # One email each, so that no one learns who else got it; a repeated address once.
    assert [(message.to, message.reply_to) for message in mail.outbox] == [
        (["a@example.org"], ["c@example.org"]),
        (["b@example.org"], ["c@example.org"]),
    ]
    assert QueuedEmail.objects.filter(sent_at=None).count() == 0
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [
        email.message_id for email in QueuedEmail.objects.order_by("pk")
    ]
    # Sent, an email keeps its address, subject and times, not the words or the reply-to
    # address, which may be someone else's.
    assert list(QueuedEmail.objects.order_by("pk").values_list("to", "body", "reply_to")) == [
        ("a@example.org", "", []),
        ("b@example.org", "", []),
    ]


@pytest.mark.django_db
def test_an_email_announcing_what_was_rolled_back_is_never_queued_or_sent(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_join_request_email(["a@example.org"])
        raise RuntimeError("the change fails after the email was written")

    assert mail.outbox == []
    assert not QueuedEmail.objects.exists()


@pytest.mark.django_db
def test_an_email_the_mail_server_refuses_after_the_commit_waits_for_the_worker(
    django_capture_on_commit_callbacks, settings
):
    # Nothing listens on the discard port: the connection is refused, as by a server that is
    # down. The request that queued the email does not fail for it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        queue_join_request_email(["a@example.org"], reply_to=["c@example.org"])

    email = QueuedEmail.objects.get()
    assert (email.sent_at, email.attempts) == (None, 1)
    assert "refused" in email.last_error.lower()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    QueuedEmail.objects.update(next_attempt_at=timezone.now())
    assert send_queued() == 1
    (message,) = mail.outbox
    assert (message.to, message.reply_to) == (["a@example.org"], ["c@example.org"])
    # The same Message-ID as the attempt that failed, as any resend of it would carry.
    assert message.message()["Message-ID"] == email.message_id
    assert send_queued() == 0


@pytest.mark.django_db
def test_an_email_with_a_secret_link_is_sent_after_the_commit_and_never_stored(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_join_request_email(["a@example.org"], secret_link=True)

    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    assert not QueuedEmail.objects.exists()


@pytest.mark.django_db
def test_an_email_with_a_secret_link_the_mail_server_refuses_is_logged_and_not_stored(
    django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    # The change is committed: the request that made it does not fail for its email.
    with django_capture_on_commit_callbacks(execute=True):
        queue_join_request_email(["a@example.org"], secret_link=True)

    assert not QueuedEmail.objects.exists()
    assert "Email with a personal link not sent: Aanvraag voor Samen leren" in caplog.text


@pytest.mark.django_db
def test_the_worker_sends_batch_after_batch_in_one_round():
    # Queued by requests that died before their commit's sending: all left to the worker.
    queue_join_request_email([f"lid{number}@example.org" for number in range(BATCH_SIZE + 50)])
    assert mail.outbox == []

    call_command("send_queued_mail", verbosity=0)

    assert len(mail.outbox) == BATCH_SIZE + 50
    assert not QueuedEmail.objects.filter(sent_at=None).exists()
    assert len({message.message()["Message-ID"] for message in mail.outbox}) == BATCH_SIZE + 50


@pytest.mark.parametrize(
    "moment, language, written",
    [
        # Winter and summer time: the zone is named, so a reader abroad can tell.
        (datetime(2026, 12, 7, 14, 9, tzinfo=UTC), "nl", "7 december 2026 15:09 (CET)"),
        (datetime(2026, 6, 1, 8, 30, tzinfo=UTC), "nl", "1 juni 2026 10:30 (CEST)"),
        (datetime(2026, 12, 7, 14, 9, tzinfo=UTC), "en", "Dec. 7, 2026, 3:09 p.m. (CET)"),
    ],
)
def test_an_email_gives_a_time_in_dutch_time_with_its_zone(moment, language, written):
    # Whatever zone is active where the email is written (an admin user's own, say).
    with translation.override(language), timezone.override("UTC"):
        assert portal_time(moment) == written
