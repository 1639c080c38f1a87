"""Images and documents in an S3-compatible bucket every app server shares (home.object_storage),
against a real S3Proxy: images public at MEDIA_URL, documents private and served by the portal,
and the portal serving on, with uploads refused clearly, while the bucket is out of reach."""

import urllib.error
import urllib.request

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents.models import Document
from wagtail.images.models import SourceImageIOError
from wagtail.models import Collection

import factory
import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from communities.factories import CommunityPageFactory
from communities.models import CommunityPage
from home.factories import HomePageFactory
from home.models import ensure_section_pages
from home.object_storage import ObjectStorage
from portal.settings.base import media_storage_settings
from resources.factories import PracticeExamplePageFactory


@pytest.fixture
def bucket(object_store, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_settings(
            object_store.bucket, object_store.endpoint, object_store.identity, object_store.secret
        ),
    }
    settings.MEDIA_URL = f"{object_store.endpoint}/{object_store.bucket}/"
    yield object_store
    if object_store.process is None:
        object_store.start()


def anonymous_get(url):
    """What anyone on the internet gets from the bucket: the status and the body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def document(title, collection, data=b"Verslag van de studiedag"):
    return DocumentFactory(
        title=title,
        collection=collection,
        file=factory.django.FileField(data=data, filename="verslag.txt"),
    )


@pytest.mark.django_db
def test_an_image_and_its_renditions_are_public_files_in_the_bucket(bucket):
    image = ImageFactory(title="Studiedag")
    rendition = image.get_rendition("width-40")

    assert isinstance(default_storage._wrapped, ObjectStorage)
    assert f"{image.file.name}" in bucket.objects()
    assert rendition.file.name in bucket.objects()
    assert rendition.url == f"{bucket.endpoint}/{bucket.bucket}/{rendition.file.name}"
    status, body = anonymous_get(rendition.url)
    assert status == 200
    assert body == rendition.file.open("rb").read()


@pytest.mark.django_db
def test_a_document_is_private_in_the_bucket_and_served_by_the_portal(bucket):
    handout = document("Handreiking", Collection.get_first_root_node())

    assert handout.file.name in bucket.objects()
    # Straight from the bucket nobody reads it: no link into documents/ works.
    assert anonymous_get(f"{bucket.endpoint}/{bucket.bucket}/{handout.file.name}")[0] == 403
    response = Client().get(handout.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Verslag van de studiedag"


@pytest.mark.django_db
def test_a_workspace_document_in_the_bucket_stays_with_its_community(bucket, django_user_model):
    community = CommunityPageFactory(title="Netwerk Burgerschap")
    community.save_revision().publish()
    community = CommunityPage.objects.get(pk=community.pk)
    notes = document("Notulen", community.workspace_collection, b"Vertrouwelijke notulen")
    member = django_user_model.objects.create_user("lid", "lid@example.org", "x")
    member.groups.add(community.members_group)
    outsider = django_user_model.objects.create_user("buiten", "buiten@example.org", "x")
    as_member, as_outsider = Client(), Client()
    as_member.force_login(member)
    as_outsider.force_login(outsider)

    to_member = as_member.get(notes.url)
    to_outsider = as_outsider.get(notes.url)

    assert to_member.status_code == 200
    assert b"".join(to_member.streaming_content) == b"Vertrouwelijke notulen"
    assert to_outsider.status_code in {403, 404}
    assert b"Vertrouwelijke" not in to_outsider.content
    assert anonymous_get(f"{bucket.endpoint}/{bucket.bucket}/{notes.file.name}")[0] == 403


@pytest.mark.django_db
def test_readiness_reports_the_bucket(bucket):
    assert Client().get("/readyz").json()["checks"]["storage"] == "ok"
    bucket.stop()

    response = Client().get("/readyz")

    # Every app server shares the bucket: taking them all out would serve no page at all.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["storage"] == "failed"


@pytest.mark.django_db
def test_with_the_bucket_out_of_reach_pages_are_served_and_an_upload_is_refused_clearly(
    bucket, admin_client
):
    HomePageFactory()
    ensure_section_pages()
    community = CommunityPageFactory(title="Netwerk Burgerschap")
    community.save_revision().publish()
    image = ImageFactory(title="Studiedag")
    example = PracticeExamplePageFactory(parent=community, title="Lesbezoek", listing_image=image)
    example.save_revision().publish()
    # The page has never been drawn, so its image's renditions must be made from a file that
    # cannot be read: Wagtail then draws it as a missing image instead of failing the page.
    handout = document("Handreiking", Collection.get_first_root_node())
    documents_before = Document.objects.count()
    bucket.stop()

    page = Client().get(example.url)
    download = Client().get(handout.url)
    upload = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Verslag",
            "file": SimpleUploadedFile("verslag.txt", b"Verslag", content_type="text/plain"),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert page.status_code == 200
    assert "Lesbezoek" in page.content.decode()
    with pytest.raises(SourceImageIOError):
        image.get_rendition("width-41")
    assert download.status_code == 503
    assert "Het bestand is nu niet bereikbaar" in download.content.decode()
    assert "niet opgeslagen" not in download.content.decode()
    assert upload.status_code == 503
    assert "Het bestand is niet opgeslagen" in upload.content.decode()
    assert Document.objects.count() == documents_before
