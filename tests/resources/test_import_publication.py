"""What an import leaves besides the pages: publication dates, card images, a community's groups
and workspace, the search index without vectors, and a page history as the admin's."""

import datetime
import json
import zoneinfo

from django.contrib.auth.models import Group
from django.core.management import CommandError
from django.db import DatabaseError
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    PageViewRestriction,
)

import pytest
from PIL import Image as PillowImage

from communities.factories import CommunityPageFactory
from communities.models import CommunityPage, WorkspacePage
from communities.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP
from resources import importing
from resources.models import PracticeExamplePage, StoryPage, ToolPage
from search.models import PageEmbedding
from search.semantic import store

from .test_import import COMMUNITY, NATIONAL_TOOL, PRACTICE_EXAMPLE, run_import, write_file

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def write_picture(path, size=(40, 30)):
    PillowImage.new("RGB", size, "teal").save(path, "PNG")
    return path


@pytest.mark.django_db
class TestThePublicationDate:
    def test_a_tool_and_a_practice_example_take_their_date_as_first_publication(self, tmp_path):
        tool = {**NATIONAL_TOOL, "date": "2019-03-14"}
        example = {**PRACTICE_EXAMPLE, "date": "2021-10-01"}

        run_import(write_file(tmp_path, COMMUNITY, example, tool))

        imported_tool = ToolPage.objects.get(slug="evaluatiewaaier")
        assert imported_tool.first_published_at == datetime.datetime(2019, 3, 14, tzinfo=AMSTERDAM)
        assert imported_tool.last_published_at == imported_tool.first_published_at
        example_page = PracticeExamplePage.objects.get(slug="debatteren-in-de-klas")
        assert example_page.first_published_at.astimezone(AMSTERDAM).date() == datetime.date(
            2021, 10, 1
        )
        # The history says when the import happened, not when the page first appeared.
        assert imported_tool.latest_revision.created_at.date() >= datetime.date(2026, 1, 1)
        assert PageLogEntry.objects.filter(page=imported_tool, action="wagtail.publish").get()

    def test_a_story_date_is_its_own_date_and_its_publication(self, tmp_path):
        story = {"type": "story", "title": "Terugblik", "date": "2022-06-30"}

        run_import(write_file(tmp_path, story))

        page = StoryPage.objects.get(slug="terugblik")
        assert page.date == datetime.date(2022, 6, 30)
        assert page.first_published_at == datetime.datetime(2022, 6, 30, tzinfo=AMSTERDAM)

    def test_a_community_takes_its_date_as_first_publication(self, tmp_path):
        community = {**COMMUNITY, "date": "2017-09-01"}

        run_import(write_file(tmp_path, community, PRACTICE_EXAMPLE))

        page = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
        assert page.first_published_at == datetime.datetime(2017, 9, 1, tzinfo=AMSTERDAM)
        assert page.last_published_at == page.first_published_at
        # Its workspace is made when the import publishes it, as for any community.
        assert WorkspacePage.objects.child_of(page).get().first_published_at.year >= 2026

    def test_a_date_on_a_reimport_sets_the_first_publication_of_an_existing_page(self, tmp_path):
        run_import(write_file(tmp_path, NATIONAL_TOOL))

        run_import(write_file(tmp_path, {**NATIONAL_TOOL, "date": "2018-01-02"}))

        tool = ToolPage.objects.get(slug="evaluatiewaaier")
        assert tool.first_published_at == datetime.datetime(2018, 1, 2, tzinfo=AMSTERDAM)
        assert tool.last_published_at > tool.first_published_at


