"""Guessed passwords: both login forms lock an account, and an address, after repeated failures."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessLog

LOGIN_FORMS = ["/account/inloggen/", "/admin/login/"]


def log_in(url, username, password, address="192.0.2.10", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    return client.post(url, {"username": username, "password": password})


def logged_in(response):
    return "_auth_user_id" in response.client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(people, url):
    for _attempt in range(4):
        assert log_in(url, "lid-a", "geraden").status_code == 200

    fifth = log_in(url, "lid-a", "geraden")
    right_password = log_in(url, "lid-a", "wachtwoord-123")

    assert fifth.status_code == 429
    assert right_password.status_code == 429
    assert not logged_in(right_password)
    page = right_password.content.decode()
    assert "Te veel mislukte pogingen om in te loggen" in page
    assert "Probeer het over 15 minuten opnieuw" in page


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off(people):
    for _attempt in range(5):
        log_in("/account/inloggen/", "lid-a", "geraden")
    assert log_in("/account/inloggen/", "lid-a", "wachtwoord-123").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in("/account/inloggen/", "lid-a", "wachtwoord-123")

    assert response.status_code == 302
    assert logged_in(response)


@pytest.mark.django_db
def test_a_successful_login_clears_the_count(people):
    for _attempt in range(4):
        log_in("/account/inloggen/", "lid-a", "geraden")
    assert logged_in(log_in("/account/inloggen/", "lid-a", "wachtwoord-123"))

    for _attempt in range(4):
        log_in("/account/inloggen/", "lid-a", "geraden")

    assert logged_in(log_in("/account/inloggen/", "lid-a", "wachtwoord-123"))


@pytest.mark.django_db
def test_failures_from_many_addresses_lock_the_account_they_aim_at(people):
    for number in range(5):
        log_in("/admin/login/", "moderator-a", "geraden", address=f"198.51.100.{number}")

    elsewhere = log_in("/admin/login/", "moderator-a", "wachtwoord-123", address="203.0.113.9")
    other_account = log_in("/admin/login/", "moderator-b", "wachtwoord-123", "198.51.100.1")

    assert elsewhere.status_code == 429
    assert not logged_in(elsewhere)
    # The addresses themselves are not locked for the other people behind them.
    assert other_account.status_code == 302
    assert logged_in(other_account)


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_at_the_address_limit(people):
    for number in range(19):
        log_in("/account/inloggen/", f"gok-{number}", "geraden", address="198.51.100.7")
    # Below the limit, the people sharing the address still log in.
    assert logged_in(log_in("/account/inloggen/", "lid-a", "wachtwoord-123", "198.51.100.7"))

    log_in("/account/inloggen/", "gok-19", "geraden", address="198.51.100.7")
    same_address = log_in("/account/inloggen/", "moderator-a", "wachtwoord-123", "198.51.100.7")
    other_address = log_in("/account/inloggen/", "moderator-a", "wachtwoord-123", "203.0.113.9")

    assert same_address.status_code == 429
    assert not logged_in(same_address)
    assert logged_in(other_address)


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(people, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for number in range(20):
        log_in(
            "/account/inloggen/",
            f"gok-{number}",
            "geraden",
            address=proxy,
            # Whatever the visitor wrote before the proxy's own entry does not count.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.7",
        )

    attacker = log_in(
        "/account/inloggen/",
        "lid-a",
        "wachtwoord-123",
        address=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    colleague = log_in(
        "/account/inloggen/",
        "moderator-a",
        "wachtwoord-123",
        address=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert attacker.status_code == 429
    assert logged_in(colleague)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


@pytest.mark.django_db
def test_the_limits_come_from_the_settings(people, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)

    log_in("/account/inloggen/", "lid-a", "geraden")
    locked = log_in("/account/inloggen/", "lid-a", "geraden")

    assert locked.status_code == 429
    assert "Probeer het over 30 minuten opnieuw" in locked.content.decode()


@pytest.mark.django_db
def test_login_records_are_purged_after_their_retention(people):
    log_in("/account/inloggen/", "lid-a", "geraden")
    log_in("/account/inloggen/", "moderator-a", "wachtwoord-123")
    log_in("/account/inloggen/", "moderator-b", "wachtwoord-123", address="203.0.113.9")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=2))
    AccessLog.objects.filter(username="moderator-a").update(
        attempt_time=timezone.now() - timedelta(days=31)
    )
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)

    assert not AccessAttempt.objects.exists()
    assert list(AccessLog.objects.values_list("username", "ip_address")) == [
        ("moderator-b", "203.0.113.9")
    ]
    assert "axes.AccessAttempt: 1 rows were purged" in out.getvalue()
    assert "axes.AccessLog: 1 rows were purged" in out.getvalue()


@pytest.mark.django_db
def test_one_ipv6_network_counts_as_one_address(people):
    # A single computer can take any address of its /64 network, a new one for every guess.
    for number in range(20):
        log_in(
            "/account/inloggen/", f"gok-{number}", "geraden", address=f"2001:db8:1:2::{number:x}"
        )

    same_network = log_in("/account/inloggen/", "lid-a", "wachtwoord-123", "2001:db8:1:2:ffff::1")
    next_network = log_in("/account/inloggen/", "moderator-a", "wachtwoord-123", "2001:db8:1:3::1")

    assert same_network.status_code == 429
    assert not logged_in(same_network)
    assert logged_in(next_network)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"2001:db8:1:2::"}


@pytest.mark.django_db
def test_ipv4_addresses_count_one_by_one_also_when_written_as_ipv6(people):
    for number in range(20):
        log_in(
            "/account/inloggen/", f"gok-{number}", "geraden", address=f"::ffff:198.51.100.{number}"
        )

    neighbour = log_in("/account/inloggen/", "lid-a", "wachtwoord-123", "198.51.100.200")

    assert logged_in(neighbour)
    assert AccessAttempt.objects.filter(ip_address="198.51.100.7").exists()


@pytest.mark.django_db
def test_a_longer_lockout_outlasts_the_daily_purge(people, settings):
    settings.AXES_COOLOFF_TIME = timedelta(days=2)
    for _attempt in range(5):
        log_in("/account/inloggen/", "lid-a", "geraden")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=36))
    out = io.StringIO()

    call_command("purge_personal_data", stdout=out)

    assert log_in("/account/inloggen/", "lid-a", "wachtwoord-123").status_code == 429
    assert "axes.AccessAttempt: 0 rows were purged (older than 2 days" in out.getvalue()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=3))
    call_command("purge_personal_data", stdout=io.StringIO())
    assert not AccessAttempt.objects.exists()
