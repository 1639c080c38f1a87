"""The embedded vector index of the database backend (search.semantic.vectors.LocalVectors):
held in memory while the table is small, mapped from a snapshot file once it is large, with
the changes since held beside it, and never built within a search when that would take long.

The vectors here are unit vectors, one direction per page, so that the page nearest to a
direction is known without the encoder.
"""

import io

from django.core.management import call_command

import numpy as np
import pytest

from resources.factories import StoryPageFactory
from search.models import PageEmbedding
from search.semantic import vectors
from search.semantic.encoder import DIMENSIONS, model_version, to_bytes


def direction(number):
    vector = np.zeros(DIMENSIONS, dtype=np.float32)
    vector[number] = 1.0
    return vector


def embed(page, number, text="tekst"):
    PageEmbedding.objects.update_or_create(
        page=page,
        model_version=model_version(),
        chunk=0,
        defaults={"text_hash": f"{text}-{number}", "vector": to_bytes(direction(number))},
    )


@pytest.fixture
def snapshots(settings, tmp_path, monkeypatch):
    """A directory of its own, and a table of more than three rows counting as large."""
    settings.VECTOR_INDEX_DIR = tmp_path / "vectors"
    monkeypatch.setattr(vectors, "IN_MEMORY_LIMIT", 3)
    return settings.VECTOR_INDEX_DIR


@pytest.fixture
def pages(settings):
    """Five pages, page n pointing in direction n, and only so: in a test whose transactions
    commit, publishing would have the encoder add vectors of their real texts."""
    settings.SEMANTIC_SEARCH = False
    made = [StoryPageFactory(title=f"Verhaal {number}") for number in range(5)]
    for number, page in enumerate(made):
        embed(page, number)
    vectors.vectors_changed()
    return made


def nearest_page(index, number):
    return index.nearest(direction(number), 5)[0][0]


def finish_building(index):
    index.builder.join(timeout=60)
    assert not index.builder.is_alive()


@pytest.mark.django_db
def test_a_small_table_is_held_in_memory_and_written_nowhere(settings, tmp_path):
    settings.VECTOR_INDEX_DIR = tmp_path / "vectors"
    made = [StoryPageFactory(title=f"Verhaal {number}") for number in range(3)]
    for number, page in enumerate(made):
        embed(page, number)
    index = vectors.LocalVectors()

    assert [nearest_page(index, number) for number in range(3)] == [page.pk for page in made]
    assert index.snapshot is None and index.count() == 3
    assert not settings.VECTOR_INDEX_DIR.exists()


@pytest.mark.django_db
def test_every_process_answers_from_one_snapshot_without_holding_it(snapshots, pages):
    path = vectors.build_snapshot()
    first, second = vectors.LocalVectors(), vectors.LocalVectors()

    assert [nearest_page(first, number) for number in range(5)] == [page.pk for page in pages]
    assert nearest_page(second, 4) == pages[4].pk
    for index in (first, second):
        assert index.snapshot.path == path
        assert index.page_of == {}
        assert index.count() == 5


@pytest.mark.django_db
def test_changes_after_the_snapshot_are_held_beside_it(snapshots, pages):
    vectors.build_snapshot()
    index = vectors.LocalVectors()
    index.count()
    added = StoryPageFactory(title="Verhaal 5")
    embed(added, 5)
    # Page 1 now means what direction 9 points at; page 3 has no vectors any more.
    embed(pages[1], 9, text="herschreven")
    PageEmbedding.objects.filter(page=pages[3]).delete()
    vectors.vectors_changed()

    assert nearest_page(index, 5) == added.pk
    assert nearest_page(index, 9) == pages[1].pk
    assert nearest_page(index, 1) != pages[1].pk
    assert pages[3].pk not in dict(index.nearest(direction(3), 10))
    assert sorted(index.held) == sorted(
        PageEmbedding.objects.filter(page__in=[added, pages[1]]).values_list("pk", flat=True)
    )
    assert index.count() == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_table_without_a_snapshot_is_built_in_the_background_while_words_answer(
    snapshots, pages
):
    index = vectors.LocalVectors()

    with pytest.raises(vectors.VectorIndexUnavailable, match="being built"):
        index.nearest(direction(2), 5)
    finish_building(index)

    assert nearest_page(index, 2) == pages[2].pk
    assert index.snapshot is not None and index.page_of == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_changes_beside_a_snapshot_build_the_next_one(snapshots, pages, monkeypatch):
    monkeypatch.setattr(vectors, "REBUILD_AFTER", 1)
    first = vectors.build_snapshot()
    index = vectors.LocalVectors()
    index.count()
    for number in (5, 6):
        embed(StoryPageFactory(title=f"Verhaal {number}"), number)
    vectors.vectors_changed()

    assert index.count() == 7
    finish_building(index)
    assert index.count() == 7

    assert index.snapshot.path != first and not first.exists()
    assert index.page_of == {}


@pytest.mark.django_db
def test_a_snapshot_that_cannot_be_built_is_told_to_the_search(snapshots, pages):
    # Where the directory should be, a file: the build fails, as on a disk without room.
    snapshots.parent.mkdir(parents=True, exist_ok=True)
    snapshots.write_text("")
    index = vectors.LocalVectors()

    with pytest.raises(vectors.VectorIndexUnavailable, match="being built"):
        index.nearest(direction(2), 5)
    finish_building(index)

    with pytest.raises(vectors.VectorIndexUnavailable, match="could not be built"):
        index.nearest(direction(2), 5)


@pytest.mark.django_db
def test_ensure_search_index_builds_the_snapshot_of_a_large_table_once(snapshots, pages, settings):
    settings.SEMANTIC_SEARCH = True
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    first, again = io.StringIO(), io.StringIO()

    call_command("ensure_search_index", stdout=first)
    call_command("ensure_search_index", stdout=again)

    assert "De vectorindex is opgebouwd met 5 stukken tekst." in first.getvalue()
    assert "vectorindex" not in again.getvalue()
    assert len(list(snapshots.glob("*.usearch"))) == 1
