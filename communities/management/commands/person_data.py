"""Export or erase everything the portal stores about one person (GDPR; docs/privacy.md)."""

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from communities.models import Person
from communities.privacy import delete_person, export_person


def find_person(identifier):
    """The person with this id or email address; an unknown or ambiguous one is an error."""
    identifier = identifier.strip()
    if identifier.isdigit():
        person = Person.objects.filter(pk=int(identifier)).first()
        if person is None:
            raise CommandError(f"No person with id {identifier}.")
        return person
    matches = list(Person.objects.filter(email__iexact=identifier).order_by("pk"))
    if not matches:
        raise CommandError(f"No person with email address {identifier!r}.")
    if len(matches) > 1:
        ids = ", ".join(str(person.pk) for person in matches)
        raise CommandError(
            f"{len(matches)} people have email address {identifier!r} (ids {ids}); "
            "give the id of the one you mean."
        )
    return matches[0]


class Command(BaseCommand):
    help = (
        "Export a person's data as JSON, or delete the person with their roles and the "
        "messages relayed to them. The person is given by id or email address."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "delete"])
        parser.add_argument("person", help="The person's id or email address.")
        parser.add_argument("--output", help="export: write the JSON to this file.")
        parser.add_argument(
            "--yes", action="store_true", help="delete: do not ask for confirmation."
        )

    def handle(self, *args, action, person, output=None, yes=False, **options):
        person = find_person(person)
        if action == "export":
            self.export(person, output)
        else:
            self.delete(person, yes)

    def export(self, person, output):
        text = json.dumps(export_person(person), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Exported person {person.pk} to {output}.")
        else:
            self.stdout.write(text)

    def delete(self, person, yes):
        summary = (
            f"person {person.pk} ({person.name}) with {person.community_roles.count()} "
            f"community roles and {person.contact_messages.count()} relayed messages"
        )
        if not yes:
            if os.environ.get("CI") or not sys.stdin.isatty():
                raise CommandError(f"Not deleting {summary} without --yes.")
            answer = input(f"Delete {summary}? Type 'yes' to confirm: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing deleted.")
        delete_person(person)
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))
