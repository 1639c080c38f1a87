"""No manual indexing step: an import is searchable when it ends, and an engine without an index
gets one on first start while an existing one is left alone."""

import io
import json
import os
import threading
import types

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from opensearchpy.helpers import BulkIndexError

from communities.factories import PersonFactory
from resources.factories import StoryPageFactory
from resources.models import PracticeExamplePage, StoryPage
from search.indexing import (
    ensure_search_index,
    process_all_in_bulk,
    process_due,
    search_index_missing,
)
from search.models import IndexOutboxAction, IndexOutboxEntry, SearchWord
from search.vocabulary import rebuild_vocabulary

from .helpers import closed_port, use_engine

# Index names of their own, so these tests never touch another test's index.
INDEX_PREFIX = f"steps{os.getpid()}_"

IMPORT = [
    {
        "type": "community",
        "slug": "zeeuwse-kring",
        "title": "Zeeuwse kring",
        "intro": "Samen leren in Zeeland.",
    },
    {
        "type": "practice_example",
        "community": "zeeuwse-kring",
        "title": "Kwartiermakers in de polder",
    },
]


@pytest.fixture
def engine(settings):
    """The real engine under index names no other test uses, removed afterwards."""
    configured = django_settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if configured is None:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    use_engine(settings, configured["URLS"][0], INDEX_PREFIX)
    backend = get_search_backend()
    yield backend
    for name in backend.es.indices.get(index=f"{INDEX_PREFIX}*"):
        backend.es.indices.delete(index=name)


def page_index(backend):
    return backend.get_index_for_model(Page)


def write_import(tmp_path):
    path = tmp_path / "kennis.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in IMPORT), encoding="utf-8")
    return path


def found(backend, words, model=PracticeExamplePage):
    return [page.title for page in backend.search(words, model.objects.all())]


@pytest.mark.django_db
def test_an_imported_page_is_found_on_the_engine_as_soon_as_the_import_ends(engine, tmp_path):
    call_command("ensure_search_index", stdout=io.StringIO())
    assert found(engine, "kwartiermakers") == []

    call_command("import_content", str(write_import(tmp_path)), stdout=io.StringIO())

    # No update_index, no worker and no refresh in between.
    assert found(engine, "kwartiermakers") == ["Kwartiermakers in de polder"]
    assert not IndexOutboxEntry.objects.exists()


@pytest.mark.django_db
def test_an_imports_words_reach_the_vocabulary_without_a_rebuild(
    tmp_path, django_capture_on_commit_callbacks
):
    lines = [
        {**IMPORT[0], "intro": "Overleg in de polder."},
        {**IMPORT[1], "title": "Polderoverleg met kwartiermakers"},
    ]
    path = tmp_path / "kennis.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_content", str(path), stdout=io.StringIO())

    assert SearchWord.objects.get(word="polderoverleg").parts == " polder overleg "
    # The database backend sees no word inside another: the compound comes from the vocabulary.
    response = Client().get("/api/search/", {"q": "polder"})
    titles = {result["title"] for result in json.loads(response.content)["results"]}
    assert titles == {"Zeeuwse kring", "Polderoverleg met kwartiermakers"}


@pytest.mark.django_db
def test_an_import_into_an_engine_without_an_index_builds_the_whole_index(engine, tmp_path):
    StoryPageFactory(title="Vertelkaarten in de klas")
    assert search_index_missing()

    call_command("import_content", str(write_import(tmp_path)), stdout=io.StringIO())

    assert page_index(engine).is_alias()
    assert found(engine, "kwartiermakers") == ["Kwartiermakers in de polder"]
    # What was there before the import is in the new index too.
    assert found(engine, "vertelkaarten", Page) == ["Vertelkaarten in de klas"]


