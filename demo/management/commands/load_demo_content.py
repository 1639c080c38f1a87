"""Fill the portal with Dutch demo content and, in development, one login per role."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.builder import DemoContentBuilder, DemoContentError, ensure_demo_users
from search.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = (
        "Create or update the demo content: communities, practice examples, tools, stories, "
        "events, images, documents and, where PORTAL_DEMO_USERS is on, demo logins. "
        "Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create or reset the demo logins."
        )

    def handle(self, *args, no_users=False, **options):
        create_users = not no_users and getattr(settings, "PORTAL_DEMO_USERS", False)
        try:
            with transaction.atomic():
                DemoContentBuilder(log=self.stdout.write).build()
                logins = ensure_demo_users() if create_users else []
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        # The database backends see inside compounds and correct typos with the words of the
        # content, so the demo is searchable as soon as it is there.
        self.stdout.write(f"Search vocabulary: {rebuild_vocabulary()} words.")

        if no_users:
            self.stdout.write("Demo logins: skipped (--no-users).")
        elif not create_users:
            self.stdout.write(
                "Demo logins: skipped, because PORTAL_DEMO_USERS is off in these settings."
            )
        else:
            self.stdout.write("Demo logins (development only):")
            for username, password, role in logins:
                self.stdout.write(f"  {username} / {password}  {role}")
            if getattr(settings, "REQUIRE_TWO_FACTOR", False):
                self.stdout.write(
                    "  Editors and administrators set up an authenticator app at first login."
                )
            else:
                self.stdout.write(
                    "  No second factor is asked here (REQUIRE_TWO_FACTOR=true asks for it)."
                )
        self.stdout.write(self.style.SUCCESS("Demo content is up to date."))
