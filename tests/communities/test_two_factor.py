"""Two-factor authentication: required for editors and administrators, optional for members."""

import io
import re
from base64 import b32decode

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.roles import EDITORS_GROUP
from communities.two_factor import requires_two_factor

SETUP = "/account/tweestapsverificatie/instellen/"
CODE = "/account/inloggen/code/"


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    """As in production (tests/portal/test_settings.py); the test settings leave it off."""
    settings.REQUIRE_TWO_FACTOR = True


def password_login(username, url="/account/inloggen/"):
    client = Client()
    response = client.post(url, {"username": username, "password": "wachtwoord-123"}, follow=True)
    return client, response


def code_from(key):
    """What an authenticator app shows for `key` now."""
    return f"{TOTP(key).token():06d}"


def next_code(user, key):
    """The app's code for the step after the one last used: a code works once, and the next
    one is accepted already (the server allows one step of clock difference)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    app = TOTP(key, device.step)
    app.time = (device.last_t + 1) * device.step
    return f"{app.token():06d}"


def set_up_app(client):
    """Scan the QR code as a person would, from the secret on the setup page; confirm it."""
    page = client.get(SETUP).content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    key = b32decode(secret.replace(" ", ""))
    response = client.post(SETUP, {"code": code_from(key)}, follow=True)
    return key, response


def codes_on(page):
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("login_url", ["/admin/login/", "/account/inloggen/"])
@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_administrators_set_up_an_app_before_anything_else(people, login_url, role):
    username = getattr(people, role).username
    client, response = password_login(username, login_url)

    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "QR-code voor je app" in page
    # Nothing of the admin or the members' pages opens before that.
    for url in ["/admin/", "/admin/pages/", "/account/mijn-leergemeenschappen/"]:
        refused = client.get(url)
        assert refused.status_code == 302
        assert refused["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_after_confirming_an_app_the_admin_opens_and_recovery_codes_are_shown_once(people):
    client, _response = password_login(people.editor.username, "/admin/login/")

    _key, shown = set_up_app(client)

    assert len(codes_on(shown)) == 10
    assert "Bewaar deze codes" in shown.content.decode()
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=people.editor).confirmed
    # Shown once: the page does not show them again.
    again = client.get("/account/tweestapsverificatie/herstelcodes/", follow=True)
    assert codes_on(again) == []


@pytest.mark.django_db
def test_a_wrong_first_code_does_not_confirm_the_app(people):
    client, _response = password_login(people.editor.username, "/admin/login/")
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 400
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=people.editor, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(SETUP)


@pytest.mark.django_db
@pytest.mark.parametrize("login_url", ["/admin/login/", "/account/inloggen/"])
def test_a_new_login_asks_for_a_code_from_the_app(people, login_url):
    first, _response = password_login(people.editor.username)
    key, _shown = set_up_app(first)

    client, response = password_login(people.editor.username, login_url)

    assert response.redirect_chain[-1][0].startswith(CODE)
    assert client.get("/admin/")["Location"].startswith(CODE)
    wrong = client.post(CODE, {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    # The next code from the app (the one used at setup is spent). The wrong code before it
    # slows attempts down by a second.
    TOTPDevice.objects.filter(user=people.editor).update(throttling_failure_count=0)
    right = client.post(CODE, {"code": next_code(people.editor, key), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_codes_slow_the_next_attempt_down(people):
    first, _response = password_login(people.editor.username)
    key, _shown = set_up_app(first)
    client, _response = password_login(people.editor.username)

    client.post(CODE, {"code": "123456"})
    at_once = client.post(CODE, {"code": next_code(people.editor, key)})

    assert at_once.status_code == 400
    assert "Wacht even" in at_once.content.decode()
    assert client.get("/admin/")["Location"].startswith(CODE)


@pytest.mark.django_db
def test_a_recovery_code_works_once(people):
    first, _response = password_login(people.editor.username)
    _key, shown = set_up_app(first)
    recovery_code = codes_on(shown)[0]

    client, _response = password_login(people.editor.username)
    used = client.post(CODE, {"code": recovery_code.upper(), "next": "/admin/"})
    again, _response = password_login(people.editor.username)
    reused = again.post(CODE, {"code": recovery_code, "next": "/admin/"})

    assert used["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert reused.status_code == 400
    assert again.get("/admin/")["Location"].startswith(CODE)
    assert StaticToken.objects.filter(device__user=people.editor).count() == 9


@pytest.mark.django_db
def test_only_the_password_cannot_replace_the_app(people):
    first, _response = password_login(people.editor.username)
    set_up_app(first)
    attacker, _response = password_login(people.editor.username)

    response = attacker.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=people.editor).count() == 1


@pytest.mark.django_db
def test_members_and_moderators_are_not_asked_for_a_second_factor(people, communities):
    member, response = password_login(people.member_a.username)
    moderator, _response = password_login(people.moderator_a.username, "/admin/login/")

    assert response.redirect_chain[-1][0] == "/account/mijn-leergemeenschappen/"
    assert member.get(communities.workspace_a.url).status_code == 200
    assert moderator.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_member_may_switch_two_factor_on_and_off(people, communities):
    member, _response = password_login(people.member_a.username)
    overview = member.get("/account/tweestapsverificatie/").content.decode()
    assert "Tweestapsverificatie staat uit" in overview

    key, _shown = set_up_app(member)
    later, response = password_login(people.member_a.username)

    # With an app, the member's own login asks for the code too, before the workspace.
    assert response.redirect_chain[-1][0].startswith(CODE)
    assert later.get(communities.workspace_a.url)["Location"].startswith(CODE)
    later.post(CODE, {"code": next_code(people.member_a, key)})
    assert later.get(communities.workspace_a.url).status_code == 200
    assert "staat aan" in later.get("/account/tweestapsverificatie/").content.decode()

    later.post("/account/tweestapsverificatie/uitzetten/")
    assert not TOTPDevice.objects.filter(user=people.member_a).exists()
    assert password_login(people.member_a.username)[1].status_code == 200


@pytest.mark.django_db
def test_editors_may_not_switch_it_off(people):
    client, _response = password_login(people.editor.username)
    set_up_app(client)

    response = client.post("/account/tweestapsverificatie/uitzetten/")

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=people.editor).exists()


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old(people):
    client, _response = password_login(people.editor.username)
    _key, shown = set_up_app(client)
    old = codes_on(shown)

    renewed = client.post("/account/tweestapsverificatie/nieuwe-herstelcodes/", follow=True)

    new = codes_on(renewed)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_phone_and_the_editor_sets_up_again(people):
    client, _response = password_login(people.editor.username)
    set_up_app(client)
    out = io.StringIO()

    call_command("reset_two_factor", people.editor.username, stdout=out)

    assert "Removed 2 two-factor device(s) of redacteur" in out.getvalue()
    assert "redacteur@example.org" in out.getvalue()
    assert "/account/wachtwoord-vergeten/" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=people.editor).exists()
    assert not StaticToken.objects.filter(device__user=people.editor).exists()
    # The old password alone no longer gets anyone to setting up an app of their own; the
    # session that had passed its code ends too.
    _attacker, refused = password_login(people.editor.username, "/admin/login/")
    assert "_auth_user_id" not in refused.client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # A link to the editor's mailbox sets a new password; then they set up the new phone.
    editor = Client()
    editor.post("/account/wachtwoord-vergeten/", {"email": "redacteur@example.org"})
    link = re.search(r"https?://[^/\s]+(/account/wachtwoord-instellen/\S+)", mail.outbox[-1].body)
    form = editor.get(link.group(1), follow=True)
    editor.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"},
    )
    response = editor.post(
        "/admin/login/",
        {"username": people.editor.username, "password": "Nieuw-wachtwoord-42"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(SETUP)


@pytest.mark.django_db
def test_without_the_requirement_editors_log_in_with_their_password(people, settings):
    settings.REQUIRE_TWO_FACTOR = False

    client, response = password_login(people.editor.username, "/admin/login/")

    assert response.redirect_chain[-1][0] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admins_account_page_and_the_members_page_lead_to_the_settings(people):
    moderator, _response = password_login(people.moderator_a.username, "/admin/login/")

    admin_account = moderator.get("/admin/account/").content.decode()
    my_communities = moderator.get("/account/mijn-leergemeenschappen/").content.decode()

    assert 'href="/account/tweestapsverificatie/"' in admin_account
    assert 'href="/account/tweestapsverificatie/"' in my_communities


# What the gate costs -----------------------------------------------------------------------------

GATE = "communities.two_factor.TwoFactorMiddleware"


def queries_for(user, url):
    """The queries of a request after the first of its session, and how many of them ask
    whether the user is an editor."""
    client = Client()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    editor_checks = [
        query["sql"]
        for query in queries.captured_queries
        if "auth_user_groups" in query["sql"] and f"'{EDITORS_GROUP}'" in query["sql"]
    ]
    return len(queries), len(editor_checks)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "at_most"), [("community", 1), ("admin", 0)])
def test_the_gate_costs_a_member_without_an_app_at_most_the_editors_check(
    people, communities, settings, page, at_most
):
    url = communities.a.url if page == "community" else "/admin/"

    gated, editor_checks = queries_for(people.member_a, url)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != GATE]
    ungated, _editor_checks = queries_for(people.member_a, url)

    # The editors check is shared with the rest of the request: the admin makes it anyway.
    assert gated - ungated <= at_most
    assert editor_checks == 1


@pytest.mark.django_db
def test_a_member_made_editor_sets_up_an_app_at_the_next_request(people, communities):
    member, _response = password_login(people.member_a.username)
    assert member.get(communities.a.url).status_code == 200

    people.member_a.groups.add(Group.objects.get(name=EDITORS_GROUP))

    assert member.get(communities.a.url)["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_the_editors_check_sees_a_group_given_to_the_same_user_object(people):
    user = people.member_a
    assert not requires_two_factor(user)

    user.groups.add(Group.objects.get(name=EDITORS_GROUP))

    assert requires_two_factor(user)


@pytest.mark.django_db
def test_logging_in_again_asks_for_the_app_set_up_meanwhile(people, communities):
    member, _response = password_login(people.member_a.username)
    member.get(communities.a.url)
    elsewhere, _response = password_login(people.member_a.username)
    set_up_app(elsewhere)

    # A new login in the same session, which keeps the session's data.
    member.force_login(people.member_a)

    assert member.get(communities.a.url)["Location"].startswith(CODE)


def never_stored(response):
    return {"no-store", "private"} <= {
        part.strip() for part in response.get("Cache-Control", "").split(",")
    }


@pytest.mark.django_db
def test_the_pages_with_the_secret_and_the_codes_are_never_stored(people):
    client, setup_page = password_login(people.editor.username)
    _key, codes_page = set_up_app(client)
    _client, code_page = password_login(people.editor.username)

    assert setup_page.redirect_chain[-1][0].startswith(SETUP)
    assert never_stored(setup_page)
    assert len(codes_on(codes_page)) == 10
    assert never_stored(codes_page)
    assert code_page.redirect_chain[-1][0].startswith(CODE)
    assert never_stored(code_page)
