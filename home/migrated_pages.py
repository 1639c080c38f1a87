"""Pages a data migration created get their first revision after `migrate`.

The home page (home.migrations.0002) and the pages every portal has (0005) are made by
migrations, which cannot make a revision: a revision holds the page as the current models
serialise it, and a migration only has the historical ones. Without one, the admin shows the
page without history, and nothing compares or reverts to how it started. After every
`migrate`, each live page without a revision gets one as its live revision, logged as an edit,
without publishing again: its publication dates stay those the migration gave it.

An alias has no revisions of its own (its original has them), and a page whose type no longer
exists cannot be saved as one: both are left as they are.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, transaction

from wagtail.models import Page

logger = logging.getLogger(__name__)


def give_first_revisions():
    pages = Page.objects.filter(
        depth__gt=1, live=True, latest_revision__isnull=True, alias_of__isnull=True
    )
    for page in pages.specific():
        if not isinstance(page, Page) or type(page) is Page:
            continue  # the root's placeholder type, or a type whose app is gone
        with transaction.atomic():
            revision = page.save_revision(clean=False)
            Page.objects.filter(pk=page.pk).update(
                live_revision=revision, has_unpublished_changes=False
            )
        logger.info("First revision for %r (#%s), created by a migration.", page.title, page.pk)


def give_first_revisions_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Revisions are written through the default connection only.
    if using == DEFAULT_DB_ALIAS:
        give_first_revisions()
