"""A community's workspace files: its own private collection, served only to the community."""

import importlib
import io
import json

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

import factory
import pytest
from PIL import Image as PILImage
from wagtail_factories import DocumentFactory, ImageFactory

import portal.urls
from communities.models import CommunityPage
from communities.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, setup_roles

from .conftest import publish


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def collection_of(community):
    return CommunityPage.objects.get(pk=community.pk).workspace_collection


def document(title, collection, user=None, filename="notulen.txt"):
    return DocumentFactory(
        title=title,
        collection=collection,
        uploaded_by_user=user,
        file=factory.django.FileField(data=b"Vertrouwelijke notulen", filename=filename),
    )


@pytest.fixture
def outsider(django_user_model):
    """Logged in, with an account, but in no community."""
    return django_user_model.objects.create_user("buitenstaander", "b@example.org", "x")


@pytest.fixture
def files(communities, people):
    root = Collection.get_first_root_node()
    return {
        "a": document("Notulen Burgerschap", collection_of(communities.a), people.moderator_a),
        "b": document("Notulen Veiligheid", collection_of(communities.b), people.moderator_b),
        "public": document("Handreiking voor iedereen", root, people.editor),
    }


# The collection, with the groups ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_community_gets_a_private_collection_for_its_workspace(communities):
    community = CommunityPage.objects.get(pk=communities.a.pk)
    collection = community.workspace_collection

    assert collection.name == f"Netwerk Burgerschap (#{community.pk}): werkruimte"
    assert collection.get_parent() == Collection.get_first_root_node()
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert {group.name for group in restriction.groups.all()} == {
        community.members_group.name,
        community.moderators_group.name,
        EDITORS_GROUP,
        ADMINISTRATORS_GROUP,
    }


@pytest.mark.django_db
def test_renaming_a_community_renames_its_collection(communities):
    community = CommunityPage.objects.get(pk=communities.a.pk)
    collection_id = community.workspace_collection_id
    community.title = "Netwerk Actief Burgerschap"

    publish(community)

    collection = Collection.objects.get(pk=collection_id)
    assert collection.name == f"Netwerk Actief Burgerschap (#{community.pk}): werkruimte"
    assert collection_of(community).pk == collection_id


@pytest.mark.django_db
def test_an_existing_community_gets_its_collection_from_the_roles_setup(communities):
    # A community from before collections existed: the setup after every migrate gives it one.
    CommunityPage.objects.filter(pk=communities.a.pk).update(workspace_collection=None)
    Collection.objects.get(name__endswith="werkruimte", name__startswith="Netwerk").delete()

    setup_roles()

    collection = collection_of(communities.a)
    assert collection.name.startswith("Netwerk Burgerschap")
    assert collection.get_view_restrictions().get().groups.count() == 4
    setup_roles()
    assert Collection.objects.filter(name=collection.name).count() == 1


@pytest.mark.django_db
def test_deleting_a_community_keeps_files_left_in_its_collection_private(communities, people):
    kept = document("Verslag", collection_of(communities.a), people.member_a)
    empty_id = collection_of(communities.b).pk

    CommunityPage.objects.get(pk=communities.a.pk).delete()
    CommunityPage.objects.get(pk=communities.b.pk).delete()

    assert not Collection.objects.filter(pk=empty_id).exists()
    kept.refresh_from_db()
    restriction = kept.collection.get_view_restrictions().get()
    assert {group.name for group in restriction.groups.all()} == {
        EDITORS_GROUP,
        ADMINISTRATORS_GROUP,
    }
    assert client_for(people.member_a).get(kept.url).status_code == 404


# Downloading -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("moderator_b", 404),
        ("member_a", 200),
        ("moderator_a", 200),
        ("editor", 200),
        ("admin", 200),
    ],
)
def test_only_the_community_downloads_a_workspace_document(people, outsider, files, role, status):
    user = {"anonymous": None, "outsider": outsider}.get(role) or getattr(people, role, None)
    url = files["a"].url
    assert url.startswith("/documenten/")

    response = client_for(user).get(url)

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"Vertrouwelijke notulen"
    if role == "anonymous":
        assert response["Location"].startswith("/account/inloggen/?next=/documenten/")