@pytest.mark.django_db
def test_an_import_while_the_engine_is_down_succeeds_and_says_what_waits(settings, tmp_path):
    use_engine(settings, f"http://127.0.0.1:{closed_port()}", INDEX_PREFIX)
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("import_content", str(write_import(tmp_path)), stdout=stdout, stderr=stderr)

    assert "Totaal: 2 nieuw, 0 bijgewerkt." in stdout.getvalue()
    assert PracticeExamplePage.objects.filter(title="Kwartiermakers in de polder").exists()
    waiting = IndexOutboxEntry.objects.count()
    assert waiting >= 2
    assert f"De zoekmachine is niet bereikbaar: {waiting} indexwijzigingen wachten" in (
        stderr.getvalue()
    )


@pytest.mark.django_db
def test_an_engine_without_an_index_gets_one_and_keeps_it_on_the_next_start(engine):
    StoryPageFactory(title="Vertelkaarten in de klas")
    assert not page_index(engine).exists()

    first = io.StringIO()
    call_command("ensure_search_index", stdout=first)

    assert "De zoekindex is opgebouwd" in first.getvalue()
    assert page_index(engine).is_alias()
    built = [index.name for index in page_index(engine).aliased_indices()]
    assert found(engine, "vertelkaarten", Page) == ["Vertelkaarten in de klas"]

    again = io.StringIO()
    call_command("ensure_search_index", stdout=again)

    assert again.getvalue().strip() == "De zoekindex bestaat al."
    assert [index.name for index in page_index(engine).aliased_indices()] == built


@pytest.mark.django_db
def test_a_rebuild_sends_its_chunks_from_the_background_and_indexes_every_page(
    engine, monkeypatch
):
    titles = [f"Vertelkaart {number}" for number in range(5)]
    for title in titles:
        StoryPageFactory(title=title)
    senders = []
    bulk = type(engine).bulk

    def recording(self, *args, **kwargs):
        senders.append(threading.current_thread())
        return bulk(self, *args, **kwargs)

    monkeypatch.setattr(type(engine), "bulk", recording)

    call_command("update_index", chunk_size=2, stdout=io.StringIO())

    # Five stories in chunks of two, and the site's other pages: every chunk was sent while
    # the command went on reading, and every page is in the index the alias now names.
    assert len(senders) >= 3
    assert threading.current_thread() not in senders
    assert sorted(found(engine, "vertelkaart", StoryPage)) == titles


@pytest.mark.django_db
def test_a_rebuild_whose_chunk_the_engine_refuses_fails_and_leaves_the_index_in_use(
    engine, monkeypatch
):
    StoryPageFactory(title="Vertelkaarten in de klas")
    call_command("ensure_search_index", stdout=io.StringIO())
    built = [index.name for index in page_index(engine).aliased_indices()]
    refused = StoryPageFactory(title="Verteltas voor de kleuters")
    search_date = StoryPage.search_date

    def not_a_date_for_refused(page):
        return "geen datum" if page.pk == refused.pk else search_date(page)

    # A document the engine's mapping refuses (a date field that holds no date): the bulk
    # request fails in the background, after the command has moved on.
    monkeypatch.setattr(StoryPage, "search_date", not_a_date_for_refused)

    with pytest.raises(BulkIndexError):
        call_command("update_index", stdout=io.StringIO())

    assert [index.name for index in page_index(engine).aliased_indices()] == built
    assert found(engine, "vertelkaarten", Page) == ["Vertelkaarten in de klas"]


@pytest.mark.django_db
def test_an_index_a_stray_write_created_without_the_portals_mapping_is_rebuilt(engine):
    # What an update sent to an engine without an index leaves: an index, but no alias and
    # none of the portal's analysis.
    engine.es.index(index=page_index(engine).name, body={"title": "los"}, id="1")
    assert page_index(engine).exists() and not page_index(engine).is_alias()

    assert ensure_search_index() is True

    assert page_index(engine).is_alias()
    assert ensure_search_index() is False


