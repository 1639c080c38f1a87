"""Bring groups, permissions and workflows up to date (also runs after every migrate)."""

from django.core.management.base import BaseCommand

from communities.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the editors', administrators' and community groups and workflows."

    def handle(self, *args, **options):
        setup_roles()
        self.stdout.write(self.style.SUCCESS("Rollen en workflows zijn bijgewerkt."))
