"""Remove a user's authenticator app and recovery codes, for a lost or replaced phone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from communities.two_factor import remove_two_factor, requires_two_factor


class Command(BaseCommand):
    help = (
        "Remove the two-factor app and recovery codes of the user with this username. "
        "Editors and administrators set up a new app at their next login; other users log in "
        "with their password alone until they set one up again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user with username {username!r}.")
        removed = remove_two_factor(user)
        next_step = (
            "they set up a new app at their next login"
            if requires_two_factor(user)
            else "they log in with their password alone"
        )
        self.stdout.write(
            f"Removed {removed} two-factor device(s) of {user.get_username()}; {next_step}."
        )
