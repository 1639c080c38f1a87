"""The links in the email people subscribe to: unsubscribing in one click (RFC 8058) and the
preferences page, signed so that nobody can make one for someone else's address."""

from django.core import signing
from django.urls import reverse

from home.mail import absolute_url

SALT = "exchange.following.unsubscribe"


def _token(*parts):
    return signing.dumps(list(parts), salt=SALT, compress=True)


def read_token(token):
    """The parts signed into `token`, or None for one that was not made here."""
    try:
        return signing.loads(token, salt=SALT)
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
