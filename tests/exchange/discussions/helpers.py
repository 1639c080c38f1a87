"""What the discussion tests share besides fixtures."""

from django.core.management import call_command
from django.test import Client

from exchange.discussions import actions
from exchange.discussions.access import Role


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def reply(discussion, user, text, parent=None, role=Role.MEMBER):
    return actions.reply(discussion, user, role, text, parent=parent)


def deliver():
    """Send the queued email, as the mail worker does."""
    call_command("send_queued_mail", verbosity=0)
