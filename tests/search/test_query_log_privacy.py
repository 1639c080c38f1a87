"""The query log keeps no email addresses, phone numbers or the like that visitors searched for,
neither for new searches nor, after the data migration, for earlier ones."""

import datetime
import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

import pytest

from resources.factories import StoryPageFactory
from search.analysis import redact_personal_data
from search.models import SearchQueryDaily
from search.querylog import logged_text

PERSONAL = ["jan@example.nl", "12345678", "1234 5678", "0417", "123456782", "1234 ab 5"]
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def report_reader(django_user_model):
    """Someone who may read the search report in the admin."""
    readers = Group.objects.create(name="Zoekrapport")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_searchquerydaily"),
    )
    reader = django_user_model.objects.create_user("lezer", "lezer@example.org", "pw")
    reader.groups.add(readers)
    client = Client()
    client.force_login(reader)
    return client


@pytest.mark.django_db
def test_searches_are_logged_and_reported_without_personal_data(report_reader):
    StoryPageFactory(title="Mentoraat", intro="Over mentoraat.")
    for query in [
        "jan@example.nl",
        "bel 06-12345678",
        "Bel 06 1234 5678",
        "NL91 ABNA 0417 1643 00",
        "bsn 123456782",
        "Kerkstraat 5, 1234 AB",
        "mentoraat",
    ]:
        Client().get("/zoeken/", {"q": query})
    Client().get("/api/search/", {"q": "mentoraat piet@example.nl"})

    logged = dict(SearchQueryDaily.objects.values_list("query_text", "hits"))
    report = report_reader.get(reverse("search_query_report"))

    assert logged == {
        "[e-mailadres]": 1,
        "bel [telefoonnummer]": 2,
        "[rekeningnummer]": 1,
        "bsn [nummer]": 1,
        "kerkstraat [adres]": 1,
        "mentoraat": 1,
        "mentoraat [e-mailadres]": 1,
    }
    assert set(Query.objects.values_list("query_string", flat=True)) == set(logged)
    content = report.content.decode()
    assert report.status_code == 200
    assert "bel [telefoonnummer]" in content
    for personal in [*PERSONAL, "piet@"]:
        assert personal not in content


@pytest.mark.parametrize(
    "text, redacted",
    [
        ("jan.jansen+werk@school.example.nl", "[e-mailadres]"),
        ("bel 06-12345678", "bel [telefoonnummer]"),
        ("+31 6 1234 5678", "[telefoonnummer]"),
        ("+31 (0)20 123 4567", "[telefoonnummer]"),
        ("020-1234567 of 0612345678", "[telefoonnummer] of [telefoonnummer]"),
        ("nl91abna0417164300", "[rekeningnummer]"),
        ("1234.56.782", "[nummer]"),
        ("1234AB 12", "[adres]"),
        ("https://example.org/reset?token=abc", "[webadres]"),
        # Not personal: kept, so the report still says what people look for.
        ("postcode 1234 AB", "postcode 1234 AB"),
        ("conferentie 2024 en 2025", "conferentie 2024 en 2025"),
        ("groep 8 en 120 leerlingen", "groep 8 en 120 leerlingen"),
        ("www.rijksoverheid.nl", "www.rijksoverheid.nl"),
        ("nl12 leergemeenschap", "nl12 leergemeenschap"),
        ("0800-1234", "0800-1234"),
    ],
)
def test_redaction_replaces_personal_data_with_what_kind_it_was(text, redacted):
    assert redact_personal_data(text) == redacted


@pytest.fixture
def earlier_log(db):
    """Queries logged before redaction, some of which become the same query when redacted."""
    rows = [
        ("jan@example.nl", DAY, 2, 1),
        ("piet@example.nl", DAY, 3, 0),
        ("[e-mailadres]", DAY, 1, 1),
        ("jan@example.nl", DAY + datetime.timedelta(days=1), 4, 4),
        ("bel 06-12345678", DAY, 1, 0),
        ("mentoraat", DAY, 5, 0),
    ]
    for query_text, date, hits, zero in rows:
        SearchQueryDaily.objects.create(
            query_text=query_text, date=date, hits=hits, zero_result_hits=zero
        )
    for query_string, hits in [("jan@example.nl", 2), ("piet@example.nl", 3), ("mentoraat", 5)]:
        QueryDailyHits.objects.create(query=Query.get(query_string), date=DAY, hits=hits)
    QueryDailyHits.objects.create(
        query=Query.get("jan@example.nl"), date=DAY + datetime.timedelta(days=1), hits=4
    )
    story = StoryPageFactory(title="Contact")
    SearchPromotion.objects.create(query=Query.get("piet@example.nl"), page=story, sort_order=0)


def migrate_query_log():
    """What the data migration runs, with the models it gets."""
    migration = importlib.import_module("search.migrations.0002_redact_personal_data_in_query_log")
    migration.redact_logged_queries(apps, schema_editor=None)


@pytest.mark.django_db
def test_the_migration_redacts_earlier_queries_and_merges_rows_that_become_equal(earlier_log):
    migrate_query_log()

    rows = {
        (row.query_text, row.date): (row.hits, row.zero_result_hits)
        for row in SearchQueryDaily.objects.all()
    }
    assert rows == {
        ("[e-mailadres]", DAY): (6, 2),
        ("[e-mailadres]", DAY + datetime.timedelta(days=1)): (4, 4),
        ("bel [telefoonnummer]", DAY): (1, 0),
        ("mentoraat", DAY): (5, 0),
    }
    hits = {
        (day.query.query_string, day.date): day.hits
        for day in QueryDailyHits.objects.select_related("query")
    }
    assert hits == {
        ("[e-mailadres]", DAY): 5,
        ("[e-mailadres]", DAY + datetime.timedelta(days=1)): 4,
        ("mentoraat", DAY): 5,
    }
    assert set(Query.objects.values_list("query_string", flat=True)) == {
        "[e-mailadres]",
        "mentoraat",
    }
    assert SearchPromotion.objects.get().query.query_string == "[e-mailadres]"


@pytest.mark.django_db
def test_redacting_twice_changes_nothing_more(earlier_log):
    migrate_query_log()
    before = list(SearchQueryDaily.objects.order_by("pk").values())

    migrate_query_log()

    assert list(SearchQueryDaily.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    "typed",
    [
        "jan\uff20example.nl",  # a full-width at sign
        "bel \uff10\uff16-\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",  # full-width digits
        "bel 06\u201112345678",  # a non-breaking hyphen
    ],
)
def test_look_alike_characters_do_not_carry_personal_data_past_the_redaction(typed):
    """The log normalises what it stores, folding look-alikes to plain characters: redacting
    before that let them through as a readable address or number."""
    stored = logged_text(typed)

    assert "example.nl" not in stored
    assert "12345678" not in stored


@pytest.mark.django_db
def test_two_first_searches_of_a_query_on_one_day_are_both_counted(monkeypatch):
    from django.db.models import QuerySet

    from search.models import SearchQueryDaily
    from search.querylog import log_query

    # Another worker's first search of the day, counted while this one ran: this worker's
    # UPDATE came before that row existed, so it finds none and goes on to insert one.
    log_query("mentoraat", 3)
    update = QuerySet.update
    too_early = []

    def update_before_the_other_insert(self, **kwargs):
        if self.model is SearchQueryDaily and not too_early:
            too_early.append(kwargs)
            return 0
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_before_the_other_insert)
    log_query("mentoraat", 0)

    row = SearchQueryDaily.objects.get(query_text="mentoraat")
    assert too_early
    assert (row.hits, row.zero_result_hits) == (2, 1)
