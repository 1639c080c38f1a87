"""Pages created in bulk are the pages Wagtail's own create-and-publish makes: the same row,
revision, log entries, references, tree and history. A Wagtail upgrade that changes its
bookkeeping fails here rather than leaving imported pages different."""

import json

from django.urls import reverse

from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

import pytest
from wagtail_factories import ImageFactory

from home.factories import SectorFactory, ThemeFactory
from home.models import ensure_section_pages
from resources.bulk_pages import NewPage, create_pages, prepare
from resources.importing import markdown_to_rich_text
from resources.models import ToolPage

# Differ between any two pages, or are set at the moment of writing.
OWN_FIELDS = {
    "id",
    "page_ptr",
    "page_ptr_id",
    "pk",
    "path",
    "slug",
    "url_path",
    "translation_key",
    "latest_revision",
    "latest_revision_id",
    "live_revision",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}


def new_tool(slug, themes, sectors, image=None):
    tool = ToolPage(
        listing_image=image,
        title="Gesprekskaarten",
        slug=slug,
        intro="Kaarten die het gesprek op gang brengen.",
        purpose="Kaarten die het gesprek op gang brengen.",
        body=[("paragraph", markdown_to_rich_text("Zie [de site](https://example.org/)."))],
    )
    tool.themes.set(themes)
    tool.sectors.set(sectors)
    return tool


def created_the_wagtail_way(parent, page):
    # What the admin's create view does when an editor publishes a new page.
    parent.add_child(instance=page)
    revision = page.save_revision(log_action=True)
    revision.publish()
    return ToolPage.objects.get(pk=page.pk)


def created_in_bulk(parent, page, live=True):
    prepare(parent, page)
    create_pages(parent, [NewPage(page, live=live)])
    return ToolPage.objects.get(pk=page.pk)


def row(page):
    return {
        field.attname: str(getattr(page, field.attname))
        if field.attname == "body"
        else getattr(page, field.attname)
        for field in page._meta.concrete_fields
        if field.attname not in OWN_FIELDS
    }


def without_block_ids(body):
    return [{key: value for key, value in block.items() if key != "id"} for block in body]


def revision_content(page):
    content = Revision.objects.get(pk=page.latest_revision_id).content
    kept = {key: value for key, value in content.items() if key not in OWN_FIELDS}
    kept["body"] = without_block_ids(json.loads(kept["body"]))
    return kept


def log_entries(page):
    return [
        (entry.action, entry.label, entry.user_id, entry.content_changed, entry.data,
         entry.revision_id == page.latest_revision_id if entry.revision_id else None)
        for entry in PageLogEntry.objects.filter(page=page).order_by("pk")
    ]  # fmt: skip


def references(page):
    return set(
        ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
            "content_type", "base_content_type", "to_content_type", "to_object_id",
            "model_path", "content_path", "content_path_hash",
        )
    )  # fmt: skip


@pytest.fixture
def tools_section(db):
    return ensure_section_pages()["tools"]


@pytest.fixture
def terms(db):
    return [ThemeFactory(name="Burgerschap")], [SectorFactory(name="mbo")], ImageFactory()


@pytest.mark.django_db
class TestABulkPageIsWagtailsOwnPage:
    @pytest.fixture
    def both(self, tools_section, terms):
        wagtails = created_the_wagtail_way(tools_section, new_tool("door-wagtail", *terms))
        tools_section.refresh_from_db()
        bulk = created_in_bulk(tools_section, new_tool("in-bulk", *terms))
        return wagtails, bulk

    def test_the_page_rows_are_the_same(self, both):
        wagtails, bulk = both

        assert row(bulk) == row(wagtails)
        assert bulk.live and not bulk.has_unpublished_changes
        assert bulk.live_revision_id == bulk.latest_revision_id
        assert bulk.url_path == wagtails.url_path.replace("door-wagtail", "in-bulk")
        assert bulk.first_published_at == bulk.last_published_at
        assert bulk.latest_revision_created_at is not None
        assert [theme.name for theme in bulk.themes.all()] == ["Burgerschap"]

    def test_the_revisions_hold_the_same_content(self, both):
        wagtails, bulk = both

        assert revision_content(bulk) == revision_content(wagtails)
        assert Revision.objects.filter(object_id=str(bulk.pk)).count() == 1
        revision = bulk.latest_revision
        assert (revision.content_type_id, revision.base_content_type_id) == (
            wagtails.latest_revision.content_type_id,
            wagtails.latest_revision.base_content_type_id,
        )
        assert revision.object_str == wagtails.latest_revision.object_str

    def test_the_log_shows_the_same_creation_edit_and_publication(self, both):
        wagtails, bulk = both

        assert log_entries(bulk) == log_entries(wagtails)
        assert [entry[0] for entry in log_entries(bulk)] == [
            "wagtail.create",
            "wagtail.edit",
            "wagtail.publish",
        ]

    def test_the_reference_index_holds_the_same_references(self, both):
        wagtails, bulk = both

        assert references(bulk) == references(wagtails)
        # The listing image, at least.
        assert references(bulk)

    def test_the_tree_stays_sound(self, both, tools_section):
        assert Page.find_problems() == ([], [], [], [], [])
        tools_section.refresh_from_db()
        assert tools_section.numchild == 2
        assert [page.slug for page in tools_section.get_children()] == ["door-wagtail", "in-bulk"]

    def test_an_editor_sees_the_page_and_its_history(self, both, admin_client):
        _wagtails, bulk = both

        history = admin_client.get(reverse("wagtailadmin_pages:history", args=[bulk.pk]))
        edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[bulk.pk]))

        assert history.status_code == 200
        assert edit.status_code == 200
        assert bulk.get_url() and bulk.get_url().endswith("/in-bulk/")


@pytest.mark.django_db
def test_a_draft_in_bulk_is_a_draft_as_wagtail_saves_one(tools_section, terms):
    draft = created_in_bulk(tools_section, new_tool("concept", *terms), live=False)

    assert not draft.live
    assert draft.has_unpublished_changes
    assert draft.live_revision is None
    assert draft.first_published_at is None
    assert [entry[0] for entry in log_entries(draft)] == ["wagtail.create", "wagtail.edit"]
    assert not Page.objects.live().filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_many_pages_under_one_parent_get_consecutive_paths_after_existing_children(
    tools_section, terms
):
    created_the_wagtail_way(tools_section, new_tool("eerste", *terms))
    tools_section.refresh_from_db()
    pages = [new_tool(f"kaart-{number}", *terms) for number in range(7)]
    for page in pages:
        prepare(tools_section, page)

    create_pages(tools_section, [NewPage(page) for page in pages])

    assert Page.find_problems() == ([], [], [], [], [])
    children = list(tools_section.get_children().values_list("slug", flat=True))
    assert children == ["eerste", *(f"kaart-{number}" for number in range(7))]
