"""Joining a community: requesting, and a moderator approving or declining the request."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.abuse import RateLimitExceeded, enforce_rate_limits
from home.mail import absolute_url
from home.outgoing_mail import send_after_commit

from .models import MembershipRequest, MembershipRequestStatus

logger = logging.getLogger(__name__)

MAX_REQUESTS_PER_IP = 5
MAX_REQUESTS_PER_EMAIL = 3


ALREADY_PENDING = gettext_lazy(
    "Je hebt je al aangemeld bij deze leergemeenschap; de moderator bekijkt je aanmelding."
)


class MembershipError(Exception):
    """A request that cannot be accepted; the message is meant for the person asking."""


@transaction.atomic
def request_membership(community, form, ip_address):
    """Store a pending request from a valid JoinForm and tell the community's moderators."""
    email = form.cleaned_data["email"]
    try:
        enforce_rate_limits(
            MembershipRequest.objects.all(),
            ip_address=ip_address,
            email=email,
            per_address=MAX_REQUESTS_PER_IP,
            per_email=MAX_REQUESTS_PER_EMAIL,
            address_message=_(
                "Er zijn vanaf dit adres te veel aanmeldingen gedaan. Probeer het later opnieuw."
            ),
            email_message=_(
                "Met dit e-mailadres zijn te veel aanmeldingen gedaan. Probeer het later opnieuw."
            ),
        )
    except RateLimitExceeded as error:
        raise MembershipError(str(error)) from None
    if community.membership_requests.filter(
        email__iexact=email, status=MembershipRequestStatus.PENDING
    ).exists():
        raise MembershipError(ALREADY_PENDING)

    request = form.save(commit=False)
    request.community = community
    request.ip_address = ip_address
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        # Two identical submissions at the same moment: the database keeps one.
        raise MembershipError(ALREADY_PENDING) from None

    send_after_commit(
        _("Nieuwe aanmelding voor %(community)s") % {"community": community.title},
        "email/membership_requested.txt",
        {
            "request": request,
            "community": community,
            "admin_url": absolute_url(reverse("communities_membershiprequest_modeladmin_index")),
        },
        community_handlers(community).values_list("email", flat=True),
    )
    return request


def community_handlers(community):
    """The people to tell about a new request: the moderators, or the editors if there are none.

    A community the editors have just created has no moderators yet; its requests must not
    wait unseen.
    """
    from .roles import active_editors

    if community.moderators_group_id is not None:
        moderators = (
            get_user_model()
            .objects.filter(is_active=True, groups=community.moderators_group_id)
            .exclude(email="")
        )
        if moderators.exists():
            return moderators
    return active_editors()


def _password_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("account:password_reset_confirm", args=(uid, token)))


def _account_for(request):
    """The account with the request's email address, or a new one without a password yet."""
    user_model = get_user_model()
    accounts = user_model.objects.order_by("-is_active", "pk")
    # An account whose username is the address (as the ones made here) belongs to it as well.
    user = (
        accounts.filter(email__iexact=request.email).first()
        or accounts.filter(username__iexact=request.email).first()
    )
    if user is not None:
        return user
    first_name, _space, last_name = request.name.partition(" ")
    user = user_model(
        username=request.email.lower(),
        email=request.email.lower(),
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def approve(membership_request, moderator):
    """Give the person an account (or use theirs), make them a member and email them."""
    request = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
    if request.status != MembershipRequestStatus.PENDING:
        raise MembershipError(_("Deze aanmelding is al behandeld."))
    community = request.community
    user = _account_for(request)
    user.groups.add(community.members_group)

    request.status = MembershipRequestStatus.APPROVED
    request.user = user
    request.handled_by = moderator
    request.handled_at = timezone.now()
    request.save()

    send_after_commit(
        _("Welkom bij %(community)s") % {"community": community.title},
        "email/membership_approved.txt",
        {
            "request": request,
            "community": community,
            "community_url": absolute_url(community.url or "/"),
            # Also for an account made earlier whose owner never chose a password.
            "password_link": None if user.has_usable_password() else _password_link(user),
            "login_url": absolute_url(reverse("account:login")),
        },
        [request.email],
        secret_link=not user.has_usable_password(),
    )
    return request


@transaction.atomic
def decline(membership_request, moderator, reason=""):
    """Close the request without granting anything, and email the person the optional reason."""
    request = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
    if request.status != MembershipRequestStatus.PENDING:
        raise MembershipError(_("Deze aanmelding is al behandeld."))
    request.status = MembershipRequestStatus.DECLINED
    request.decline_reason = reason.strip()
    request.handled_by = moderator
    request.handled_at = timezone.now()
    request.save()
    send_after_commit(
        _("Je aanmelding bij %(community)s") % {"community": request.community.title},
        "email/membership_declined.txt",
        {"request": request, "community": request.community},
        [request.email],
    )
    return request


def requests_visible_to(user):
    """Editors and administrators see every request; a moderator only their communities'."""
    from .roles import is_editor

    requests = MembershipRequest.objects.select_related("community", "handled_by")
    if is_editor(user):
        return requests
    return requests.filter(community__moderators_group__in=user.groups.all())
