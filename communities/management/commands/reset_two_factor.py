"""Remove a user's authenticator app and recovery codes, for a lost or replaced phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from communities.two_factor import remove_two_factor, requires_two_factor
from home.mail import absolute_url


class Command(BaseCommand):
    help = (
        "Remove the two-factor app and recovery codes of the user with this username, and make "
        "their password unusable: they set a new one through a link sent to their email "
        "address, then set up a new app (editors and administrators must) at their next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with username {username!r}.")
        removed = remove_two_factor(user)
        # Whoever logs in next registers their own app, so that must take the mailbox as well
        # as the password: someone who knows only the password would otherwise enrol theirs.
        # A new password also ends the user's open sessions.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        next_step = (
            "then set up a new app at their next login"
            if requires_two_factor(user)
            else "then log in with their password alone, or set up a new app"
        )
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {user.get_username()} and made their "
            "password unusable."
        )
        reset_page = absolute_url(reverse("account:password_reset"))
        if user.email:
            self.stdout.write(
                f"Send them a link to set a new password: enter {user.email} at {reset_page} "
                f"(or ask them to). They {next_step}."
            )
        else:
            self.stdout.write(
                "They have no email address for a link: give them one in the admin and send the "
                f"link from {reset_page}, or set a password with `changepassword {username}` "
                f"and tell them in person. They {next_step}."
            )
