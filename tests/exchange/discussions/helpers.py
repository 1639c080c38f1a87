"""What the discussion tests share besides fixtures."""

from datetime import timedelta

from django.core.management import call_command
from django.db.models import F
from django.test import Client

from wagtail.models import Page

from exchange.discussions import actions
from exchange.discussions.access import Role
from exchange.models import Post


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


def settle(minutes=10):
    """Date every post and publication `minutes` earlier: send_digests leaves the last few
    minutes for its next run (exchange.following.digests.SETTLE)."""
    earlier = timedelta(minutes=minutes)
    Post.objects.update(created_at=F("created_at") - earlier)
    Page.objects.exclude(first_published_at=None).update(
        first_published_at=F("first_published_at") - earlier
    )
