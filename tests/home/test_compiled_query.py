"""home.compiled_query: a query served on every request, compiled once."""

from wagtail.models import Page

import pytest

from home.compiled_query import CompiledQuery

pytestmark = pytest.mark.django_db


def titles_below(depth):
    return Page.objects.filter(depth__gt=depth).order_by("path").values_list("title", "depth")


def test_the_rows_are_the_querysets_for_each_value():
    query = CompiledQuery(titles_below)
    for depth in (0, 1, 2, 1):
        assert query.rows(depth, using="default") == list(titles_below(depth))


def test_a_value_the_sql_is_built_from_is_refused():
    # A slice's bounds are written into the SQL, not passed as a parameter.
    query = CompiledQuery(lambda count: Page.objects.values_list("pk")[: abs(count)])
    with pytest.raises(ValueError, match="SQL changes"):
        query.rows(1, using="default")


def test_a_query_without_the_value_is_refused():
    query = CompiledQuery(lambda value: Page.objects.values_list("pk"))
    with pytest.raises(ValueError, match="parameter"):
        query.rows(1, using="default")


def test_a_value_used_twice_is_given_in_both_places():
    query = CompiledQuery(
        lambda depth: Page.objects.filter(depth__gte=depth, depth__lte=depth).values_list("title")
    )
    assert query.rows(2, using="default") == list(
        Page.objects.filter(depth=2).values_list("title")
    )


def test_no_value_is_refused():
    with pytest.raises(ValueError, match="needs a value"):
        CompiledQuery(titles_below).rows(None, using="default")