@pytest.fixture
def administrator(people, django_user_model):
    """In the administrators' group, without being a superuser."""
    person = django_user_model.objects.create_user("beheerder-2", "b2@example.org", "x")
    person.groups.add(Group.objects.get(name=ADMINISTRATORS_GROUP))
    return person


@pytest.mark.django_db
def test_an_administrator_who_is_no_superuser_finds_and_downloads_a_workspace_document(
    administrator, files, communities
):
    # A community from before the administrators were let in: the roles setup after every
    # migrate lets them in.
    restriction = collection_of(communities.a).get_view_restrictions().get()
    restriction.groups.remove(Group.objects.get(name=ADMINISTRATORS_GROUP))
    setup_roles()
    client = client_for(administrator)

    listing = client.get("/admin/documents/").content.decode()
    response = client.get(files["a"].url)

    assert "Notulen Burgerschap" in listing
    assert "Notulen Veiligheid" in listing
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Vertrouwelijke notulen"


@pytest.mark.django_db
def test_what_the_admin_lists_is_what_downloads(people, outsider, administrator, files):
    """One rule for both: a document in a listing opens, one left out does not."""
    for user in (outsider, administrator, *vars(people).values()):
        client = client_for(user)
        listing = client.get("/admin/documents/chooser/").content.decode()
        for document_ in (files["a"], files["b"]):
            listed = document_.title in listing
            opens = client.get(document_.url).status_code == 200
            assert listed == opens, (user.username, document_.title)


@pytest.mark.django_db
def test_a_public_document_downloads_for_everyone(files):
    assert Client().get(files["public"].url).status_code == 200


@pytest.fixture
def development_urls(settings):
    """The URLs as `make run` has them: DEBUG on, media served by Django."""
    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_development_serves_images_but_never_the_documents_folder(files, development_urls):
    image = ImageFactory(title="Foto")
    image_path = image.file.name
    document_path = files["a"].file.name
    assert document_path.startswith("documents/")

    assert Client().get(f"/media/{image_path}").status_code == 200
    for path in (
        document_path,
        f"images/../{document_path}",
        f"./{document_path}",
        f"/{document_path}",
    ):
        assert Client().get(f"/media/{path}").status_code == 404, path
    # The document view still serves it to who may see it.
    assert Client().get(files["public"].url).status_code == 200


# Choosers and listings -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member_a", "moderator_a"])
def test_the_document_chooser_shows_only_the_own_community_and_public_files(people, files, role):
    client = client_for(getattr(people, role))

    chooser = client.get("/admin/documents/chooser/").content.decode()
    chosen = client.get(f"/admin/documents/chooser/{files['b'].pk}/")

    assert "Notulen Burgerschap" in chooser
    assert "Handreiking voor iedereen" in chooser
    assert "Notulen Veiligheid" not in chooser
    assert "Kenniskring Veiligheid" not in chooser  # nor its collection in the filter
    assert chosen.status_code == 404


@pytest.mark.django_db
def test_editors_choose_every_document(people, files):
    chooser = client_for(people.editor).get("/admin/documents/chooser/").content.decode()

    assert "Notulen Burgerschap" in chooser
    assert "Notulen Veiligheid" in chooser


@pytest.mark.django_db
def test_the_document_listing_shows_a_moderator_no_other_community(people, files):
    client = client_for(people.moderator_a)

    listing = client.get("/admin/documents/").content.decode()
    edit = client.get(f"/admin/documents/edit/{files['b'].pk}/")

    assert "Notulen Burgerschap" in listing
    assert "Notulen Veiligheid" not in listing
    assert edit.status_code != 200
    editor_listing = client_for(people.editor).get("/admin/documents/").content.decode()
    assert "Notulen Veiligheid" in editor_listing


