"""The members' side of the site: logging in and out, setting a password, their communities."""

import re

from django.core import mail
from django.test import Client

import pytest


@pytest.mark.django_db
def test_login_lands_on_my_communities_listing_exactly_the_users_own(people, communities):
    client = Client()

    response = client.post(
        "/account/inloggen/",
        {"username": "lid-a", "password": "wachtwoord-123"},
        follow=True,
    )

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == "/account/mijn-leergemeenschappen/"
    assert communities.a.title in content
    assert communities.b.title not in content
    assert communities.workspace_a.url in content


@pytest.mark.django_db
def test_my_communities_lists_moderated_and_joined_communities_only(people, communities):
    both = people.moderator_b
    both.groups.add(communities.a.members_group)
    nobody = people.member_a.__class__.objects.create_user("niemand", "niemand@example.org")

    listing = Client()
    listing.force_login(both)
    content = listing.get("/account/mijn-leergemeenschappen/").content.decode()
    empty = Client()
    empty.force_login(nobody)

    assert communities.a.title in content and communities.b.title in content
    assert communities.workspace_a.url in content and communities.workspace_b.url in content
    assert "example.org" not in content
    assert "nog geen lid" in empty.get("/account/mijn-leergemeenschappen/").content.decode()


@pytest.mark.django_db
def test_the_header_offers_login_or_the_members_own_pages(people, communities):
    anonymous = Client().get(communities.a.url).content.decode()
    member = Client()
    member.force_login(people.member_a)
    logged_in = member.get(communities.a.url).content.decode()

    assert 'href="/account/inloggen/"' in anonymous
    assert "/account/mijn-leergemeenschappen/" not in anonymous
    assert 'href="/account/mijn-leergemeenschappen/"' in logged_in
    assert re.search(r'<form method="post" action="/account/uitloggen/">', logged_in)


@pytest.mark.django_db
def test_a_wrong_password_gives_a_clear_error(people):
    response = Client().post("/account/inloggen/", {"username": "lid-a", "password": "fout"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in response.client.session


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(people):
    client = Client()
    client.force_login(people.member_a)

    assert client.get("/account/uitloggen/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/account/uitloggen/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/account/mijn-leergemeenschappen/").status_code == 302


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(db):
    response = Client().get("/account/mijn-leergemeenschappen/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


@pytest.mark.django_db
def test_password_reset_also_reaches_accounts_made_for_new_members(people, django_user_model):
    invited = django_user_model.objects.create(
        username="nieuw@example.org", email="nieuw@example.org"
    )
    invited.set_unusable_password()
    invited.save()
    client = Client()

    client.post("/account/wachtwoord-vergeten/", {"email": "Nieuw@Example.org"})

    assert mail.outbox[-1].to == ["nieuw@example.org"]
    link = re.search(r"https?://[^/\s]+(/account/wachtwoord-instellen/\S+)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Een-lang-wachtwoord-42", "new_password2": "Een-lang-wachtwoord-42"},
        follow=True,
    )
    assert done.status_code == 200
    login = Client().post(
        "/account/inloggen/",
        {"username": "nieuw@example.org", "password": "Een-lang-wachtwoord-42"},
    )
    assert "_auth_user_id" in login.client.session
    # The link works once: after use it no longer leads to a password form.
    reused = Client().get(link.group(1), follow=True)
    assert "verlopen of al gebruikt" in reused.content.decode()


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_address_has_an_account(db):
    response = Client().post("/account/wachtwoord-vergeten/", {"email": "onbekend@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/account/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_url", ["/account/wachtwoord-vergeten/", "/admin/password_reset/"], ids=["site", "admin"]
)
def test_the_password_link_goes_to_the_configured_address_not_the_requested_host(
    people, settings, form_url
):
    base_url = "https://leergemeenschappen.example.nl"
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = base_url

    Client().post(form_url, {"email": people.editor.email}, HTTP_HOST="evil.example")

    body = mail.outbox[-1].body
    links = re.findall(r"\w+://\S+", body)
    assert "evil.example" not in body
    assert len(links) == 1
    assert links[0].startswith(f"{base_url}/")
    if form_url.startswith("/account/"):
        # The portal's own email, also as HTML (the admin's is Wagtail's, in plain text).
        ((html, _mimetype),) = mail.outbox[-1].alternatives
        assert f'<a href="{links[0]}"' in html
    # The link leads to the form that sets the password (through a redirect that hides the token).
    assert Client().get(links[0].removeprefix(base_url)).status_code == 302
