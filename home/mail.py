"""Email from the portal: rendered from a template and sent only once the change it announces
is committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string


def absolute_url(path):
    """A full URL for a link in an email, on the address the admin lives at."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def send_after_commit(subject, template, context, recipients, reply_to=None):
    """Send a plain-text email rendered from `template` to each of `recipients` together.

    After the commit: an email must never announce something that was rolled back. Empty
    addresses are dropped; with none left nothing is sent.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    body = render_to_string(template, context)
    message = EmailMessage(subject, body, None, recipients, reply_to=reply_to)
    transaction.on_commit(message.send)
