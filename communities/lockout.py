"""Locking out guessed logins: django-axes with a limit per account and one per address."""

import math

from django.conf import settings
from django.db.models import Sum
from django.template.response import TemplateResponse

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, counting failures per account and per address apart.

    Axes compares the larger of the two counts with one limit (AXES_FAILURE_LIMIT, the limit
    per account). An address may fail more often: the people behind it are many, at a school
    that shares one. So the address's count locks only at LOGIN_FAILURES_PER_ADDRESS, and is
    reported to axes as the account limit once it does.
    """

    def get_failures(self, request, credentials=None):
        # In the order of AXES_LOCKOUT_PARAMETERS: [["username"], ["ip_address"]].
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request, credentials=None):
        """After a successful login, forget the account's failures only.

        Axes would forget the address's too: anyone with an account of their own could then
        wipe the count of their guesses at other people's accounts by logging in.
        """
        by_account, _by_address = self.filter_user_attempts(request, credentials)
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