@pytest.mark.django_db
class TestTheCardImage:
    def test_an_image_becomes_the_card_image_with_its_alt_text_in_the_public_collection(
        self, tmp_path
    ):
        (tmp_path / "beelden").mkdir()
        write_picture(tmp_path / "beelden" / "kaarten.png")
        image = {"path": "beelden/kaarten.png", "alt": "Een stapel gesprekskaarten"}
        second = {**PRACTICE_EXAMPLE, "image": image}

        run_import(write_file(tmp_path, COMMUNITY, {**NATIONAL_TOOL, "image": image}, second))

        tool = ToolPage.objects.get(slug="evaluatiewaaier")
        picture = tool.listing_image
        assert picture.description == "Een stapel gesprekskaarten"
        assert (picture.width, picture.height) == (40, 30)
        assert picture.collection == Collection.get_first_root_node()
        # One file, one image, however many lines use it.
        assert get_image_model().objects.count() == 1
        example = PracticeExamplePage.objects.get(slug="debatteren-in-de-klas")
        assert example.listing_image == picture

    def test_importing_the_same_image_again_uses_the_stored_one(self, tmp_path):
        write_picture(tmp_path / "kaarten.png")
        line = {**NATIONAL_TOOL, "image": {"path": "kaarten.png", "alt": "Kaarten"}}
        run_import(write_file(tmp_path, line))

        run_import(write_file(tmp_path, line))

        assert get_image_model().objects.count() == 1

    @pytest.mark.parametrize(
        ("image", "expected"),
        [
            ({"path": "weg.png", "alt": "Weg"}, '"image.path": bestand "weg.png" niet gevonden'),
            ({"path": "tekst.png", "alt": "T"}, '"image.path": "tekst.png" is geen afbeelding'),
            ({"path": "kaarten.png"}, '"image.alt": ontbreekt'),
            ("kaarten.png", '"image": moet een object zijn'),
            ({"path": "kaarten.png", "alt": "x", "titel": "y"}, '"image.titel": onbekend veld'),
        ],
        ids=["missing-file", "not-an-image", "no-alt", "not-an-object", "unknown-key"],
    )
    def test_a_bad_image_is_a_line_error_and_nothing_is_written(self, tmp_path, image, expected):
        write_picture(tmp_path / "kaarten.png")
        (tmp_path / "tekst.png").write_text("geen plaatje", encoding="utf-8")
        good = {**COMMUNITY, "image": {"path": "kaarten.png", "alt": "Kaarten"}}
        pages = Page.objects.count()

        with pytest.raises(CommandError) as raised:
            run_import(write_file(tmp_path, good, {**NATIONAL_TOOL, "image": image}))

        assert f"regel 2, veld {expected}" in str(raised.value)
        assert Page.objects.count() == pages
        assert not get_image_model().objects.exists()

    def test_a_dry_run_leaves_no_image_and_no_file(self, tmp_path):
        write_picture(tmp_path / "kaarten.png")
        line = {**NATIONAL_TOOL, "image": {"path": "kaarten.png", "alt": "Kaarten"}}
        storage = get_image_model()._meta.get_field("file").storage

        def stored_files():
            folders = storage.listdir("")[0]
            return (
                set(storage.listdir("original_images")[1])
                if "original_images" in folders
                else set()
            )

        before = stored_files()
        run_import(write_file(tmp_path, line), "--dry-run")

        assert not get_image_model().objects.exists()
        assert stored_files() == before


@pytest.mark.django_db
def test_an_imported_community_gets_its_groups_and_workspace_as_when_published(tmp_path):
    run_import(write_file(tmp_path, COMMUNITY, PRACTICE_EXAMPLE))

    community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
    assert community.moderators_group is not None
    assert community.members_group is not None
    assert Group.objects.filter(pk=community.members_group_id).exists()
    assert community.workspace_collection is not None
    assert WorkspacePage.objects.child_of(community).count() == 1
    # The workspace and the practice example share the community as parent, in a sound tree.
    assert community.numchild == 2
    assert Page.find_problems() == ([], [], [], [], [])
    example = PracticeExamplePage.objects.get(slug="debatteren-in-de-klas")
    assert example.community == community


def roles_of(community):
    """Who may do what in and around `community`, its own groups named by their part."""
    community = CommunityPage.objects.get(pk=community.pk)
    workspace = WorkspacePage.objects.child_of(community).get()
    names = {community.moderators_group_id: "moderators", community.members_group_id: "members"}

    def group(pk):
        return names.get(pk) or Group.objects.get(pk=pk).name

    def page_grants(page):
        return sorted(
            (group(grant.group_id), grant.permission.codename)
            for grant in GroupPagePermission.objects.filter(page=page)
        )

    def collection_grants(collection):
        return sorted(
            (group(grant.group_id), grant.permission.codename)
            for grant in GroupCollectionPermission.objects.filter(collection=collection)
            if grant.group_id in names
        )

    restriction = PageViewRestriction.objects.get(page=workspace)
    collection_restriction = CollectionViewRestriction.objects.get(
        collection=community.workspace_collection
    )
    return {
        "group permissions": {
            names[group_id]: sorted(
                Group.objects.get(pk=group_id).permissions.values_list("codename", flat=True)
            )
            for group_id in names
        },
        "community": page_grants(community),
        "workspace": page_grants(workspace),
        "workspace restriction": sorted(
            map(group, restriction.groups.values_list("pk", flat=True))
        ),
        "public files": collection_grants(Collection.get_first_root_node()),
        "workspace files": collection_grants(community.workspace_collection),
        "workspace files restriction": sorted(
            map(group, collection_restriction.groups.values_list("pk", flat=True))
        ),
        "site groups": {
            name: sorted(Group.objects.get(name=name).permissions.values_list("pk", flat=True))
            for name in (EDITORS_GROUP, ADMINISTRATORS_GROUP)
        },
    }


