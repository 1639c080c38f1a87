"""What members hear of their communities' discussions: at once, in a digest or not at all,
as they choose; every email with its one-click unsubscribe."""

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from exchange.discussions import actions
from exchange.discussions.access import Role
from exchange.following import subscriptions
from exchange.following.digests import send_digests
from exchange.following.models import Frequency
from home.outgoing_mail import QueuedEmail
from tests.exchange.discussions.helpers import client_for, deliver, reply, settle

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

    settle()
    send_digests(Frequency.DAILY)
    deliver()

    digests = {message.to[0]: message for message in mail.outbox}
    # The starter's own opening post is no news to them; the two replies are.
    assert "Hoe betrek je ouders? (2 nieuwe berichten)" in digests[members.member_a.email].body
    assert "(3 nieuwe berichten)" in digests[members.moderator_a.email].body
    assert "(1 nieuw bericht)" in digests[members.member_a2.email].body
    assert members.moderator_b.email not in digests


def test_never_stops_the_news_but_not_a_mention_or_a_reply(members, discussion):
    subscriptions.set_frequency(members.member_a, members.community, Frequency.NEVER)
    other = actions.start(members.community, members.member_a2, "Ander gesprek", "Nieuws")

    reply(other, members.moderator_a, "Meer nieuws", role=Role.MODERATOR)
    reply(discussion, members.member_a2, "Een reactie op Anna")
    reply(other, members.member_a2, "@anna-de-vries, wat vind jij?")
    settle()
    send_digests(Frequency.DAILY)
    deliver()

    to_anna = [message for message in mail.outbox if message.to == [members.member_a.email]]
    assert sorted(message.subject for message in to_anna) == [
        "Nieuwe reactie in 'Hoe betrek je ouders?'",
        "Piet Visser noemt je in een gesprek",
    ]


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
    # Not before its next attempt, a minute after the failure.
    deliver()
    assert mail.outbox == []
    QueuedEmail.objects.update(next_attempt_at=timezone.now())
    deliver()
    email.refresh_from_db()
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_someone_who_left_the_community_hears_nothing_of_it(members, discussion):
    members.member_a.groups.remove(members.community.members_group)

    reply(discussion, members.member_a2, "Een reactie op Anna's vraag")
    deliver()

    assert members.member_a.email not in [message.to[0] for message in mail.outbox]


def test_a_report_reaches_the_moderators_whatever_they_chose(members, discussion):
    subscriptions.unsubscribe(["voorkeur", members.moderator_a.pk, members.community.pk])

    actions.report(discussion.posts.get(), members.member_a2, "Klopt niet")
    deliver()

    assert [message.to for message in mail.outbox] == [[members.moderator_a.email]]
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_a_report_reaches_the_editors_when_the_community_has_no_moderator(members, discussion):
    members.moderator_a.groups.clear()

    actions.report(discussion.posts.get(), members.member_a2, "Klopt niet")
    deliver()

    assert [message.to for message in mail.outbox] == [[members.editor.email]]


def test_an_edit_mentions_each_person_once(members, discussion):
    post = reply(discussion, members.member_a2, "@anna-de-vries kijk eens")
    for text in ("zonder naam", "@anna-de-vries toch wel", "weer zonder", "@anna-de-vries!"):
        actions.edit(post, members.member_a2, text)
    deliver()

    assert [message.subject for message in mail.outbox] == ["Piet Visser noemt je in een gesprek"]


def test_email_is_written_in_the_portals_language_whatever_page_the_post_came_from(
    members, discussion
):
    client = client_for(members.member_a2)
    client.post(f"/en{reverse('discussions:detail', args=[discussion.pk])}", {"text": "Hallo"})
    deliver()

    [email] = mail.outbox
    assert email.subject == "Nieuwe reactie in 'Hoe betrek je ouders?'"
    assert "/en/" not in email.body


def test_a_digest_unsubscribe_keeps_mentions_and_replies(members, discussion):
    subscriptions.unsubscribe(["overzicht", members.member_a.email, Frequency.DAILY])

    reply(discussion, members.member_a2, "Een reactie")
    deliver()

    assert subscriptions.frequency_for(members.member_a, members.community) == Frequency.NEVER
    assert [message.to for message in mail.outbox] == [[members.member_a.email]]
