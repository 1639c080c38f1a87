"""Queries logged before the log redacted personal data: email addresses, phone numbers and
the like replaced by placeholders, in the portal's log and in Wagtail's promotions log."""

from django.db import migrations


def redact_logged_queries(apps, schema_editor):
    from search.querylog import redact_logged_queries

    redact_logged_queries(
        apps.get_model("search", "SearchQueryDaily"),
        apps.get_model("wagtailsearchpromotions", "Query"),
        apps.get_model("wagtailsearchpromotions", "QueryDailyHits"),
        apps.get_model("wagtailsearchpromotions", "SearchPromotion"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(redact_logged_queries, migrations.RunPython.noop)]
