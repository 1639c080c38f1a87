"""Two-factor authentication in real Chromium: an editor sets up an app, then logs in with a
code; axe checks the set-up, the recovery codes and the code page."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from communities.roles import editors_group

from .helpers import assert_accessible

PASSWORD = "Een-lang-wachtwoord-42"


def log_in(page, url):
    page.goto(url)
    page.get_by_label("Gebruikersnaam").fill("redacteur")
    # By name: the admin's form labels it "Password", untranslated.
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_sets_up_an_app_and_then_logs_in_with_a_code(
    live_server, browser_page, settings, django_user_model
):
    settings.REQUIRE_TWO_FACTOR = True
    editor = django_user_model.objects.create_user("redacteur", "redacteur@example.org", PASSWORD)
    editor.groups.add(editors_group())
    page = browser_page
    heading = page.get_by_role("heading", level=1)

    log_in(page, "/admin/login/")
    expect(heading).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code voor je app")).to_be_visible()
    assert_accessible(page)
    # Typing the key by hand, as someone without a camera would.
    key = b32decode(page.locator("code.secret").inner_text().replace(" ", ""))
    page.get_by_label("Code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Bevestigen").click()

    expect(heading).to_have_text("Je herstelcodes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # A new login, on the site's form this time, asks for the app's next code.
    page.context.clear_cookies()
    log_in(page, "/account/inloggen/?next=/admin/")
    expect(heading).to_have_text("Vul je code in")
    assert_accessible(page)
    # The step after the one used at setup: a code works once.
    device = TOTPDevice.objects.get(user=editor, confirmed=True)
    app = TOTP(key, device.step)
    app.time = (device.last_t + 1) * device.step
    page.get_by_label("Code").fill(f"{app.token():06d}")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
