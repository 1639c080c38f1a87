"""The workers of `make test-cluster` killed halfway through a batch, as a machine fails, and
started again: no index update and no email is lost, and none is done twice."""

import re
import time
from collections import Counter

from django.db import transaction

from cluster.run import wait_until

# Enough for a batch to take a few seconds, so that the kill lands in the middle of one.
PAGES = 300
EMAILS = 600


def kill_halfway(cluster, name, done, total):
    """Start the worker `name` and kill it once it did part of its `total` items (`done()`
    counts them): what it did so far, at least one and not all."""
    worker = cluster.start_worker(name)
    wait_until(f"{name} under way", lambda: done() >= total // 4, 120)
    worker.kill()
    so_far = done()
    assert 0 < so_far < total, f"{name} was not killed halfway: {so_far} of {total} done"
    return so_far


def test_a_search_worker_killed_halfway_through_a_batch_loses_no_index_update(cluster):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    from wagtail.models import Page

    from home.models import HomePage, StandardPage
    from resources.management.commands.import_content import CHATTY_LOGGERS, quiet_loggers
    from search.indexing import deferred_indexing
    from search.models import IndexOutboxAction, IndexOutboxEntry

    cluster.processes["search-outbox"].stop()
    home = HomePage.objects.get()
    # Wagtail logs each of the hundreds of pages made and removed here.
    with quiet_loggers(CHATTY_LOGGERS), deferred_indexing(), transaction.atomic():
        pks = [
            home.add_child(
                instance=StandardPage(title=f"Werkplaats {number}", slug=f"werkplaats-{number}")
            ).pk
            for number in range(PAGES)
        ]
    # Renamed, and the renaming recorded in the outbox as a save records it (replacing what
    # may still wait of the creation), but left to the worker alone: no request here applies
    # it after the commit.
    with transaction.atomic():
        Page.objects.filter(pk__in=pks).update(
            title=Concat(Value("Kraanvogelwerkplaats "), Cast("pk", CharField()))
        )
        IndexOutboxEntry.objects.bulk_create(
            [
                IndexOutboxEntry(
                    content_type=ContentType.objects.get_for_model(StandardPage),
                    object_id=str(pk),
                    action=IndexOutboxAction.UPDATE,
                )
                for pk in pks
            ],
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["action", "attempts", "next_attempt_at"],
        )

    waiting = IndexOutboxEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StandardPage), object_id__in=map(str, pks)
    )

    def applied():
        return PAGES - waiting.count()

    so_far = kill_halfway(cluster, "search-outbox", applied, PAGES)
    cluster.start_worker("search-outbox")
    wait_until("the outbox emptied", lambda: applied() == PAGES, 120)

    def found():
        return {page.pk for page in StandardPage.objects.search("Kraanvogelwerkplaats")[:1000]}

    # Every page once under its new title: an update applied again (the one under way when
    # the worker died) rewrites the same document.
    wait_until("the renamed pages searchable", lambda: found() == set(pks), 30)
    print(f"\nsearch outbox: worker killed after {so_far} of {PAGES} updates; none lost")
    with quiet_loggers(CHATTY_LOGGERS):
        Page.objects.filter(pk__in=pks).delete()


def test_a_mail_worker_killed_halfway_through_a_batch_loses_no_email_and_sends_none_twice(
    cluster,
):
    from home.outgoing_mail import QueuedEmail

    cluster.processes["mail"].stop()
    subject = f"Nieuwsbrief {time.time_ns()}"
    emails = QueuedEmail.objects.bulk_create(
        QueuedEmail(to=f"lid{number}@example.org", subject=subject, body="Tot ziens.")
        for number in range(EMAILS)
    )

    def sent():
        return QueuedEmail.objects.filter(subject=subject).exclude(sent_at=None).count()

    so_far = kill_halfway(cluster, "mail", sent, EMAILS)
    worker = cluster.start_worker("mail")
    wait_until("the queue emptied", lambda: sent() == EMAILS, 120)

    # The console backend writes each email the mail worker sends into its log, which the
    # restarted worker goes on writing.
    written = Counter(re.findall(r"^Message-ID: (<[^>]+>)$", worker.log.read_text(), re.M))
    expected = {email.message_id for email in emails}
    assert not expected - set(written), "lost"
    again = {message_id: written[message_id] for message_id in expected if written[message_id] > 1}
    print(f"\nmail: worker killed after {so_far} of {EMAILS} emails; written again: {again}")
    # At most the one email under way when the worker died: written, but not yet recorded as
    # sent. It went again under the same Message-ID, by which mail programs show it once.
    assert len(again) <= 1 and set(again.values()) <= {2}, again
