"""Rebuild the search vocabulary from everything visitors may find now."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = (
        "Rebuild the words search uses for compounds, typos and 'Bedoelde je' from the public "
        "pages, the taxonomy and the people in 'Wie weet wat'. Safe to run at any time."
    )

    def handle(self, *args, **options):
        count = rebuild_vocabulary()
        self.stdout.write(_("Zoekwoordenlijst opgebouwd: %(count)d woorden.") % {"count": count})