@pytest.mark.django_db
def test_the_image_chooser_shows_only_the_own_community_and_public_images(people, communities):
    ImageFactory(title="Groepsfoto Burgerschap", collection=collection_of(communities.a))
    ImageFactory(title="Groepsfoto Veiligheid", collection=collection_of(communities.b))
    ImageFactory(title="Logo", collection=Collection.get_first_root_node())

    chooser = client_for(people.member_a).get("/admin/images/chooser/").content.decode()
    listing = client_for(people.moderator_a).get("/admin/images/").content.decode()

    assert "Groepsfoto Burgerschap" in chooser
    assert "Logo" in chooser
    assert "Groepsfoto Veiligheid" not in chooser
    assert "Groepsfoto Veiligheid" not in listing


@pytest.mark.django_db
def test_checking_documents_one_by_one_costs_what_wagtails_own_policy_costs(people, communities):
    """The bulk actions ask about each chosen document; the community rule is asked once."""
    for number in range(5):
        document(f"Verslag {number}", collection_of(communities.a), people.member_a)
    wagtails = CollectionOwnershipPermissionPolicy(
        Document, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    )

    def check_each(policy):
        # A fresh user object and fresh documents, as every request has them.
        user = type(people.moderator_a).objects.get(pk=people.moderator_a.pk)
        documents = list(Document.objects.all())
        with CaptureQueriesContext(connection) as queries:
            allowed = [
                policy.user_has_permission_for_instance(user, "change", each) for each in documents
            ]
        return allowed, len(queries)

    ours, ours_cost = check_each(policy_registry.get_by_type(Document))
    theirs, their_cost = check_each(wagtails)

    assert ours == theirs == [True] * 5
    assert ours_cost <= their_cost + 2


# Uploading -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_members_upload_lands_in_the_communitys_collection(people, communities):
    response = client_for(people.member_a).post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("werkversie.txt", b"Halffabricaat")},
    )

    assert json.loads(response.content)["success"] is True
    uploaded = Document.objects.get(title="werkversie.txt")
    assert uploaded.collection == collection_of(communities.a)
    assert Client().get(uploaded.url).status_code == 302


@pytest.mark.django_db
def test_a_members_upload_from_the_page_editor_lands_in_the_communitys_collection(
    people, communities
):
    response = client_for(people.member_a).post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": "Verslag bijeenkomst",
            "document-chooser-upload-file": SimpleUploadedFile("verslag.txt", b"Verslag"),
        },
    )

    assert response.status_code == 200, response.content
    assert Document.objects.get(title="Verslag bijeenkomst").collection == collection_of(
        communities.a
    )


@pytest.mark.django_db
def test_a_moderators_upload_starts_in_the_communitys_collection(people, communities):
    client = client_for(people.moderator_a)
    own = collection_of(communities.a)
    other = collection_of(communities.b)

    form = client.get("/admin/documents/add/").content.decode()
    uploader = client.get("/admin/documents/multiple/add/").content.decode()

    # The single form preselects it; the uploader preselects its first option.
    assert f'<option value="{own.pk}" selected>' in form
    first_option = uploader.split('<select id="id_adddocument_collection"')[1]
    first_option = first_option.split("<option")[1]
    assert f'value="{own.pk}"' in first_option
    for page in (form, uploader):
        assert f'value="{other.pk}"' not in page
        # The public root collection stays on offer for a result's public files.
        assert f'value="{Collection.get_first_root_node().pk}"' in page


@pytest.mark.django_db
def test_the_upload_screens_say_what_is_public(people):
    client = client_for(people.member_a)

    images = client.get("/admin/images/multiple/add/").content.decode()
    documents = client.get("/admin/documents/multiple/add/").content.decode()

    assert "afbeeldingen zijn altijd openbaar" in images
    assert "alleen de leden en moderatoren van je leergemeenschap" in documents


@pytest.mark.django_db
def test_a_member_cannot_put_an_image_in_another_communitys_collection(people, communities):
    picture = io.BytesIO()
    PILImage.new("RGB", (8, 8), "orange").save(picture, "PNG")

    client_for(people.member_a).post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile("foto.png", picture.getvalue(), "image/png"),
            "collection": collection_of(communities.b).pk,
        },
    )

    assert Image.objects.get(title="foto.png").collection == collection_of(communities.a)
