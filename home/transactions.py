"""Transaction helpers shared by the apps."""

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
