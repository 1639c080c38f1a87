"""Protection for the portal's public forms: a honeypot field and rate limits per address."""

import hashlib
import ipaddress
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import clean_text

RATE_LIMIT_WINDOW = timedelta(hours=1)


class RateLimitExceeded(Exception):
    """Too many submissions; the message is meant for the person sending."""


class CleanTextForm(forms.Form):
    """Takes the control characters out of what is submitted before any field sees it (see
    home.text): a text area keeps its line breaks and tabs, every other field is one line.

    Removed rather than refused: they come with pasted text, unseen by the person who sends
    it. Mix it in before the form class. Passwords are left exactly as typed: they are never
    stored or shown, and the forms that set one do not clean, so a cleaned copy would no longer
    match.
    """

    def full_clean(self):
        # Here rather than in __init__: some forms add fields after theirs has run.
        if self.is_bound:
            self.data = self._cleaned_text_data()
        super().full_clean()

    def _cleaned_text_data(self):
        data = self.data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if key not in data or isinstance(field.widget, forms.PasswordInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "setlist"):
                values = data.getlist(key)
                data.setlist(key, [clean_text(value, multiline=multiline) for value in values])
            else:
                data[key] = clean_text(data[key], multiline=multiline)
        return data


class HoneypotForm(CleanTextForm):
    """Adds `website`, a field people never see or fill in (templates hide it with the class
    `honeypot`), to a public form. Mix it in before the form class."""

    website = forms.CharField(
        required=False,
        label=_("Laat dit veld leeg"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_spam(self):
        """True for a bot: the view then pretends success and stores nothing."""
        return bool(self.data.get("website"))


def enforce_rate_limits(
    submissions,
    *,
    ip_address,
    email,
    per_address,
    per_email,
    address_message,
    email_message,
    window=RATE_LIMIT_WINDOW,
    email_field="email",
):
    """Refuse a submission when this address or this email sent too many within the window.

    `submissions` is a queryset of earlier submissions with `created_at` and `ip_address`
    fields and the sender's address in `email_field`.
    """
    since = timezone.now() - window
    recent = submissions.filter(created_at__gte=since)
    if ip_address and recent.filter(ip_address=ip_address).count() >= per_address:
        raise RateLimitExceeded(address_message)
    if email and recent.filter(**{f"{email_field}__iexact": email}).count() >= per_email:
        raise RateLimitExceeded(email_message)


def enforce_cached_rate_limit(scope, *, ip_address, limit, message, window=RATE_LIMIT_WINDOW):
    """Refuse a submission when this address made `limit` of them in `scope` within the window.

    For forms that store no IP address with what they record: the count lives in the cache,
    under a keyed hash of the address rather than the address itself, and expires with the
    window. Counted from the first submission in the window, not sliding, which is enough to
    stop a script.
    """
    if not ip_address:
        return
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{ip_address}".encode()).hexdigest()
    key = f"rate-limit:{digest}"
    # The window's end is stored with the count: not every cache backend's incr() keeps the
    # entry's expiry time. Not atomic; two requests at once may both count as one.
    now = time.time()
    count, ends_at = cache.get(key) or (0, now + window.total_seconds())
    count += 1
    cache.set(key, (count, ends_at), timeout=max(1, int(ends_at - now)))
    if count > limit:
        raise RateLimitExceeded(message)


def client_address(request):
    """The visitor's IP address, for the rate limits and nothing else.

    Without proxies it is REMOTE_ADDR. Behind TRUSTED_PROXIES proxies of our own, each adds the
    address it received the request from to X-Forwarded-For, so the visitor's is the entry that
    many places from the end; anything before it the visitor could have written themselves.
    A request that did not come through all of them is counted by REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None
