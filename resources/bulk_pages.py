"""Create many new pages at once, each left as Wagtail's own create-and-publish leaves it.

Wagtail creates a page with around a hundred queries: the tree insert, a revision, a publish,
three log entries, the reference index and the search index, each a few round trips. For a bulk
import that is the whole cost. Here the same rows are written a batch at a time: treebeard paths
worked out per parent, the page and its specific row inserted in bulk, revisions, log entries
and reference index rows in bulk, and the signals Django and Wagtail send for a save and a
publish sent for every page, so what other apps do on them (a community's groups and workspace,
the cache generation, the search outbox) still happens. tests/resources/test_bulk_pages.py
compares the result with Wagtail's own, so an upgrade that changes Wagtail's bookkeeping fails
a test rather than leaving imported pages different.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

# Rows per INSERT: well below the bound-parameter limits of SQLite and PostgreSQL.
BATCH_SIZE = 250

# What a page's revision holds of these fields is what Wagtail serialises before the first
# publish (live as the page was created: true when published at once, as in the admin);
# publishing from a revision takes them from the page itself (with_content_json).
UNPUBLISHED_STATE = {
    "has_unpublished_changes": False,
    "first_published_at": None,
    "last_published_at": None,
    "live_revision": None,
    "latest_revision": None,
    "latest_revision_created_at": None,
}


@dataclass
class NewPage:
    """One page to create: an unsaved specific page, with its parent-relation values in memory
    (ParentalManyToManyField values set with .set()), and whether to publish it.

    `published_at` dates a live page's first and last publication (default: now); the revision
    and the log entries keep the moment they were written, as the page history should.
    """

    page: Page
    live: bool = True
    published_at: datetime | None = None


def create_pages(parent, new_pages):
    """Create `new_pages` (NewPage) as children of `parent`, in batches; returns the pages.

    The caller validates first (`prepare` runs Django's field and model checks per page). The
    parent's children are counted from the database, so earlier additions (a community's
    workspace, created when it was published) are taken into account.
    """
    created = []
    for start in range(0, len(new_pages), BATCH_SIZE):
        batch = new_pages[start : start + BATCH_SIZE]
        _create_batch(parent, batch)
        created.extend(item.page for item in batch)
    return created


def prepare(parent, page, *, clean=True):
    """Give `page` its place below `parent` in memory and run the field and model checks
    Wagtail's save runs (full_clean).

    Foreign keys set here or by the caller from rows it just read are not looked up again, one
    query each. Uniqueness is left to the caller's checks and the database's constraints, the
    slug among the siblings included: Wagtail's check of it looks the parent up by the path,
    which the page gets only when its batch is written, so it finds none. The importer checks
    the slugs of a whole file against the siblings in a few queries (check_against_database).
    """
    page._cached_parent_obj = parent
    page.depth = parent.depth + 1
    page.locale_id = parent.locale_id
    page.draft_title = page.title
    page.set_url_path(parent)
    if clean:
        foreign_keys = [
            field.name
            for field in page._meta.concrete_fields
            if field.is_relation and getattr(page, field.attname) is not None
        ]
        # The path is given when the batch is written, from the parent's last child then.
        page.full_clean(exclude=[*foreign_keys, "path"], validate_unique=False)


@transaction.atomic
def _create_batch(parent, batch):
    using = router.db_for_write(Page)
    now = timezone.now()
    context = get_active_log_context()
    parent_row = Page.objects.filter(pk=parent.pk).values("path", "depth", "numchild").get()
    last_child = (
        Page.objects.filter(path__startswith=parent_row["path"], depth=parent_row["depth"] + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last_child[-Page.steplen :]) if last_child else 0

    pages = [item.page for item in batch]
    for item in batch:
        step += 1
        page = item.page
        page.path = Page._get_path(parent_row["path"], parent_row["depth"] + 1, step)
        page.depth = parent_row["depth"] + 1
        page.numchild = 0
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.draft_title = page.title
        page.live = item.live
        page.has_unpublished_changes = not item.live
        page.latest_revision_created_at = now
        if item.live:
            page.first_published_at = item.published_at or now
            page.last_published_at = item.published_at or now
        # Child relations (comments, attachments) and many-to-many values not given start
        # empty, in memory: once the page has its id, each would be a query otherwise.
        for relation in get_all_child_relations(type(page)):
            name = relation.get_accessor_name()
            if not getattr(page, name).all():
                setattr(page, name, [])
        for field in _parental_many_to_many(type(page)):
            manager = getattr(page, field.name)
            manager.set(list(manager.all()))
        pre_save.send(sender=type(page), instance=page, raw=False, using=using, update_fields=None)

    _insert_rows(pages, using)
    _insert_many_to_many(pages)

    with disable_reference_index_auto_update():
        for page in pages:
            post_save.send(
                sender=type(page),
                instance=page,
                created=True,
                update_fields=None,
                raw=False,
                using=using,
            )

    revisions = _insert_revisions(pages, now, context)
    for item, revision in zip(batch, revisions, strict=True):
        item.page.latest_revision = revision
        item.page.live_revision = revision if item.live else None
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision"], batch_size=BATCH_SIZE)
    _insert_log_entries(batch, revisions, now, context)
    _insert_references(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild = parent_row["numchild"] + len(pages)

    for item, revision in zip(batch, revisions, strict=True):
        if item.live:
            page_published.send(sender=type(item.page), instance=item.page, revision=revision)


def _insert_rows(pages, using):
    """The page rows, then each model's own rows: Django's bulk_create refuses a model with
    multi-table inheritance, so the specific rows are inserted as bulk_create does internally."""
    base_fields = Page._meta.concrete_fields
    bases = [
        Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
        for page in pages
    ]
    for base in bases:
        base.id = None
    Page.objects.bulk_create(bases, batch_size=BATCH_SIZE)
    by_model = defaultdict(list)
    for page, base in zip(pages, bases, strict=True):
        page.id = base.id
        page.page_ptr_id = base.id
        page._state.adding = False
        page._state.db = using
        by_model[type(page)].append(page)
    for model, objects in by_model.items():
        # Every table between Page and the model (none on this portal: BasePage is abstract).
        for parent_model in reversed(model._meta.get_parent_list()):
            if parent_model is not Page:
                parent_model._base_manager.using(using)._insert(
                    objects, fields=parent_model._meta.local_concrete_fields, using=using
                )
        manager = model._base_manager.using(using)
        fields = model._meta.local_concrete_fields
        for start in range(0, len(objects), BATCH_SIZE):
            manager._insert(objects[start : start + BATCH_SIZE], fields=fields, using=using)


def _parental_many_to_many(model):
    return [
        field for field in model._meta.get_fields() if isinstance(field, ParentalManyToManyField)
    ]


def _insert_many_to_many(pages):
    rows = defaultdict(list)
    for page in pages:
        for field in _parental_many_to_many(type(page)):
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            for related in getattr(page, field.name).all():
                rows[through].append(
                    through(**{f"{source}_id": page.pk, f"{target}_id": related.pk})
                )
    for through, objects in rows.items():
        through.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _insert_revisions(pages, now, context):
    revisions = []
    for page in pages:
        content = page.serializable_data()
        content.update(UNPUBLISHED_STATE, live=page.live)
        revisions.append(
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(page.pk),
                content=content,
                object_str=str(page),
                user=context.user,
                created_at=now,
            )
        )
    Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    return revisions


def _insert_log_entries(batch, revisions, now, context):
    """What Wagtail logs for a page created and published in the admin: its creation (Page.save
    on a new page), the revision saved ("wagtail.edit") and, if live, its publication."""
    from wagtail.models import PageLogEntry

    entries = []
    for item, revision in zip(batch, revisions, strict=True):
        page = item.page
        actions = [("wagtail.create", None), ("wagtail.edit", revision)]
        if item.live:
            actions.append(("wagtail.publish", revision))
        entries.extend(
            PageLogEntry(
                content_type=page.content_type,
                label=page.get_admin_display_title(),
                action=action,
                timestamp=now,
                data={},
                user=context.user,
                uuid=context.uuid,
                page=page,
                revision=entry_revision,
                content_changed=True,
            )
            for action, entry_revision in actions
        )
    PageLogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)


def _insert_references(pages):
    """ReferenceIndex.create_or_update_for_object for new pages: nothing to compare with or
    delete, so the rows of a whole batch go in one INSERT."""
    rows = []
    base_content_type = ContentType.objects.get_for_model(Page)
    for page in pages:
        if not ReferenceIndex.model_is_indexable(type(page)):
            continue
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        rows.extend(
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=page.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        )
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
