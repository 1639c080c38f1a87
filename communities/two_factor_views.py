"""The account's two-factor pages: set up an app, enter a code after the password, recovery
codes, and the overview where a member switches it on or off.

The pages with a secret on them (the app's key, the recovery codes) and the code form are
never stored, by the browser or anything between it and the portal.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import TwoFactorCodeForm
from .two_factor import (
    CodeRefused,
    authenticator,
    confirm_authenticator,
    has_two_factor,
    new_recovery_codes,
    pending_authenticator,
    qr_code_svg,
    recovery_code_count,
    remove_two_factor,
    requires_two_factor,
    secret_text,
    verify_code,
)

# Recovery codes wait here between being made and being shown, once.
RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"


def _next_url(request, default=None):
    """Where to go afterwards: `next` when it stays on this site."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(default or settings.LOGIN_REDIRECT_URL)


def _with_next(url, request):
    next_url = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _show_recovery_codes(request, codes):
    request.session[RECOVERY_CODES_SESSION_KEY] = codes
    return redirect(_with_next(reverse("account:two_factor_recovery_codes"), request))


@login_required
def overview(request):
    user = request.user
    return TemplateResponse(
        request,
        "account/two_factor.html",
        {
            "title": _("Tweestapsverificatie"),
            "device": authenticator(user),
            "recovery_codes_left": recovery_code_count(user),
            "required": requires_two_factor(user),
        },
    )


@never_cache
@login_required
def setup(request):
    """Show a new app's secret as a QR code and as text; its first code confirms it."""
    user = request.user
    # Someone who knows only the password must not swap the app for their own.
    if has_two_factor(user) and not user.is_verified():
        return redirect(_with_next(reverse("account:two_factor_verify"), request))
    device = pending_authenticator(user)
    form = TwoFactorCodeForm(
        request.POST or None, help_text=_("De zes cijfers die je app nu laat zien.")
    )
    if request.method == "POST" and form.is_valid():
        codes = confirm_authenticator(request, device, form.cleaned_data["code"])
        if codes is not None:
            return _show_recovery_codes(request, codes)
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op je telefoon."))
    return TemplateResponse(
        request,
        "account/two_factor_setup.html",
        {
            "title": _("Tweestapsverificatie instellen"),
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": secret_text(device),
            "required": requires_two_factor(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
def recovery_codes(request):
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("account:two_factor")
    return TemplateResponse(
        request,
        "account/two_factor_recovery_codes.html",
        {
            "title": _("Je herstelcodes"),
            "codes": codes,
            "next_url": _next_url(request, "account:two_factor"),
        },
    )


@login_required
@require_POST
def renew_recovery_codes(request):
    if not has_two_factor(request.user):
        return redirect("account:two_factor")
    return _show_recovery_codes(request, new_recovery_codes(request.user))


@login_required
@require_POST
def switch_off(request):
    """Members may stop using a second factor; editors and administrators may not."""
    if requires_two_factor(request.user):
        raise PermissionDenied
    remove_two_factor(request.user)
    return redirect("account:two_factor")


@never_cache
def verify(request):
    """The second step of logging in, from the site's login form and the admin's alike."""
    user = request.user
    if not user.is_authenticated:
        return redirect(_with_next(resolve_url(settings.LOGIN_URL), request))
    if user.is_verified() or not has_two_factor(user):
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(
        request.POST or None,
        help_text=_("De zes cijfers uit je app, of een van je herstelcodes."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            verify_code(request, form.cleaned_data["code"])
        except CodeRefused as refused:
            form.add_error("code", str(refused))
        else:
            return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "account/two_factor_verify.html",
        {
            "title": _("Inloggen: code"),
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=400 if request.method == "POST" else 200,
    )