@pytest.mark.django_db
def test_the_outbox_worker_builds_a_missing_index_when_it_starts(engine, monkeypatch):
    class WorkerStopped(Exception):
        pass

    def stop(seconds):
        raise WorkerStopped

    monkeypatch.setattr("search.management.commands.process_search_outbox.time.sleep", stop)

    with pytest.raises(WorkerStopped):
        call_command("process_search_outbox", "--loop", stdout=io.StringIO())

    assert page_index(engine).is_alias()


@pytest.mark.django_db
def test_the_database_backend_needs_no_index_built():
    assert search_index_missing() is False
    out = io.StringIO()
    call_command("ensure_search_index", stdout=out)
    assert out.getvalue().strip() == "De zoekindex bestaat al."


def run_worker(monkeypatch, *options, between=(), rounds=2, stderr=None):
    """What `process_search_outbox --loop` prints in its first `rounds` rounds; `between`
    holds what happens after each round but the last."""

    class WorkerStopped(Exception):
        pass

    sleeps = []

    def sleep(seconds):
        if len(sleeps) < len(between):
            between[len(sleeps)]()
        sleeps.append(seconds)
        if len(sleeps) == rounds:
            raise WorkerStopped

    monkeypatch.setattr("search.management.commands.process_search_outbox.time.sleep", sleep)
    out = io.StringIO()
    with pytest.raises(WorkerStopped):
        call_command(
            "process_search_outbox", "--loop", *options, stdout=out, stderr=stderr or io.StringIO()
        )
    return out.getvalue()


def run_worker_for_two_rounds(monkeypatch, *options):
    """What `process_search_outbox --loop` prints in its first two rounds."""
    return run_worker(monkeypatch, *options)


@pytest.mark.django_db
def test_the_outbox_worker_rebuilds_the_vocabulary_when_it_is_due(monkeypatch):
    # Saves only add words; a word of a page unpublished since stays until a rebuild.
    SearchWord.objects.create(word="ingetrokken", documents=1)

    output = run_worker_for_two_rounds(monkeypatch, "--vocabulary-hours=0.000000001")

    assert not SearchWord.objects.filter(word="ingetrokken").exists()
    assert "Zoekwoordenlijst opnieuw opgebouwd" in output


@pytest.mark.django_db
def test_the_outbox_worker_leaves_the_vocabulary_alone_when_told(monkeypatch):
    SearchWord.objects.create(word="ingetrokken", documents=1)

    output = run_worker_for_two_rounds(monkeypatch, "--vocabulary-hours=0")

    assert SearchWord.objects.filter(word="ingetrokken").exists()
    assert "Zoekwoordenlijst" not in output


class RecordingBackend:
    """An engine that remembers the ids of what it was sent."""

    def __init__(self):
        self.added, self.deleted = set(), set()

    def add(self, obj):
        self.added.add(str(obj.pk))

    def add_bulk(self, model, objects):
        self.added.update(str(obj.pk) for obj in objects)

    def delete(self, obj):
        self.deleted.add(str(obj.pk))

    def get_index_for_model(self, model):
        return types.SimpleNamespace(refresh=lambda: None)


@pytest.fixture
def recording_backend(settings, monkeypatch):
    settings.SEARCH_OUTBOX_BACKENDS = ["default"]
    backend = RecordingBackend()
    monkeypatch.setattr("search.indexing.get_search_backend", lambda name: backend)
    return backend


def outbox_update(obj):
    """An update of `obj` waiting in the outbox, whatever its save recorded."""
    IndexOutboxEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        defaults={"action": IndexOutboxAction.UPDATE, "next_attempt_at": timezone.now()},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("process", [process_due, process_all_in_bulk])
def test_an_object_no_longer_to_be_found_leaves_the_engine_one_at_a_time_or_in_bulk(
    recording_backend, process
):
    # Withdrawn consent: still in the database, no longer in Person.get_indexed_objects(); an
    # update recorded before the withdrawal is still waiting.
    withdrawn = PersonFactory(consent_to_contact=False)
    outbox_update(withdrawn)

    process()

    assert recording_backend.deleted == {str(withdrawn.pk)}
    assert recording_backend.added == set()
    assert not IndexOutboxEntry.objects.exists()


