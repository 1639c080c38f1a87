"""Changes made while the engine is down are kept and reach it once it is back."""

import io
import os

from django.conf import settings as django_settings
from django.core.management import call_command

from wagtail.search.backends import get_search_backend

import pytest

from resources.factories import StoryPageFactory
from search.models import IndexOutboxEntry

from .helpers import closed_port, use_engine

# Index names of their own, so these tests never touch another test's index.
INDEX_PREFIX = f"durability{os.getpid()}_"


def live_engine_url():
    engine = django_settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if engine is None:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    return engine["URLS"][0]


@pytest.mark.django_db
def test_a_change_made_while_the_engine_is_down_waits_in_the_outbox(
    settings, django_capture_on_commit_callbacks
):
    use_engine(settings, f"http://127.0.0.1:{closed_port()}", INDEX_PREFIX)

    with django_capture_on_commit_callbacks(execute=True):
        story = StoryPageFactory(title="Geschreven tijdens de storing", live=False)
        story.save_revision().publish()

    story.refresh_from_db()
    assert story.live
    assert IndexOutboxEntry.objects.filter(object_id=str(story.pk)).exists()
    # One attempt after commit failed; it stopped there rather than try every entry in vain.
    tried = IndexOutboxEntry.objects.get(attempts=1)
    assert "Connection" in tried.last_error
    assert tried.next_attempt_at > tried.created_at


@pytest.mark.django_db
def test_after_the_engine_returns_the_waiting_change_becomes_searchable(
    settings, django_capture_on_commit_callbacks
):
    engine_url = live_engine_url()
    use_engine(settings, engine_url, INDEX_PREFIX)
    call_command("update_index", stdout=io.StringIO())  # the index as it was before the outage
    use_engine(settings, f"http://127.0.0.1:{closed_port()}", INDEX_PREFIX)
    with django_capture_on_commit_callbacks(execute=True):
        story = StoryPageFactory(title="Kwartiermakers in Zeeland", live=False)
        story.save_revision().publish()
    assert IndexOutboxEntry.objects.filter(object_id=str(story.pk)).exists()

    use_engine(settings, engine_url, INDEX_PREFIX)
    backend = get_search_backend()
    assert not list(backend.search("kwartiermakers", type(story).objects.all()))
    call_command("process_search_outbox", "--now", stdout=io.StringIO())
    backend.get_index_for_model(type(story)).refresh()

    assert not IndexOutboxEntry.objects.exists()
    found = [page.pk for page in backend.search("kwartiermakers", type(story).objects.all())]
    assert found == [story.pk]


@pytest.mark.django_db
def test_a_newer_change_replaces_the_waiting_one(settings):
    use_engine(settings, f"http://127.0.0.1:{closed_port()}", INDEX_PREFIX)
    story = StoryPageFactory(title="Eerste versie")

    story.title = "Tweede versie"
    story.save()

    assert IndexOutboxEntry.objects.filter(object_id=str(story.pk)).count() == 1


@pytest.mark.django_db
def test_a_bulk_import_reaches_both_backends_once_in_bulk(
    settings, django_capture_on_commit_callbacks
):
    from resources.importing import import_lines

    engine_url = live_engine_url()
    use_engine(settings, engine_url, INDEX_PREFIX)
    call_command("update_index", stdout=io.StringIO())
    lines = [
        '{"type": "community", "slug": "kring", "title": "Kring", "intro": "Samen leren."}',
        *[
            f'{{"type": "practice_example", "community": "kring", "title": "Kwartiermaker {n}"}}'
            for n in range(3)
        ],
    ]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = import_lines(lines)

    assert result.ok, result.errors
    # One outbox run for the whole import, not one per page.
    assert [callback.__name__ for callback in callbacks].count("_process_after_commit") == 1
    from resources.models import PracticeExamplePage

    imported = set(PracticeExamplePage.objects.values_list("pk", flat=True))
    fallback = get_search_backend("fallback")
    assert {page.pk for page in fallback.search("kwartiermaker", PracticeExamplePage)} == imported
    engine = get_search_backend()
    engine.get_index_for_model(PracticeExamplePage).refresh()
    assert {page.pk for page in engine.search("kwartiermaker", PracticeExamplePage)} == imported
    assert not IndexOutboxEntry.objects.exists()
