"""Following a community, a theme or the agenda by email: confirmed first, unsubscribed in one
click, and the digests of what was published."""

import time
from datetime import timedelta

from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from exchange.following import links
from exchange.following.digests import send_digests
from exchange.following.models import DigestSent, Follow, Frequency
from home.factories import ThemeFactory
from home.outgoing_mail import QueuedEmail
from resources.factories import PracticeExamplePageFactory
from tests.communities.conftest import publish
from tests.exchange.discussions.helpers import client_for, deliver, settle

pytestmark = pytest.mark.django_db


def follow_url(community):
    return f"{reverse('following:follow')}?leergemeenschap={community.pk}"


def follow_by_form(client, community, email="volger@example.org", frequency="wekelijks"):
    return client.post(follow_url(community), {"email": email, "frequency": frequency})


def test_a_visitor_follows_after_confirming_the_link_in_the_email(communities):
    response = follow_by_form(Client(), communities.a)
    deliver()

    follow = Follow.objects.get()
    assert response.status_code == 302
    assert follow.confirmed_at is None
    [email] = mail.outbox
    assert email.to == ["volger@example.org"]
    confirm_url = reverse("following:confirm", args=[follow.token])
    assert confirm_url in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["List-Unsubscribe"].startswith("<http")
    # Opening the link (a mail scanner does) confirms nothing; the button does.
    Client().get(confirm_url)
    follow.refresh_from_db()
    assert follow.confirmed_at is None
    Client().post(confirm_url)
    follow.refresh_from_db()
    assert follow.confirmed_at is not None


def test_a_member_following_with_their_own_address_needs_no_confirmation(communities, people):
    follow_by_form(client_for(people.member_a), communities.b, email=people.member_a.email)
    deliver()

    assert Follow.objects.get().confirmed_at is not None
    assert mail.outbox == []


def test_following_again_changes_the_frequency_and_stores_no_second_follow(communities):
    follow_by_form(Client(), communities.a, frequency="wekelijks")
    follow_by_form(Client(), communities.a, email="Volger@Example.org", frequency="dagelijks")

    assert list(Follow.objects.values_list("email", "frequency")) == [
        ("volger@example.org", "dagelijks")
    ]


def test_too_many_follows_for_one_address_are_refused(communities, settings):
    settings.FOLLOWS_PER_EMAIL = 1
    follow_by_form(Client(), communities.a)

    response = follow_by_form(Client(), communities.b)

    assert response.status_code == 400
    assert "veel aanmeldingen" in response.content.decode()
    assert Follow.objects.count() == 1


def test_a_bot_filling_the_hidden_field_stores_nothing(communities):
    response = Client().post(
        follow_url(communities.a),
        {"email": "bot@example.org", "frequency": "wekelijks", "website": "x"},
    )

    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_an_unknown_subject_is_not_found(db):
    assert Client().get(f"{reverse('following:follow')}?leergemeenschap=999").status_code == 404
    assert Client().get(reverse("following:follow")).status_code == 404


def confirmed_follow(communities, **values):
    return Follow.objects.create(
        email="volger@example.org",
        target="leergemeenschap",
        community=communities.a,
        confirmed_at=timezone.now() - timedelta(days=30),
        **values,
    )


def test_one_click_unsubscribes_without_a_csrf_token_and_a_get_changes_nothing(communities):
    follow = confirmed_follow(communities)
    url = links.unsubscribe_url("volger", follow.pk)
    client = Client(enforce_csrf_checks=True)

    looked = client.get(url)
    assert Follow.objects.exists()
    clicked = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert looked.status_code == 200
    assert clicked.status_code == 200
    assert not Follow.objects.exists()


def test_a_forged_unsubscribe_link_is_not_found(communities):
    follow = confirmed_follow(communities)
    url = links.unsubscribe_url("volger", follow.pk)

    response = Client().post(url.replace("/afmelden/", "/afmelden/x"))

    assert response.status_code == 404
    assert Follow.objects.exists()


def test_the_weekly_digest_lists_what_was_published_and_unsubscribes_in_one_click(
    communities,
):
    confirmed_follow(communities)
    Follow.objects.create(email="onbevestigd@example.org", target="agenda")
    page = publish(PracticeExamplePageFactory(parent=communities.a, title="Lesbrief ouders"))
    publish(PracticeExamplePageFactory(parent=communities.b, title="Elders gepubliceerd"))

    settle()
    assert send_digests(Frequency.WEEKLY) == 1
    deliver()

    [email] = mail.outbox
    assert email.to == ["volger@example.org"]
    assert "Lesbrief ouders" in email.body
    assert page.full_url in email.body
    assert "Elders gepubliceerd" not in email.body
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>")
    Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert not Follow.objects.filter(email="volger@example.org").exists()


def test_a_theme_follow_hears_of_pages_with_that_theme(communities):
    theme = ThemeFactory(name="Ouderbetrokkenheid")
    Follow.objects.create(
        email="volger@example.org",
        target="thema",
        theme=theme,
        frequency=Frequency.DAILY,
        confirmed_at=timezone.now(),
    )
    with_theme = PracticeExamplePageFactory(parent=communities.b, title="Met thema")
    with_theme.themes.add(theme)
    publish(with_theme)
    publish(PracticeExamplePageFactory(parent=communities.b, title="Zonder thema"))

    settle()
    send_digests(Frequency.DAILY)
    deliver()

    [email] = mail.outbox
    assert "Met thema" in email.body
    assert "Zonder thema" not in email.body


def test_send_digests_run_twice_sends_one_digest_per_period(communities):
    confirmed_follow(communities)
    publish(PracticeExamplePageFactory(parent=communities.a, title="Eén keer"))

    settle()
    call_command("send_digests", verbosity=0)
    call_command("send_digests", verbosity=0)
    deliver()

    assert len(mail.outbox) == 1
    assert DigestSent.objects.count() == 1


