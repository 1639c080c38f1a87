"""on_commit_once: once per transaction, and never blocked by an earlier rollback."""

from django.db import transaction

import pytest

from home.transactions import on_commit_once


class Boom(Exception):
    pass


@pytest.mark.django_db
def test_asked_twice_it_runs_once_and_a_rollback_does_not_block_the_next_transaction(
    django_capture_on_commit_callbacks,
):
    calls = []

    def callback():
        calls.append("run")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Boom), transaction.atomic():
            on_commit_once(callback)
            raise Boom
        with transaction.atomic():
            on_commit_once(callback)
            on_commit_once(callback)

    assert calls == ["run"]
