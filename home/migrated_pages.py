"""Pages a data migration created get their first revision after `migrate`.

The home page (home.migrations.0002) and the pages every portal has (0005) are made by
migrations, which cannot make a revision: a revision holds the page as the current models
serialise it, and a migration only has the historical ones. Without one, the admin shows the
page without history, and nothing compares or reverts to how it started. After every
`migrate`, each live page without a revision gets one as its live revision, without
publishing again: its publication dates stay those the migration gave it.
"""

from django.db import DEFAULT_DB_ALIAS

from wagtail.models import Page


def give_first_revisions():
    pages = Page.objects.filter(depth__gt=1, live=True, latest_revision__isnull=True)
    for page in pages.specific():
        revision = page.save_revision(clean=False, log_action=False)
        Page.objects.filter(pk=page.pk).update(
            live_revision=revision, has_unpublished_changes=False
        )


def give_first_revisions_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Revisions are written through the default connection only.
    if using == DEFAULT_DB_ALIAS:
        give_first_revisions()
