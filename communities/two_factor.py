"""Two-factor authentication: who needs it, the devices behind it, and the gate in front.

A device is an authenticator app (django-otp's TOTP device) with ten recovery codes beside it
(a static device). Editors and administrators must have one where settings.REQUIRE_TWO_FACTOR
is on; anyone else may. A session counts as logged in once it has passed the second factor
(django-otp's OTPMiddleware: `request.user.is_verified()`); until then TwoFactorMiddleware
sends it to the code, or to setting up a device when it must have one and has none.
"""

from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

import segno
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import is_editor

RECOVERY_CODE_COUNT = 10


def requires_two_factor(user):
    """Editors and administrators (superusers included) must use a second factor."""
    return settings.REQUIRE_TWO_FACTOR and is_editor(user)


def authenticator(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_two_factor(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_authenticator(user):
    """The authenticator being set up: its secret is shown until a first code confirms it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator-app"), confirmed=False)
    return device


def secret_text(device):
    """The secret as people type it into an app by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The app's set-up link as an inline SVG: no script, and no data: URL for the policy to
    allow."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR-code voor je app"))
    # An image named by its <title>, for screen readers.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@transaction.atomic
def confirm_authenticator(request, device, code):
    """Confirm the device being set up with its first code; log the session in with it.

    Returns the new recovery codes, to be shown once, or None when the code is wrong. The new
    app replaces any earlier one, and new recovery codes replace the old.
    """
    if not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    codes = new_recovery_codes(device.user)
    request.session.cycle_key()
    request.session.pop(WITHOUT_APP_SESSION_KEY, None)
    otp_login(request, device)
    return codes


def new_recovery_codes(user):
    """Replace the user's recovery codes; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Herstelcodes"))
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_code_count(user):
    return StaticToken.objects.filter(device__user=user).count()


class CodeRefused(Exception):
    """The code was not accepted; the message says why, for the person typing it."""


def verify_code(request, code):
    """Check a code from the app or a recovery code, and log the session in with its device.

    Wrong codes slow the next attempt down (django-otp's throttling, per device).
    """
    code = "".join(code.split()).lower()
    user = request.user
    # Six digits come from the app; recovery codes are eight letters and digits.
    if len(code) == 6 and code.isdigit():
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    accepted = throttled = None
    # Locked, so two requests cannot both use one code; a wrong code's count is committed.
    with transaction.atomic():
        for device in devices.select_for_update():
            if not device.verify_is_allowed()[0]:
                throttled = device
            elif device.verify_token(code):
                accepted = device
                break
    if accepted is None:
        if throttled is not None:
            raise CodeRefused(
                _("Te veel onjuiste codes achter elkaar. Wacht even en probeer het dan opnieuw.")
            )
        raise CodeRefused(_("Deze code klopt niet. Probeer het opnieuw."))
    request.session.cycle_key()
    otp_login(request, accepted)


def remove_two_factor(user):
    """Delete the user's app and recovery codes: what an administrator does when a phone is
    lost. Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        # The recovery codes go with their device, but are not devices themselves.
        _total, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    return removed


# Pages a session that still owes its second factor may open: the two-factor pages themselves
# and logging out.
OPEN_BEFORE_SECOND_FACTOR = {
    "account:two_factor_verify",
    "account:two_factor_setup",
    "account:logout",
    "wagtailadmin_logout",
}


# Set in a session whose user had no app when it logged in: it need not ask the database again
# on every request. An app set up in another session leaves this one as it was, logged in
# with the password; setting one up in this session, or logging in again, clears it.
WITHOUT_APP_SESSION_KEY = "two_factor_without_app"


@receiver(user_logged_in)
def forget_checked_without_app(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(WITHOUT_APP_SESSION_KEY, None)


def session_has_app(request):
    """Whether the session's user has an app, asked once per login."""
    if request.session.get(WITHOUT_APP_SESSION_KEY):
        return False
    if has_two_factor(request.user):
        return True
    request.session[WITHOUT_APP_SESSION_KEY] = True
    return False


class TwoFactorMiddleware:
    """Sends a logged-in session that has not passed its second factor to the code, or to
    setting up an app when its user must have one; everywhere, the admin and the site alike.

    Runs after django-otp's OTPMiddleware. Users without an app who need none pass untouched,
    at the cost of the editors check (is_editor, once per request and shared with the rest of
    it) only: whether they have an app is asked once per login. Whether they must have one is
    asked on every request, so someone made an editor sets one up at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if session_has_app(request):
            target = "account:two_factor_verify"
        elif requires_two_factor(user):
            target = "account:two_factor_setup"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
