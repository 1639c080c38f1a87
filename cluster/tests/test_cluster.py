"""`make test-cluster`: the portal on two app servers behind haproxy, with Redis, an S3-compatible
bucket, a two-node OpenSearch cluster and PostgreSQL shared, driven as visitors would, while
parts of it fail."""

import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cluster.run import APP_SERVERS

ALL_READY = {
    "status": "ok",
    "checks": {"database": "ok", "cache": "ok", "storage": "ok", "search_engine": "ok"},
}
# What loads the balancer while an app server is killed: a few visitors at once.
VISITORS = 4
LOAD_SECONDS = 6


def get(url):
    """The status, headers and body of a GET, whatever the status; no status (None) when no
    answer came at all (a connection refused, reset or timed out)."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except OSError:
        return None, {}, b""


def ready(url):
    status, _headers, body = get(f"{url}/readyz")
    return status, json.loads(body)


def test_every_app_server_is_ready_with_every_shared_service(cluster):
    for url in [cluster.url, *(cluster.app_url(name) for name in APP_SERVERS)]:
        assert ready(url) == (200, ALL_READY)


def test_a_page_published_is_served_fresh_by_every_app_server_at_once(cluster):
    from wagtail.models import Page

    from home.caching import CACHE_HEADER

    page = Page.objects.get(slug="colofon").specific
    for name in APP_SERVERS:
        get(f"{cluster.app_url(name)}{page.url}")
        status, headers, _body = get(f"{cluster.app_url(name)}{page.url}")
        assert (status, headers[CACHE_HEADER]) == (200, "hit")

    page.title = "Colofon van het portaal"
    page.save_revision().publish()

    for name in APP_SERVERS:
        status, headers, body = get(f"{cluster.app_url(name)}{page.url}")
        assert (status, headers[CACHE_HEADER]) == (200, "miss")
        assert "Colofon van het portaal" in body.decode()


def test_a_document_and_an_image_in_object_storage_are_served_to_every_app_server(cluster):
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile

    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from PIL import Image as PILImage

    handout = Document(title="Handreiking")
    handout.file.save("handreiking.txt", ContentFile(b"Samen leren in de regio"), save=True)
    picture = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#154273").save(picture, "PNG")
    image = Image(title="Studiedag")
    image.file.save("studiedag.png", ImageFile(picture, name="studiedag.png"), save=True)
    rendition = image.get_rendition("width-32")

    for name in APP_SERVERS:
        status, _headers, body = get(f"{cluster.app_url(name)}{handout.url}")
        assert (status, body) == (200, b"Samen leren in de regio")
    # Renditions are public files of the bucket, linked at MEDIA_URL, for every app server.
    status, _headers, body = get(rendition.url)
    assert status == 200 and body[:8] == b"\x89PNG\r\n\x1a\n"
    # The document is not: only the portal reads it, after the collection check.
    assert (
        get(f"{cluster.env['S3_ENDPOINT_URL']}/{cluster.env['S3_BUCKET']}/{handout.file.name}")[0]
        == 403
    )


def test_an_app_server_killed_under_load_leaves_the_requests_answered(cluster):
    statuses = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + LOAD_SECONDS

    def visitor():
        while time.monotonic() < stop_at:
            status = get(f"{cluster.url}/colofon/")[0]
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=visitor) for _visitor in range(VISITORS)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS / 3)
    cluster.processes[APP_SERVERS[0]].kill()
    for thread in threads:
        thread.join()
    cluster.start_app_server(APP_SERVERS[0])

    answered = statuses[200]
    failed = sum(count for status, count in statuses.items() if status != 200)
    print(f"\nan app server killed under load: {answered} answered, {failed} failed {statuses}")
    assert answered > 20 * VISITORS
    # The balancer sends a GET the killed server dropped unanswered to the other one.
    assert failed == 0, statuses


def test_with_redis_stopped_pages_are_served_and_the_server_stays_in_the_balancer(cluster):
    cluster.processes["redis"].kill()
    try:
        status, body = ready(cluster.url)
        page_status = get(f"{cluster.url}/colofon/")[0]
    finally:
        cluster.start_redis()

    assert (status, body["status"], body["checks"]["cache"]) == (200, "degraded", "failed")
    assert page_status == 200
    assert ready(cluster.url) == (200, ALL_READY)


def test_after_a_database_restart_the_app_servers_answer_without_being_restarted(cluster):
    from django.db import connections

    # Each app server's workers hold a connection from before.
    for _request in range(4):
        for name in APP_SERVERS:
            assert ready(cluster.app_url(name)) == (200, ALL_READY)

    cluster.restart_database()
    # This process too: its connection was cut, and no request here checks it first.
    connections.close_all()

    # A worker finds its connection cut and opens a new one before the request uses it.
    for _request in range(4):
        for name in APP_SERVERS:
            assert ready(cluster.app_url(name)) == (200, ALL_READY)


def test_a_backup_restores_into_a_new_database_and_the_search_index_is_built_from_it(
    cluster, tmp_path
):
    """The procedure of docs/deployment.md ("Backups and restores"), step by step."""
    from wagtail.models import Page

    import psycopg

    page = Page.objects.get(slug="contact").specific
    page.title = "Contact met de redactie"
    page.save_revision().publish()
    backup = tmp_path / "portal.dump"
    cluster.postgres("pg_dump", "--format=custom", "--file", str(backup), "portal")
    # What changes after the backup is not in it.
    page.title = "Contact na de back-up"
    page.save_revision().publish()

    cluster.postgres("createdb", "portal_restored")
    cluster.postgres("pg_restore", "--no-owner", "--dbname", "portal_restored", str(backup))
    restored = urlsplit(os.environ["DATABASE_URL"])._replace(path="/portal_restored").geturl()
    # The engine's index is not backed up: it is built again from the restored database.
    prefix = "restored_"
    subprocess.run(
        [sys.executable, "manage.py", "update_index"],
        env={**cluster.env, "DATABASE_URL": restored, "SEARCH_INDEX_PREFIX": prefix},
        cwd=Path(__file__).resolve().parents[2],
        check=True,
        capture_output=True,
    )

    with psycopg.connect(restored) as connection:
        (title,) = connection.execute(
            "SELECT title FROM wagtailcore_page WHERE slug = 'contact'"
        ).fetchone()
    assert title == "Contact met de redactie"
    search = cluster.env["SEARCH_URL"].split(",")[0]
    status, _headers, body = get(f"{search}/{prefix}*/_search?q=redactie&size=50")
    assert status == 200
    assert any(
        hit["_source"].get("title") == "Contact met de redactie"
        for hit in json.loads(body)["hits"]["hits"]
    ), body


@pytest.fixture(autouse=True)
def _every_part_running(cluster):
    """A test that stopped a part started it again; the next one starts from the whole set."""
    yield
    stopped = [name for name, process in cluster.processes.items() if not process.running]
    assert not stopped, f"left stopped: {stopped}"
