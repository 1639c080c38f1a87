"""Inputs the fuzz suite found that once made the portal fail, kept as plain tests.

Each says what broke, so the reason survives even if the generated inputs change.
"""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [reverse("account:login"), "/admin/login/"])
@pytest.mark.parametrize("username", ["titel\x0bmet verticale tab", "a\x00b"])
def test_a_username_with_control_characters_fails_twice_like_any_other(client, url, username):
    """The lockout records failed logins by username. The stored copy lost its vertical tab,
    so the second failure looked for the raw name, found nothing, and its insert collided
    (500); a NUL was no text PostgreSQL stores at all."""
    for _attempt in range(2):
        response = client.post(url, {"username": username, "password": " "})
        assert response.status_code == 200
        assert "username" in response.context["form"].data


def test_a_password_reset_for_an_address_with_a_nul_is_refused(client):
    response = client.post(reverse("account:password_reset"), {"email": "a\x00b@example.org"})
    assert response.status_code < 500


@pytest.mark.parametrize("url", [reverse("account:login"), "/admin/login/"])
def test_a_password_with_a_tab_logs_in_as_it_was_set(client, django_user_model, url):
    """Cleaning the login forms' input took the tab out of the password typed, while the form
    that set it keeps it: such a member could never log in again."""
    django_user_model.objects.create_user("lid", "lid@example.org", "geheim\twachtwoord")

    response = client.post(url, {"username": "lid", "password": "geheim\twachtwoord"})

    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
