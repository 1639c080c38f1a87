"""Durable index updates for the search engine: the outbox.

Wagtail updates its search backends right after a save and, when an engine is down, only logs
the failure and forgets the change. Backends listed in SEARCH_OUTBOX_BACKENDS are taken out of
that path (AUTO_UPDATE off) and fed from here instead: every change first becomes an
IndexOutboxEntry in the same transaction, is applied after commit, and stays until the engine
has accepted it. `manage.py process_search_outbox` (or its --loop worker) retries what is left.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from modelsearch.index import get_indexed_instance
from wagtail.search.backends import get_search_backend

from .models import IndexOutboxAction, IndexOutboxEntry

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_BACKOFF = timedelta(hours=1)


def outbox_backends():
    return list(getattr(settings, "SEARCH_OUTBOX_BACKENDS", []))


def record_change(instance, action):
    """Remember that `instance` must be (re)indexed or removed, then try once after commit."""
    if not outbox_backends():
        return
    indexed = get_indexed_instance(instance, check_exists=False)
    if indexed is None:
        return
    content_type = ContentType.objects.get_for_model(type(indexed))
    IndexOutboxEntry.objects.update_or_create(
        content_type=content_type,
        object_id=str(indexed.pk),
        defaults={
            "action": action,
            "attempts": 0,
            "next_attempt_at": timezone.now(),
            "last_error": "",
        },
    )
    if not getattr(transaction.get_connection(), "_search_outbox_pending", False):
        # One processing run per transaction, however many objects it saved.
        transaction.get_connection()._search_outbox_pending = True
        transaction.on_commit(_process_after_commit)


def _process_after_commit():
    transaction.get_connection()._search_outbox_pending = False
    process_due()


def _apply(entry, backends):
    model = entry.content_type.model_class()
    obj = model._default_manager.filter(pk=entry.object_id).first() if model else None
    for backend in backends:
        if entry.action == IndexOutboxAction.DELETE or obj is None:
            backend.delete(model(pk=entry.object_id))
        else:
            indexed = get_indexed_instance(obj)
            if indexed is not None:
                backend.add(indexed)


def process_due(limit=BATCH_SIZE, include_waiting=False):
    """Apply pending updates; returns (applied, failed). Never raises for an engine failure."""
    names = outbox_backends()
    if not names:
        return 0, 0
    backends = [get_search_backend(name) for name in names]
    entries = IndexOutboxEntry.objects.select_related("content_type").order_by("created_at")
    if not include_waiting:
        entries = entries.filter(next_attempt_at__lte=timezone.now())
    applied = failed = 0
    for entry in entries[:limit]:
        try:
            _apply(entry, backends)
        except Exception as error:  # any engine failure: keep the entry and back off
            failed += 1
            entry.attempts += 1
            entry.last_error = f"{type(error).__name__}: {error}"[:2000]
            backoff = min(timedelta(seconds=2**entry.attempts), MAX_BACKOFF)
            entry.next_attempt_at = timezone.now() + backoff
            entry.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "Search index update for %s postponed (attempt %d): %s",
                entry,
                entry.attempts,
                entry.last_error,
            )
            # The engine is down: the rest would fail the same way, slowly.
            break
        else:
            IndexOutboxEntry.objects.filter(
                pk=entry.pk, next_attempt_at=entry.next_attempt_at, action=entry.action
            ).delete()
            applied += 1
    return applied, failed
