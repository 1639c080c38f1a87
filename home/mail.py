"""Email from the portal: plain text, with the same text as HTML beside it. Queued and sent by
home.outgoing_mail."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path):
    """A full URL for a link in an email, on the portal's public address (BASE_URL)."""
    return f"{settings.BASE_URL}{path}"


def portal_email(subject, body, recipients, reply_to=None):
    """An email of the portal with the plain text `body`, and that text as HTML: its paragraphs
    and links, under the portal's name, escaped (a name or a question's title is the sender's
    words, never markup)."""
    message = EmailMultiAlternatives(subject, body, None, recipients, reply_to=reply_to)
    html = render_to_string(
        "email/layout.html",
        {"subject": subject, "body": body.strip(), "home_url": f"{settings.BASE_URL}/"},
    )
    message.attach_alternative(html, "text/html")
    return message
