"""The portal's emails: plain text, and the same text as HTML beside it."""

from django.core import mail
from django.test import override_settings

import pytest

from home.mail import send_after_commit


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
