"""Locking out guessed logins: django-axes with a limit per account and one per address."""

import ipaddress
import math

from django.conf import settings
from django.db.models import Sum
from django.template.response import TemplateResponse

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_lockout_parameters

from home.abuse import client_address

# One home or office gets a whole /64 of IPv6 addresses and may use any of them; counted one
# by one, a single computer could try a new address for every guess.
IPV6_NETWORK_PREFIX = 64


def lockout_address(request):
    """The address failed logins count against (AXES_CLIENT_IP_CALLABLE).

    The visitor's address as the public forms' rate limits see it, an IPv6 address replaced by
    its /64 network (written as the network's first address, which fits axes' address field).
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except (TypeError, ValueError):
        return address
    if parsed.version == 4:
        return address
    if parsed.ipv4_mapped is not None:
        # An IPv4 visitor seen through a dual-stack socket: their own address, not the /64
        # that every such visitor shares.
        return str(parsed.ipv4_mapped)
    network = ipaddress.IPv6Network((parsed, IPV6_NETWORK_PREFIX), strict=False)
    return str(network.network_address)


def by_parameter(querysets, request, credentials):
    """Axes' attempt querysets, one per AXES_LOCKOUT_PARAMETERS entry in that order, by name.

    Returns (by account, by address); a lockout setting without exactly those two entries
    fails here rather than swapping the counts.
    """
    named = {
        frozenset([parameter] if isinstance(parameter, str) else parameter): attempts
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials), querysets, strict=True
        )
    }
    return named[frozenset({"username"})], named[frozenset({"ip_address"})]


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, counting failures per account and per address apart.

    Axes compares the larger of the two counts with one limit (AXES_FAILURE_LIMIT, the limit
    per account). An address may fail more often: the people behind it are many, at a school
    that shares one. So the address's count locks only at LOGIN_FAILURES_PER_ADDRESS, and is
    reported to axes as the account limit once it does.
    """

    def get_failures(self, request, credentials=None):
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in by_parameter(
                self.get_user_attempts(request, credentials), request, credentials
            )
        )
        if by_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request, credentials=None):
        """After a successful login, forget the account's failures only.

        Axes would forget the address's too: anyone with an account of their own could then
        wipe the count of their guesses at other people's accounts by logging in.
        """
        by_account, _by_address = by_parameter(
            self.filter_user_attempts(request, credentials), request, credentials
        )
        count, _per_model = by_account.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets instead of the form: how long to wait, in minutes."""
    return TemplateResponse(
        request,
        "account/locked_out.html",
        {"minutes": math.ceil(get_cool_off(request).total_seconds() / 60)},
        status=429,
    ).render()