@pytest.mark.django_db
def test_a_large_batch_of_applied_updates_leaves_the_outbox(recording_backend, monkeypatch):
    # A batch of any size: one condition per entry in a single query would pass SQLite's
    # expression depth (1,000) and make PostgreSQL plan a huge OR.
    monkeypatch.setattr("search.indexing.BULK_CHUNK_SIZE", 2000)
    person = PersonFactory(consent_to_contact=True)
    content_type = ContentType.objects.get_for_model(person)
    now = timezone.now()
    IndexOutboxEntry.objects.bulk_create(
        IndexOutboxEntry(
            content_type=content_type,
            object_id=str(object_id),
            action=IndexOutboxAction.DELETE,
            next_attempt_at=now,
        )
        for object_id in range(person.pk + 1, person.pk + 1200)
    )
    outbox_update(person)

    assert process_all_in_bulk() == (1200, 0)
    assert recording_backend.added == {str(person.pk)}
    assert len(recording_backend.deleted) == 1199


@pytest.mark.django_db
def test_the_worker_rebuilds_the_vocabulary_in_the_round_after_a_page_is_unpublished(
    monkeypatch,
):
    story = StoryPageFactory(title="Zwerfkeiendag in Drenthe")
    rebuild_vocabulary()
    assert SearchWord.objects.filter(word="zwerfkeiendag").exists()
    still_there = []

    def unpublish():
        still_there.append(SearchWord.objects.filter(word="zwerfkeiendag").exists())
        story.unpublish()

    output = run_worker(monkeypatch, between=[lambda: None, unpublish], rounds=3)

    # Not in the quiet first round, in the round after the page went: not a day later.
    assert still_there == [True]
    assert not SearchWord.objects.filter(word="zwerfkeiendag").exists()
    assert output.count("Zoekwoordenlijst opnieuw opgebouwd") == 1


@pytest.mark.django_db
def test_a_database_error_in_the_vocabulary_rebuild_leaves_the_worker_running(monkeypatch):
    SearchWord.objects.create(word="ingetrokken", documents=1)
    attempts = []

    def rebuild():
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        return rebuild_vocabulary()

    monkeypatch.setattr(
        "search.management.commands.process_search_outbox.rebuild_vocabulary", rebuild
    )
    stderr = io.StringIO()

    output = run_worker(monkeypatch, "--vocabulary-hours=0.000000001", stderr=stderr)

    assert "Zoekwoordenlijst niet opgebouwd" in stderr.getvalue()
    # The outbox went on in that round, and the next round rebuilt the vocabulary.
    assert output.count("toegepast") == 2
    assert len(attempts) == 2
    assert not SearchWord.objects.filter(word="ingetrokken").exists()


@pytest.mark.django_db
def test_the_worker_asks_for_the_index_each_round_until_the_engine_has_answered(monkeypatch):
    answers = [CommandError("Connection refused"), CommandError("Connection refused"), None]
    asked = []

    def ensure(name, stdout):
        asked.append(name)
        answer = answers.pop(0)
        if answer is not None:
            raise answer

    monkeypatch.setattr("search.management.commands.process_search_outbox.call_command", ensure)
    stderr = io.StringIO()

    output = run_worker(monkeypatch, rounds=4, stderr=stderr)

    assert asked == ["ensure_search_index"] * 3
    assert stderr.getvalue().count("Zoekindex niet gecontroleerd") == 2
    # No update reaches the engine before its index is there: only the last two rounds send.
    assert output.count("toegepast") == 2


@pytest.mark.django_db
def test_the_vocabulary_command_reports_in_dutch():
    out = io.StringIO()

    call_command("rebuild_search_vocabulary", stdout=out)

    assert out.getvalue().startswith("Zoekwoordenlijst opgebouwd: ")
