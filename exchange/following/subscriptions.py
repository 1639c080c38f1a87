"""Choosing how to hear of things, following by email, confirming and unsubscribing: each in
one transaction, its email queued in it (home.outgoing_mail)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import CommunityPage
from home.abuse import enforce_rate_limits
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
    preference = DiscussionPreference.objects.filter(user=user, community=community).first()
    return preference.frequency if preference else DEFAULT_FREQUENCY


def frequencies_for(user, communities):
    """community id -> frequency, for each of `communities`."""
    chosen = dict(
        DiscussionPreference.objects.filter(user=user, community__in=communities).values_list(
            "community_id", "frequency"
        )
    )
    return {community.pk: chosen.get(community.pk, DEFAULT_FREQUENCY) for community in communities}


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
    """`email` follows the subject. From a logged-in account with that very address it counts at
    once; otherwise once the confirmation link in the email it gets is followed. Following
    again changes the frequency, and sends a new link when the first was never used."""
    email = email.lower()
    existing = Follow.objects.filter(
        email=email,
        subject_key=subject_key(target, getattr(community, "pk", None), theme and theme.pk),
    ).first()
    if existing is None:
        enforce_rate_limits(
            Follow.objects.all(),
            ip_address=ip_address,
            email=email,
            per_address=settings.FOLLOWS_PER_ADDRESS,
            per_email=settings.FOLLOWS_PER_EMAIL,
            address_message=_("Vanaf dit adres zijn veel aanmeldingen gedaan. Probeer het later."),
            email_message=_(
                "Voor dit e-mailadres zijn veel aanmeldingen gedaan. Probeer het later."
            ),
        )
    own_address = user is not None and user.is_authenticated and user.email.lower() == email
    follow = existing or Follow(
        email=email, target=target, community=community, theme=theme, ip_address=ip_address
    )
    follow.frequency = frequency
    if own_address and follow.confirmed_at is None:
        follow.confirmed_at = timezone.now()
    follow.save()
    if follow.confirmed_at is None:
        _confirmation_email(follow)
    return follow


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
        user = get_user_model().objects.filter(pk=values[0]).first()
        if user is not None:
            DiscussionPreference.objects.update_or_create(
                user=user, community_id=values[1], defaults={"frequency": Frequency.NEVER}
            )
        return True
    if kind == "overzicht" and len(values) == 2:
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
    """Store what the preferences page chose: `choices` has gemeenschap-<id> and volg-<id>."""
    for user, community in memberships:
        frequency = choices.get(f"gemeenschap-{community.pk}")
        if frequency:
            set_frequency(user, community, frequency)
    for follow in follows:
        choice = choices.get(f"volg-{follow.pk}")
        if choice == "stop":
            Follow.objects.filter(pk=follow.pk).delete()
        elif choice:
            Follow.objects.filter(pk=follow.pk).update(frequency=choice)
