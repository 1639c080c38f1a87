"""Transaction helpers shared by the apps."""

from contextlib import nullcontext

from django.db import transaction


def on_commit_once(func):
    """Run `func` after the current transaction commits, once however often it is asked for.

    Looks at the callbacks waiting on this connection rather than keeping a flag of its own: a
    flag would outlive a rollback, which drops the callback, and block it for good.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        waiting[1] is func for waiting in connection.run_on_commit
    ):
        return
    transaction.on_commit(func)


def savepoint_if_needed(using=None):
    """A savepoint while a transaction is open, so that a statement failing within rolls back
    alone and leaves the caller's transaction usable; nothing in autocommit, where each
    statement is its own transaction already and the block would only cost a BEGIN and a
    COMMIT. For writes on the side of a request, such as the search's query log, whose
    statements need not stand or fall together."""
    if transaction.get_connection(using).in_atomic_block:
        return transaction.atomic(using=using)
    return nullcontext()
