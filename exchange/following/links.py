"""The links in the email people subscribe to: unsubscribing in one click (RFC 8058) and the
preferences page, signed so that nobody can make one for someone else's address. Signed, not
encrypted: the preferences link holds the address it was sent to, readable to whoever sees
the link (as the email itself is)."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from home.mail import absolute_url

SALT = "exchange.following.unsubscribe"


def _token(*parts):
    return signing.dumps(list(parts), salt=SALT, compress=True)


# The preferences page shows a person's communities and changes what they follow: its link
# works this long. An unsubscribe link works as long as the email it came in may be kept.
PREFERENCES_MAX_AGE = timedelta(days=90)


class Expired(Exception):
    """A link of ours, too old."""


def read_token(token, max_age=None):
    """The parts signed into `token`, or None for one that was not made here; Expired for one
    older than `max_age`."""
    try:
        return signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise Expired from None
    except signing.BadSignature:
        return None


def unsubscribe_url(*parts):
    """Where one click (a POST) ends what an email was sent for:
    ("voorkeur", user id, community id): a member's discussion email of one community;
    ("overzicht", address, frequency): the digest of that period, everything in it;
    ("volger", follow id): one follow, confirmed or not."""
    return absolute_url(reverse("following:unsubscribe", args=[_token(*parts)]))


def preferences_url(email):
    """The page where the holder of `email` sees and changes all they follow."""
    return absolute_url(reverse("following:preferences", args=[_token("adres", email.lower())]))
