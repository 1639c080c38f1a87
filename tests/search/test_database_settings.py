"""What the PostgreSQL search backend relies on in the database itself."""

from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from resources.factories import StoryPageFactory
from search.query import searchable_pages

pytestmark = pytest.mark.django_db


def _postgresql():
    # The suite runs on PostgreSQL in CI (`make test`); the embedded default has neither.
    return connection.vendor == "postgresql"


def test_sessions_run_without_jit_compilation():
    with connection.cursor() as cursor:
        if _postgresql():
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)
        else:
            assert "options" not in connection.settings_dict.get("OPTIONS", {})


def test_the_backends_match_can_use_the_title_and_body_index():
    from wagtail.search.backends import get_search_backend

    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    backend = get_search_backend()
    results = backend.search("mentoraat", searchable_pages(), order_by_relevance=False)
    matched = results.get_queryset().values("pk")
    assert list(matched)
    if not _postgresql():
        return
    sql, _params = matched.query.sql_with_params()
    # The expression the backend matches is the one the migration indexes ...
    indexed = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert indexed in sql
    with connection.cursor() as cursor:
        # ... and the index answers it: a table this small would otherwise be read whole.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT object_id FROM wagtailsearch_indexentry WHERE {indexed} "
            "plainto_tsquery('dutch', %s)",
            ["mentoraat"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_title_body_gin" in plan


def test_a_match_over_every_page_type_is_found_through_the_title_and_body_index():
    """The portal's own statements over the index entries (home.wagtail_overrides) name the
    content types the searched model covers, nearly every entry for Page; a condition the
    content type's index could answer led the planner to read every entry of those types
    and match each, rather than ask the title and body index (8 against 73 ms at 20,000
    pages for a broad query)."""
    from wagtail.search.backends import get_search_backend

    from home.wagtail_overrides import database_matches
    from search.query import through_indexes

    for number in range(3):
        StoryPageFactory(title=f"Mentoraat {number}", intro="Over mentoraat.")
    results = get_search_backend().search(
        "mentoraat", searchable_pages(), order_by_relevance=False
    )
    matches = database_matches(results)
    if not _postgresql():
        assert matches is None
        return
    assert len(matches) == 3
    sql, params = matches.query.sql_with_params()
    with through_indexes("default"), connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_title_body_gin" in plan
    assert "wagtailsearch_indexentry_content_type_id" not in plan


def test_a_phrase_is_found_in_the_title_or_the_body_through_their_own_indexes():
    """A phrase needs its words' positions, which no GIN index holds: every entry with all its
    words is read and checked. Checked on each column's own index, not on `title || body`
    joined anew for every entry, that took half the time at 20,000 pages."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.query import Phrase

    from home.wagtail_overrides import database_matches
    from search.query import through_indexes

    in_title = StoryPageFactory(title="Samen leren in de wijk", intro="Een verslag.")
    in_body = StoryPageFactory(title="Een verslag", intro="Wij gaan samen leren in de wijk.")
    # All the words, not the phrase.
    StoryPageFactory(title="Leren in de wijk", intro="Samen met ouders.")
    results = get_search_backend().search(
        Phrase("samen leren in de wijk"), searchable_pages(), order_by_relevance=False
    )
    matches = database_matches(results)
    if not _postgresql():
        assert matches is None
        return
    assert {row["object_pk"] for row in matches} == {in_title.pk, in_body.pk}
    sql, params = matches.query.sql_with_params()
    with through_indexes("default"), connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "title || body" not in plan
    assert "Bitmap Index Scan" in plan


def _seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        return cursor.fetchone()[0]


def test_index_only_planning_holds_within_its_block_and_not_after():
    from search.query import through_indexes

    def fail():
        raise RuntimeError("within the block")

    with through_indexes("default"):
        inside = _seqscan() if _postgresql() else "off"
    with pytest.raises(RuntimeError), through_indexes("default"):
        fail()
    assert inside == "off"
    if _postgresql():
        assert _seqscan() == "on"


def test_a_block_within_a_block_leaves_the_setting_to_the_outer_one():
    from search.query import through_indexes

    with through_indexes("default"):
        with through_indexes("default"):
            pass
        after_inner = _seqscan() if _postgresql() else "off"
    assert after_inner == "off"
    if _postgresql():
        assert _seqscan() == "on"


def test_a_failed_statement_within_the_block_takes_the_setting_with_its_rollback():
    from search.query import through_indexes

    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        through_indexes("default"),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT * FROM no_such_table")
    if _postgresql():
        assert _seqscan() == "on"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_autocommit_the_block_is_a_transaction_of_its_own():
    from search.query import through_indexes

    assert not connection.in_atomic_block
    with through_indexes("default"):
        inside = _seqscan() if _postgresql() else "off"
        in_transaction = connection.in_atomic_block or not _postgresql()
    assert (inside, in_transaction) == ("off", True)
    with pytest.raises(DatabaseError), through_indexes("default"), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    assert not connection.in_atomic_block
    if _postgresql():
        assert _seqscan() == "on"


def test_a_search_leaves_the_sessions_planner_settings_as_they_were():
    from wagtail.models import Site

    from search.query import SearchParams, search

    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    with CaptureQueriesContext(connection) as queries:
        outcome = search(SearchParams(q="mentoraat"), Site.objects.get(is_default_site=True))
    assert outcome.count == 1
    if _postgresql():
        assert _seqscan() == "on"
        # Set once for all the search's queries, not once for each, and set back in one.
        settings = [q["sql"] for q in queries if "enable_" in q["sql"] or "set_config" in q["sql"]]
        assert settings[0] == "SET LOCAL enable_seqscan = off"
        assert settings[1] == "SET LOCAL enable_nestloop = off"
        assert len(settings) == 3
        assert settings[2].startswith("SELECT set_config(name, reset_val, true) FROM pg_settings")


def test_the_ranked_tiers_are_planned_with_nested_loops_and_the_facets_without():
    from wagtail.models import Site

    from search.query import SearchParams, search

    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    with CaptureQueriesContext(connection) as queries:
        outcome = search(SearchParams(q="mentoraat"), Site.objects.get(is_default_site=True))
    assert outcome.facets["type"]
    if not _postgresql():
        return
    statements = [query["sql"] for query in queries]
    tiers = [n for n, sql in enumerate(statements) if "wagtailsearch_indexentry" in sql[:200]]
    facets = next(n for n, sql in enumerate(statements) if sql.startswith("WITH matched"))
    assert statements[facets - 1] == "SET LOCAL enable_nestloop = off"
    assert tiers and max(tiers) < facets - 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_nestloop")
        assert cursor.fetchone() == ("on",)


def test_a_search_reads_the_vector_table_with_the_planners_own_settings():
    from wagtail.models import Site

    from search.models import PageEmbedding
    from search.query import SearchParams, search
    from search.semantic.vectors import vectors_changed

    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    # Vectors written elsewhere: the embedded index reads its table again on the next search.
    vectors_changed()
    with CaptureQueriesContext(connection) as queries:
        search(SearchParams(q="mentoraat in de klas"), Site.objects.get(is_default_site=True))
    statements = [query["sql"] for query in queries]
    reads = [n for n, sql in enumerate(statements) if PageEmbedding._meta.db_table in sql]
    assert reads
    if _postgresql():
        # A read of the whole table, which an index-only plan would make slower.
        assert max(reads) < statements.index("SET LOCAL enable_seqscan = off")
