"""No manual indexing step: an import is searchable when it ends, and an engine without an index
gets one on first start while an existing one is left alone."""

import io
import json
import os

from django.conf import settings as django_settings
from django.core.management import call_command

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from portal.settings.base import DATABASE_SEARCH, engine_search_settings
from resources.factories import StoryPageFactory
from resources.models import PracticeExamplePage
from search.indexing import ensure_search_index, search_index_missing
from search.models import IndexOutboxEntry, SearchWord

from .helpers import closed_port

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


def use_engine(settings, url):
    """The engine as production configures it: updates through the outbox."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **engine_search_settings("opensearch3", url, index_prefix=INDEX_PREFIX),
            "AUTO_UPDATE": False,
        },
        "fallback": DATABASE_SEARCH,
    }
    settings.SEARCH_OUTBOX_BACKENDS = ["default"]


@pytest.fixture
def engine(settings):
    """The real engine under index names no other test uses, removed afterwards."""
    configured = django_settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if configured is None:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    use_engine(settings, configured["URLS"][0])
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
    use_engine(settings, f"http://127.0.0.1:{closed_port()}")
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


def run_worker_for_two_rounds(monkeypatch, *options):
    """What `process_search_outbox --loop` prints in its first two rounds."""

    class WorkerStopped(Exception):
        pass

    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise WorkerStopped

    monkeypatch.setattr("search.management.commands.process_search_outbox.time.sleep", sleep)
    out = io.StringIO()
    with pytest.raises(WorkerStopped):
        call_command("process_search_outbox", "--loop", *options, stdout=out)
    return out.getvalue()


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