def test_send_digests_stopped_halfway_finishes_the_rest_and_repeats_nobody(communities):
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        Follow.objects.create(
            email=address,
            target="leergemeenschap",
            community=communities.a,
            confirmed_at=timezone.now(),
        )
    publish(PracticeExamplePageFactory(parent=communities.a, title="Nieuw"))

    class Crash(Exception):
        pass

    def crash_after_the_first(email):
        raise Crash(email)

    settle()
    with pytest.raises(Crash):
        send_digests(Frequency.WEEKLY, after_each=crash_after_the_first)
    assert list(QueuedEmail.objects.values_list("to", flat=True)) == ["a@example.org"]
    assert send_digests(Frequency.WEEKLY) == 2
    deliver()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]


def test_nothing_new_sends_no_digest(communities):
    confirmed_follow(communities)

    assert send_digests(Frequency.WEEKLY) == 0
    assert not DigestSent.objects.exists()


def test_unconfirmed_follows_are_purged_after_a_week(communities):
    old = Follow.objects.create(email="oud@example.org", target="agenda")
    Follow.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    Follow.objects.create(email="nieuw@example.org", target="agenda")
    confirmed = confirmed_follow(communities)
    Follow.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=60))

    call_command("purge_personal_data", verbosity=0)

    assert set(Follow.objects.values_list("email", flat=True)) == {
        "nieuw@example.org",
        "volger@example.org",
    }


def test_the_preferences_page_changes_and_stops_follows(communities):
    follow = confirmed_follow(communities)
    url = links.preferences_url("volger@example.org")

    page = Client().get(url)
    Client().post(url, {f"volg-{follow.pk}": "dagelijks"})
    follow.refresh_from_db()
    assert follow.frequency == "dagelijks"
    Client().post(url, {f"volg-{follow.pk}": "stop"})

    assert communities.a.title in page.content.decode()
    assert not Follow.objects.exists()


def test_a_forged_preferences_link_is_not_found(db):
    url = links.preferences_url("volger@example.org")

    assert Client().get(url[:-3] + "xx/").status_code == 404


def test_the_pages_lead_to_following(communities):
    theme = ThemeFactory(name="Ouderbetrokkenheid", slug="ouderbetrokkenheid")
    themed = PracticeExamplePageFactory(parent=communities.a, title="Met thema")
    themed.themes.add(theme)
    publish(themed)

    community_page = Client().get(communities.a.url).content.decode()
    search = Client().get(f"{reverse('search')}?q=thema&theme=ouderbetrokkenheid").content.decode()
    theme_form = Client().get(f"{reverse('following:follow')}?thema=ouderbetrokkenheid")

    assert f"{reverse('following:follow')}?leergemeenschap={communities.a.pk}" in community_page
    assert f"{reverse('following:follow')}?thema=ouderbetrokkenheid" in search
    assert "Volg Ouderbetrokkenheid" in theme_form.content.decode()


def test_the_form_cannot_flood_a_mailbox_or_tell_what_an_address_follows(communities):
    confirmed = confirmed_follow(communities, frequency=Frequency.WEEKLY)
    for _ in range(4):
        follow_by_form(Client(), communities.b, email="slachtoffer@example.org")
    answers = [
        follow_by_form(Client(), community, frequency="dagelijks")["Location"]
        for community in (communities.a, communities.b)
    ]
    deliver()

    # One link for the new follow, however often asked; none for the confirmed one.
    assert [message.to for message in mail.outbox] == [
        ["slachtoffer@example.org"],
        ["volger@example.org"],
    ]
    # The same answer for the follow that exists as for the one that does not.
    assert [answer.rsplit("&", 1)[1] for answer in answers] == ["verstuurd=1", "verstuurd=1"]
    confirmed.refresh_from_db()
    assert confirmed.frequency == Frequency.WEEKLY


def test_the_preferences_link_expires_after_ninety_days(communities, monkeypatch):
    confirmed_follow(communities)
    url = links.preferences_url("volger@example.org")
    fresh = Client().get(url)

    # The signature's clock, moved on: a link signed 91 days ago.
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 91 * 24 * 3600)
    expired = Client().get(url)

    assert fresh.status_code == 200
    assert expired.status_code == 410
    assert "verlopen" in expired.content.decode()


def test_a_digest_comes_once_a_period_whatever_the_hour_it_runs(communities):
    confirmed_follow(communities, frequency=Frequency.DAILY)
    publish(PracticeExamplePageFactory(parent=communities.a, title="Voor middernacht"))
    settle()
    evening = timezone.now()
    send_digests(Frequency.DAILY, now=evening)
    publish(PracticeExamplePageFactory(parent=communities.a, title="Na middernacht"))

    an_hour_later = send_digests(Frequency.DAILY, now=evening + timedelta(hours=1))
    a_day_later = send_digests(Frequency.DAILY, now=evening + timedelta(days=1))
    deliver()

    assert (an_hour_later, a_day_later) == (0, 1)
    first, second = mail.outbox
    assert "Voor middernacht" in first.body and "Na middernacht" not in first.body
    assert "Na middernacht" in second.body and "Voor middernacht" not in second.body


def test_what_is_published_in_the_last_minutes_waits_for_the_next_digest(communities):
    confirmed_follow(communities)
    publish(PracticeExamplePageFactory(parent=communities.a, title="Net gepubliceerd"))

    assert send_digests(Frequency.WEEKLY) == 0
    assert send_digests(Frequency.WEEKLY, now=timezone.now() + timedelta(minutes=10)) == 1
