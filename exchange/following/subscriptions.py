"""Choosing how to hear of things, following by email, confirming and unsubscribing: each in
one transaction, its email queued in it (home.outgoing_mail)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import CommunityPage
from home.abuse import enforce_cached_rate_limit
from home.mail import absolute_url
from home.outgoing_mail import queue_email

from . import links
from .models import (
    DEFAULT_FREQUENCY,
    DiscussionPreference,
    Follow,
    Frequency,
    subject_key,
)

# A confirmation link goes out at most this often per follow.
CONFIRMATION_INTERVAL = timedelta(hours=1)


def member_communities(user):
    """The live communities whose discussions `user` takes part in as member or moderator."""
    return (
        CommunityPage.objects.live()
        .filter(Q(members_group__user=user) | Q(moderators_group__user=user))
        .distinct()
        .order_by("title")
    )


def frequency_for(user, community):
    """How `user` hears of the discussions of `community`."""
    return preference_for(user, community)[0]


def preference_for(user, community):
    """(frequency, whether mentions and replies reach them) for `user` in `community`."""
    preference = DiscussionPreference.objects.filter(user=user, community=community).first()
    return (preference.frequency, preference.personal) if preference else (DEFAULT_FREQUENCY, True)


@transaction.atomic
def set_frequency(user, community, frequency):
    DiscussionPreference.objects.update_or_create(
        user=user, community=community, defaults={"frequency": frequency}
    )


def _confirmation_email(follow):
    queue_email(
        _("Bevestig dat je %(subject)s wilt volgen") % {"subject": follow.subject_name},
        "email/follow_confirm.txt",
        {
            "follow": follow,
            "confirm_url": absolute_url(reverse("following:confirm", args=[follow.token])),
        },
        follow.email,
        unsubscribe_url=links.unsubscribe_url("volger", follow.pk),
    )


@transaction.atomic
def follow(email, target, *, community=None, theme=None, frequency, user=None, ip_address=None):
    """`email` follows the subject: True when it counts at once, False when a confirmation
    link decides.

    From a logged-in account with that very address it counts at once, and a follow already
    there takes the new frequency. Anyone else learns nothing and changes nothing of a follow
    that exists: the answer is always "check your inbox", a confirmed follow stays as it is
    (its holder changes it on the preferences page), and a confirmation link goes out at most
    once an hour per follow. Every request counts towards the rate limits.
    """
    email = email.lower()
    own_address = user is not None and user.is_authenticated and user.email.lower() == email
    enforce_cached_rate_limit(
        "follow",
        ip_address=ip_address,
        limit=settings.FOLLOWS_PER_ADDRESS,
        message=_("Vanaf dit adres zijn veel aanmeldingen gedaan. Probeer het later."),
    )
    enforce_cached_rate_limit(
        "follow-address",
        ip_address=email,
        limit=settings.FOLLOWS_PER_EMAIL,
        message=_("Voor dit e-mailadres zijn veel aanmeldingen gedaan. Probeer het later."),
    )
    key = subject_key(target, getattr(community, "pk", None), theme and theme.pk)
    existing = Follow.objects.select_for_update().filter(email=email, subject_key=key).first()
    now = timezone.now()
    if own_address:
        follow = existing or Follow(
            email=email, target=target, community=community, theme=theme, ip_address=ip_address
        )
        follow.frequency = frequency
        follow.confirmed_at = follow.confirmed_at or now
        follow.save()
        return True
    if existing is not None and existing.confirmed_at is not None:
        return False
    follow = existing or Follow(
        email=email, target=target, community=community, theme=theme, ip_address=ip_address
    )
    follow.frequency = frequency
    resend = follow.confirmation_sent_at is None or (
        now - follow.confirmation_sent_at >= CONFIRMATION_INTERVAL
    )
    if resend:
        follow.confirmation_sent_at = now
    follow.save()
    if resend:
        _confirmation_email(follow)
    return False


@transaction.atomic
def confirm(token):
    """The follow whose link this is, confirmed; None for a link that leads nowhere."""
    follow = Follow.objects.select_for_update().filter(token=token).first()
    if follow is not None and follow.confirmed_at is None:
        follow.confirmed_at = timezone.now()
        follow.save(update_fields=["confirmed_at"])
    return follow


@transaction.atomic
def unsubscribe(parts):
    """End what an email's unsubscribe link names (exchange.following.links); True when the
    link was one of ours. Doing it twice does no harm."""
    kind, *values = parts
    if kind == "voorkeur" and len(values) == 2:
        # Everything about this community's discussions: news, mentions and replies.
        user = get_user_model().objects.filter(pk=values[0]).first()
        if user is not None:
            DiscussionPreference.objects.update_or_create(
                user=user,
                community_id=values[1],
                defaults={"frequency": Frequency.NEVER, "personal": False},
            )
        return True
    if kind == "overzicht" and len(values) == 2:
        # The digest of this period, all it holds; a mention or a reply still reaches them.
        email, frequency = values
        Follow.objects.filter(email=email, frequency=frequency).delete()
        for user in get_user_model().objects.filter(email__iexact=email):
            DiscussionPreference.objects.filter(user=user, frequency=frequency).update(
                frequency=Frequency.NEVER
            )
            for community in _communities_by_default(user, frequency):
                set_frequency(user, community, Frequency.NEVER)
        return True
    if kind == "volger" and len(values) == 1:
        Follow.objects.filter(pk=values[0]).delete()
        return True
    return False


def _communities_by_default(user, frequency):
    """The communities `user` hears of at `frequency` only because they never chose."""
    if frequency != DEFAULT_FREQUENCY:
        return []
    chosen = set(
        DiscussionPreference.objects.filter(user=user).values_list("community_id", flat=True)
    )
    return [community for community in member_communities(user) if community.pk not in chosen]


@transaction.atomic
def save_preferences(memberships, follows, choices):
    """Store what the preferences page chose: `choices` has gemeenschap-<id>, persoonlijk-<id>
    and volg-<id>."""
    for user, community in memberships:
        frequency = choices.get(f"gemeenschap-{community.pk}")
        if frequency:
            DiscussionPreference.objects.update_or_create(
                user=user,
                community=community,
                defaults={
                    "frequency": frequency,
                    "personal": bool(choices.get(f"persoonlijk-{community.pk}")),
                },
            )
    for follow in follows:
        choice = choices.get(f"volg-{follow.pk}")
        if choice == "stop":
            Follow.objects.filter(pk=follow.pk).delete()
        elif choice:
            Follow.objects.filter(pk=follow.pk).update(frequency=choice)
