"""A GIN index on what the PostgreSQL search backend matches: the title and the body together.

Wagtail's database backend matches `title || body @@ query`. Its own GIN indexes cover each
column alone, which that expression cannot use, so every search read and matched every row of
the index table; with this index a search that matches a few pages reads those pages only
(docs/performance.md). Other databases have no such expression: nothing happens there.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"
TABLE = "wagtailsearch_indexentry"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_page_embeddings"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