@pytest.mark.django_db
def test_imported_communities_get_the_roles_of_one_an_editor_publishes(tmp_path):
    # Settled once for the whole file (communities.roles.settled_once), for every community.
    second = {**COMMUNITY, "title": "Taal in de klas", "slug": "taal-in-de-klas"}
    run_import(write_file(tmp_path, COMMUNITY, second))
    published = CommunityPageFactory(title="Rekenen", slug="rekenen", live=False)
    published.save_revision().publish()

    expected = roles_of(published)
    assert ("moderators", "add_page") in expected["community"]
    assert ("members", "add_page") in expected["workspace"]
    for slug in ("burgerschap-in-het-mbo", "taal-in-de-klas"):
        assert roles_of(CommunityPage.objects.get(slug=slug)) == expected, slug


@pytest.mark.django_db
def test_imported_pages_have_the_history_an_editor_sees(tmp_path, admin_client):
    run_import(write_file(tmp_path, NATIONAL_TOOL))
    tool = ToolPage.objects.get(slug="evaluatiewaaier")

    response = admin_client.get(reverse("wagtailadmin_pages:history", args=[tool.pk]))

    assert response.status_code == 200
    assert list(
        PageLogEntry.objects.filter(page=tool).order_by("pk").values_list("action", flat=True)
    ) == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    assert tool.live_revision == tool.latest_revision


@pytest.mark.django_db
def test_the_import_leaves_vectors_to_the_worker(tmp_path, settings, monkeypatch):
    settings.SEMANTIC_SEARCH = True

    def no_encoding(texts):
        raise AssertionError("the import encoded text")

    monkeypatch.setattr(store, "encode", no_encoding)
    lines = [COMMUNITY, PRACTICE_EXAMPLE, NATIONAL_TOOL]

    run_import(write_file(tmp_path, *lines))

    assert not PageEmbedding.objects.exists()
    stale = set(store.stale_page_ids())
    assert ToolPage.objects.get(slug="evaluatiewaaier").pk in stale
    assert PracticeExamplePage.objects.get(slug="debatteren-in-de-klas").pk in stale
    assert json.dumps(lines)  # the same lines a real export has


@pytest.mark.django_db
def test_small_batches_under_many_parents_build_a_sound_tree_in_file_order(tmp_path, monkeypatch):
    # The limits of a large file, on a small one: batches of two, at most three pages waiting.
    monkeypatch.setattr(importing, "BULK_BATCH_SIZE", 2)
    monkeypatch.setattr(importing, "PENDING_MAX_PAGES", 3)
    communities = [
        {"type": "community", "title": f"Gemeenschap {letter}", "intro": "Samen leren."}
        for letter in "ab"
    ]
    lines = [
        {
            "type": "practice_example",
            "title": f"Voorbeeld {number}",
            "community": f"gemeenschap-{'ab'[number % 2]}",
        }
        for number in range(7)
    ] + [{**NATIONAL_TOOL, "slug": f"instrument-{number}"} for number in range(3)]

    result = importing.import_lines(json.dumps(line) for line in [*lines, *communities])

    assert result.ok
    assert result.total_created == 12
    assert Page.find_problems() == ([], [], [], [], [])
    first = CommunityPage.objects.get(slug="gemeenschap-a")
    assert [page.slug for page in first.get_children().type(PracticeExamplePage)] == [
        "voorbeeld-0",
        "voorbeeld-2",
        "voorbeeld-4",
        "voorbeeld-6",
    ]
    assert WorkspacePage.objects.child_of(first).exists()


@pytest.mark.django_db
def test_a_batch_the_database_refuses_is_written_page_by_page_the_wagtail_way(
    tmp_path, monkeypatch
):
    def refused(parent, new_pages):
        raise DatabaseError("bulk insert refused")

    monkeypatch.setattr(importing, "create_pages", refused)

    output = run_import(write_file(tmp_path, COMMUNITY, PRACTICE_EXAMPLE, NATIONAL_TOOL))

    assert "Totaal: 3 nieuw, 0 bijgewerkt." in output
    assert Page.find_problems() == ([], [], [], [], [])
    community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
    assert WorkspacePage.objects.child_of(community).exists()
    example = PracticeExamplePage.objects.get(slug="debatteren-in-de-klas")
    assert example.get_parent().specific == community
    assert example.live and example.live_revision is not None
