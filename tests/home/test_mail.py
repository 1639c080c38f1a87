"""The portal's emails: plain text, and the same text as HTML beside it."""

from datetime import UTC, datetime

from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

import pytest

from home.mail import send_after_commit
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
