"""The day that dates a page, worked out in Python for the engine's documents
(home.knowledge.knowledge_date) and in SQL for the database backend (search.query's date
column), is the same day: a page must not land in another year or place depending on the
backend."""

from datetime import UTC, date, datetime

from wagtail.models import Page

import pytest

from home.knowledge import knowledge_date
from resources.factories import EventPageFactory, StoryPageFactory, ToolPageFactory
from search.query import date_column

# Late in the evening of New Year's Eve in UTC: already the next day, and year, in Amsterdam.
NEW_YEARS_EVE_LATE = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        # Dated by the day it was first published, a date-time.
        lambda: ToolPageFactory(first_published_at=NEW_YEARS_EVE_LATE),
        # Dated by a date-time field of its own.
        lambda: EventPageFactory(start=NEW_YEARS_EVE_LATE),
        # Dated by a date field of its own.
        lambda: StoryPageFactory(date=date(2024, 12, 31)),
    ],
    ids=["first published", "date-time field", "date field"],
)
def test_python_and_sql_date_a_page_by_the_same_day(make):
    page = make()
    model = type(page)

    # On Page, as the search reads it for the pages of every type at once.
    in_sql = Page.objects.filter(pk=page.pk).annotate(day=date_column(model)).get().day

    assert in_sql == knowledge_date(model.objects.get(pk=page.pk))
    assert in_sql.year in (2024, 2025)
