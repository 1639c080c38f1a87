"""Publish what editors scheduled and unpublish what expired: Wagtail's publish_scheduled, as a
worker beside the web server."""

import io

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import DraftStateMixin, Page, Revision

from home.workers import WorkerCommand, one_at_a_time


def due_changes():
    """How many live objects are past their expiry time and how many scheduled revisions are
    due: what publish_scheduled will change, counted the way it finds them."""
    now = timezone.now()
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    expired = sum(model.objects.filter(live=True, expire_at__lt=now).count() for model in models)
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    return expired, due


class Command(WorkerCommand):
    help = (
        "Publish scheduled pages and unpublish expired ones (Wagtail's publish_scheduled); "
        "with --loop, keep doing so as a worker."
    )

    def work(self):
        # Wagtail's command takes no lock of its own: two workers would publish a revision
        # twice. The one that finds another at work leaves this round to it.
        with one_at_a_time("scheduled-publishing") as granted:
            if not granted:
                return False, "Een andere worker publiceert al; deze ronde niet."
            expired, due = due_changes()
            # Wagtail's command reports only in its dry run; the counts above say what it did.
            call_command("publish_scheduled", stdout=io.StringIO())
        return bool(
            expired or due
        ), f"{due} gepland gepubliceerd, {expired} verlopen gedepubliceerd."
