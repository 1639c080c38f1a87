"""What members hear of their communities' discussions: at once, in a digest or not at all,
as they choose; every email with its one-click unsubscribe."""

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from exchange.following import subscriptions
from exchange.following.digests import send_digests
from exchange.following.models import Frequency
from home.outgoing_mail import QueuedEmail
from tests.exchange.discussions.helpers import client_for, deliver, reply

pytestmark = pytest.mark.django_db


def test_email_waits_for_the_worker_and_leaves_with_the_commit(members, discussion):
    reply(discussion, members.member_a2, "Een reactie")

    assert mail.outbox == []
    assert QueuedEmail.objects.filter(sent_at=None).count() == 1
    deliver()
    assert len(mail.outbox) == 1
    assert QueuedEmail.objects.filter(sent_at=None).count() == 0


def test_a_member_who_chose_at_once_hears_of_every_post(members, discussion):
    subscriptions.set_frequency(members.moderator_a, members.community, Frequency.IMMEDIATELY)

    reply(discussion, members.member_a2, "Nieuw bericht")
    deliver()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [members.member_a.email, members.moderator_a.email]
    )


def test_the_daily_digest_lists_the_new_posts_of_others(members, discussion):
    reply(discussion, members.member_a2, "Twee")
    reply(discussion, members.member_a2, "Drie")
    deliver()
    mail.outbox.clear()

    send_digests(Frequency.DAILY)
    deliver()

    digests = {message.to[0]: message for message in mail.outbox}
    # The starter's own opening post is no news to them; the two replies are.
    assert "Hoe betrek je ouders? (2 nieuwe berichten)" in digests[members.member_a.email].body
    assert "(3 nieuwe berichten)" in digests[members.moderator_a.email].body
    assert "(1 nieuw bericht)" in digests[members.member_a2.email].body
    assert members.moderator_b.email not in digests


def test_never_means_no_email_at_all(members, discussion):
    subscriptions.set_frequency(members.member_a, members.community, Frequency.NEVER)

    reply(discussion, members.member_a2, "@anna-de-vries, wat vind jij?")
    send_digests(Frequency.DAILY)
    deliver()

    assert members.member_a.email not in [message.to[0] for message in mail.outbox]


def test_one_click_in_a_discussion_email_stops_that_communitys_email(members, discussion):
    reply(discussion, members.member_a2, "Eerste")
    deliver()
    [email] = mail.outbox
    url = email.extra_headers["List-Unsubscribe"].strip("<>")

    Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    mail.outbox.clear()
    reply(discussion, members.member_a2, "Tweede")
    deliver()

    assert subscriptions.frequency_for(members.member_a, members.community) == Frequency.NEVER
    assert mail.outbox == []


def test_a_member_sets_how_often_from_the_preferences_page(members, discussion):
    response = client_for(members.member_a).get(reverse("following:my_preferences"))
    url = response["Location"]

    page = Client().get(url)
    Client().post(url, {f"gemeenschap-{members.community.pk}": "wekelijks"})

    assert members.community.title in page.content.decode()
    assert subscriptions.frequency_for(members.member_a, members.community) == "wekelijks"


def test_a_mail_server_that_is_down_keeps_the_email_for_the_next_round(
    members, discussion, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    reply(discussion, members.member_a2, "Even wachten")

    deliver()

    email = QueuedEmail.objects.get()
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver()
    email.refresh_from_db()
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
