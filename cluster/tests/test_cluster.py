"""`make test-cluster`: the portal on two app servers behind haproxy, with Redis, an S3-compatible
bucket, a two-node OpenSearch cluster and PostgreSQL shared, driven as visitors would, while
parts of it fail."""

import http.client
import http.cookiejar
import io
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from cluster.run import APP_SERVERS, SEARCH_NODES, wait_until

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


def fetched(url):
    status, _headers, body = get(url)
    return status, body


def ready(url):
    status, _headers, body = get(f"{url}/readyz")
    return status, json.loads(body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as it is: the tests look at where it leads."""

    def redirect_request(self, *args, **kwargs):
        return None


class _FromAddress(urllib.request.HTTPHandler):
    def __init__(self, address):
        super().__init__()
        self.address = address

    def http_open(self, request):
        return self.do_open(http.client.HTTPConnection, request, source_address=(self.address, 0))


class Visitor:
    """Someone with a browser: cookies kept, each form sent with its CSRF token, and, given an
    address, connecting from that address of its own (all of 127.0.0.0/8 is this machine), so
    that the balancer sees another visitor."""

    def __init__(self, url, address=None):
        self.url = url
        # The portal's cookies are Secure (the production settings). With no TLS in front on
        # loopback they go over plain HTTP, as browsers send them to a loopback address.
        cookies = http.cookiejar.CookieJar(
            http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        )
        handlers = [urllib.request.HTTPCookieProcessor(cookies), _NoRedirects]
        if address:
            handlers.append(_FromAddress(address))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path, data=None, headers=None):
        """The status, headers and text of the answer, whatever the status."""
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def form_token(self, path):
        """The CSRF token of the form on the page at `path`."""
        status, _headers, body = self.request(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def post(self, path, fields, files=None, headers=None):
        """A form as a browser sends it: url-encoded, or multipart with files, given as
        {name: (filename, content type, bytes)}."""
        if not files:
            body = urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
                for name, value in fields.items()
            ]
            for name, (filename, content_type, data) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                    + data
                    + b"\r\n"
                )
            body = b"".join([*parts, f"--{boundary}--\r\n".encode()])
            kind = f"multipart/form-data; boundary={boundary}"
        return self.request(path, body, {**(headers or {}), "Content-Type": kind})


def logged_in_administrator(cluster):
    """An administrator made here, logged in to the admin through the balancer as production
    asks: the password, then a code from their authenticator app (communities.two_factor)."""
    from django.contrib.auth import get_user_model

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_superuser(
        f"beheer-{uuid.uuid4().hex[:8]}", "beheer@example.org", password
    )
    app = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    administrator = Visitor(cluster.url)
    login = "/admin/login/"
    status, headers, _body = administrator.post(
        login,
        {
            "csrfmiddlewaretoken": administrator.form_token(login),
            "username": user.username,
            "password": password,
            "next": "/admin/",
        },
    )
    assert (status, headers["Location"]) == (302, "/admin/")
    code = "/account/inloggen/code/?next=/admin/"
    status, headers, _body = administrator.post(
        code,
        {
            "csrfmiddlewaretoken": administrator.form_token(code),
            "code": f"{TOTP(app.bin_key, app.step, app.t0, app.digits, app.drift).token():06d}",
        },
    )
    assert (status, headers["Location"]) == (302, "/admin/")
    return administrator


def png(colour):
    from PIL import Image as PILImage

    picture = io.BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(picture, "PNG")
    return picture.getvalue()


def search_titles(url, query):
    """The titles the portal's search API finds for `query`, from the engine."""
    status, _headers, body = get(f"{url}/api/search/?{urlencode({'q': query})}")
    answer = json.loads(body)
    # Not the database backend the portal falls back to when the engine fails it.
    assert (status, answer["fallback"]) == (200, False), answer
    return {result["title"] for result in answer["results"]}


def engine(cluster, node, path, method="GET"):
    """What the search node `node` answers to `path`, as JSON (None for no body)."""
    request = urllib.request.Request(f"{cluster.search_url(node)}{path}", method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    return json.loads(body) if body else None


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


def test_with_object_storage_stopped_pages_are_served_and_an_upload_is_refused_clearly(cluster):
    from wagtail.images.models import Image
    from wagtail.models import Collection

    collection = Collection.get_first_root_node()
    administrator = logged_in_administrator(cluster)
    add = "/admin/images/add/"
    token = administrator.form_token(add)

    def upload(title, colour):
        return administrator.post(
            add,
            {"csrfmiddlewaretoken": token, "title": title, "collection": collection.pk},
            files={"file": (f"{colour.strip('#')}.png", "image/png", png(colour))},
        )

    assert upload("Studiedag voor de storing", "#154273")[0] == 302
    before = Image.objects.get(title="Studiedag voor de storing")

    cluster.processes["object-storage"].kill()
    try:
        status, body = ready(cluster.url)
        page_status = get(f"{cluster.url}/colofon/")[0]
        refused_status, _headers, refused = upload("Studiedag tijdens de storing", "#a90061")
    finally:
        cluster.start_object_storage()

    assert (status, body["status"], body["checks"]["storage"]) == (200, "degraded", "failed")
    assert page_status == 200
    # home.storage.StorageUnavailableMiddleware: a page that says so, not a server error.
    assert refused_status == 503
    assert "Het bestand is niet opgeslagen" in refused
    assert "Er is niets opgeslagen." in refused
    # The file is written before the row that names it: no row names a file never stored.
    assert not Image.objects.filter(title="Studiedag tijdens de storing").exists()

    assert ready(cluster.url) == (200, ALL_READY)
    # The bucket kept its files through the restart, and takes uploads again.
    assert fetched(before.file.url) == (200, png("#154273"))
    assert upload("Studiedag na de storing", "#39870c")[0] == 302
    after = Image.objects.get(title="Studiedag na de storing")
    assert fetched(after.file.url) == (200, png("#39870c"))


def test_a_forms_rate_limit_counts_the_visitor_across_both_app_servers(cluster):
    """The follow form's limit per address (FOLLOWS_PER_ADDRESS), kept in Redis: the
    visitor's requests spread over both app servers count together, and count as the
    visitor's address that haproxy adds to X-Forwarded-For, not the balancer's."""
    from django.conf import settings

    follow = "/volgen/?agenda"
    limit = settings.FOLLOWS_PER_ADDRESS
    # Addresses of this test's own: neither the balancer's nor another test's.
    visitor, neighbour = Visitor(cluster.url, "127.0.0.2"), Visitor(cluster.url, "127.0.0.3")
    token = visitor.form_token(follow)
    logged_before = {name: follow_posts_logged(cluster, name) for name in APP_SERVERS}

    answers = []
    for number in range(limit + 1):
        answers.append(
            visitor.post(
                follow,
                # Another email each time, or the limit per email (FOLLOWS_PER_EMAIL) would
                # count first.
                {
                    "csrfmiddlewaretoken": token,
                    "email": f"volger-{number}@example.org",
                    "frequency": "wekelijks",
                },
                # A script's made-up address before haproxy's entry changes nothing.
                headers={"X-Forwarded-For": f"198.51.100.{number}"},
            )
        )
    neighbours_status = neighbour.post(
        follow,
        {
            "csrfmiddlewaretoken": neighbour.form_token(follow),
            "email": "buur@example.org",
            "frequency": "wekelijks",
        },
    )[0]

    assert [status for status, _headers, _body in answers] == [302] * limit + [400]
    assert "Vanaf dit adres zijn veel aanmeldingen gedaan. Probeer het later." in answers[-1][2]
    # Counted per visitor: another one is still let through.
    assert neighbours_status == 302

    def handled():
        return {
            name: follow_posts_logged(cluster, name) - logged_before[name] for name in APP_SERVERS
        }

    # An app server logs a request once it has answered it: the last may still be on its way.
    wait_until(
        "every request in the access logs", lambda: sum(handled().values()) == limit + 2, 10
    )
    print(f"\nthe follow form sent {limit + 2} times: {handled()}")
    assert all(handled().values()), handled()


def follow_posts_logged(cluster, name):
    """How many times the follow form was sent to this app server (its access log)."""
    log = cluster.processes[name].log.read_text(errors="replace")
    return log.count('"POST /volgen/?agenda ')


def test_with_a_search_node_killed_search_is_whole_and_a_new_page_is_found(cluster):
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from communities.factories import CommunityPageFactory
    from resources.factories import PracticeExamplePageFactory
    from resources.models import PracticeExamplePage
    from search.models import IndexOutboxEntry

    community = CommunityPageFactory(title="Kenniskring Mentoraat")
    community.save_revision().publish()
    titles = {
        "Hospiteren in de bovenbouw",
        "Hospiteren met een kijkwijzer",
        "Hospiteren bij elkaar",
    }
    for title in titles:
        PracticeExamplePageFactory(parent=community, title=title).save_revision().publish()
    wait_until(
        "the pages in the index", lambda: search_titles(cluster.url, "hospiteren") == titles, 60
    )

    # The first node the portal lists is lost: every client tries it first. With two nodes
    # only the cluster manager votes (docs/deployment.md: three nodes survive the loss of
    # any one), so when that is the first, its vote goes to the other beforehand.
    lost, survivor = SEARCH_NODES
    if manager(cluster, survivor) == lost:
        engine(cluster, survivor, f"/_cluster/voting_config_exclusions?node_names={lost}", "POST")
        wait_until("the other node as manager", lambda: manager(cluster, survivor) == survivor, 60)
    later = "Hospiteren tijdens de storing"
    try:
        cluster.processes[lost].kill()
        # Its shards' replicas on the survivor become primaries.
        cluster.wait_for_search(1, "yellow", via=survivor)
        during = search_titles(cluster.url, "hospiteren")
        page = PracticeExamplePageFactory(parent=community, title=later)
        page.save_revision().publish()
        # Sent to the engine right after the commit, by this process as by an app server (the
        # outbox's worker sends later what that could not): its client passes over the node
        # that refuses the connection, so nothing is left waiting.
        left_waiting = IndexOutboxEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PracticeExamplePage),
            object_id=str(page.pk),
        ).exists()
        wait_until(
            "the page published meanwhile in the index",
            lambda: later in search_titles(cluster.url, "hospiteren"),
            60,
        )
        with_later = search_titles(cluster.url, "hospiteren")
    finally:
        cluster.start_search_node(lost)
        cluster.wait_for_search(2, "green")
        engine(
            cluster,
            survivor,
            "/_cluster/voting_config_exclusions?wait_for_removal=false",
            "DELETE",
        )

    assert during == titles
    assert not left_waiting
    assert with_later == {*titles, later}
    # The node that returned holds its copies again, the page published while it was away
    # included: asked for what it holds itself, it finds the page.
    pages = f"{settings.WAGTAILSEARCH_BACKENDS['default']['INDEX_PREFIX']}wagtailcore_page"
    local = engine(cluster, lost, f"/{pages}/_search?preference=_only_local&q=storing&size=50")
    assert [hit["_source"].get("title") for hit in local["hits"]["hits"]] == [later], local


def manager(cluster, node):
    """The name of the search cluster's manager, as `node` knows it."""
    return engine(cluster, node, "/_cat/cluster_manager?format=json")[0]["node"]


@pytest.fixture(autouse=True)
def _every_part_running(cluster):
    """A test that stopped a part started it again; the next one starts from the whole set."""
    yield
    stopped = [name for name, process in cluster.processes.items() if not process.running]
    assert not stopped, f"left stopped: {stopped}"
