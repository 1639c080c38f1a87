"""The Content-Security-Policy: on public pages and their stored copies, in the admin, and a
public site whose pages hold nothing inline that the policy would refuse."""

import io
import json
from html.parser import HTMLParser

from django.core.management import call_command
from django.test import Client
from django.test.utils import override_script_prefix

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

import pytest

from communities.factories import CommunityPageFactory
from home.caching import CACHE_HEADER
from home.factories import HomePageFactory, StandardPageFactory
from home.models import ensure_section_pages

# Script types a browser does not run, so the policy has nothing to say about them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def policy(response):
    """The Content-Security-Policy's directives, each with its list of sources."""
    header = response.get("Content-Security-Policy")
    assert header, f"{response.wsgi_request.path} has no Content-Security-Policy"
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


class InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' refuses: inline scripts, style elements,
    style attributes and event handler attributes."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in attributes and (
                attributes.get("type") not in DATA_SCRIPT_TYPES
            )
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'<{tag} {name}="{value}">')

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:80]}</script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def home(db):
    home = HomePageFactory()
    ensure_section_pages()
    return home


@pytest.mark.django_db
def test_a_public_page_and_its_stored_copy_carry_the_public_policy(home):
    first = Client().get(home.url)
    second = Client().get(home.url)

    assert (first[CACHE_HEADER], second[CACHE_HEADER]) == ("miss", "hit")
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    directives = policy(second)
    assert directives["default-src"] == ["'self'"]
    # Scripts and styles come only from the portal's own files: nothing inline, no nonce.
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in second["Content-Security-Policy"]
    assert "nonce-" not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_browser_features_the_portal_never_uses_are_switched_off(home):
    """Permissions-Policy, on a public page, its stored copy and the admin's login."""
    for response in (
        Client().get(home.url),
        Client().get(home.url),
        Client().get("/admin/login/"),
    ):
        features = dict(
            part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (response.wsgi_request.path, feature)
        # Embedded video players still get fullscreen.
        assert "fullscreen" not in features


@pytest.mark.django_db
def test_the_admin_carries_its_own_policy(home, django_user_model):
    community = CommunityPageFactory(title="Netwerk Burgerschap")
    community.save_revision().publish()
    moderator = django_user_model.objects.create_user("moderator", "m@example.org", "x")
    moderator.groups.add(community.moderators_group)
    client = Client()

    login = client.get("/admin/login/")
    client.force_login(moderator)
    editor = client.get(f"/admin/pages/{community.pk}/edit/")
    public = client.get(community.url)

    assert (login.status_code, editor.status_code, public.status_code) == (200, 200, 200)
    for response in (login, editor):
        directives = policy(response)
        # Wagtail's admin runs inline scripts, but no inline event handlers.
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
        assert directives["script-src-attr"] == ["'none'"]
        assert {"data:", "blob:"} <= set(directives["img-src"])
        assert directives["frame-ancestors"] == ["'self'"]
    # A logged-in editor's public pages keep the public policy, the userbar included.
    assert policy(public)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_an_embedded_video_keeps_its_shape_without_a_style_attribute(home):
    url = "https://www.youtube.com/watch?v=leergemeenschap"
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe width="480" height="360" src="https://www.youtube.com/embed/x"></iframe>',
        width=480,
        height=360,
    )
    page = StandardPageFactory(
        parent=home,
        title="Een leergemeenschap in beeld",
        body=json.dumps(
            [{"type": "embed", "value": {"embed": url, "title": "Een jaar samen leren"}}]
        ),
    )

    response = Client().get(page.url)

    content = response.content.decode()
    assert 'src="https://www.youtube.com/embed/x"' in content
    # The frame's 4:3 ratio, which Wagtail would have written in a style attribute.
    assert 'viewBox="0 0 480 360"' in content
    assert inline_code(response) == []
    assert "https:" in policy(response)["frame-src"]


@pytest.mark.django_db
def test_no_public_page_holds_inline_script_or_style():
    call_command("load_demo_content", stdout=io.StringIO())
    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    urls += ["/zoeken/?q=loopbaan", "/account/inloggen/", "/en/zoeken/?q=loopbaan"]
    assert len(urls) > 50

    client = Client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response)["script-src"] == ["'self'"], url
        assert inline_code(response) == [], url


@pytest.mark.django_db
def test_the_admin_keeps_its_policy_when_the_portal_runs_under_a_path_prefix(home, settings):
    # FORCE_SCRIPT_NAME: the proxy passes /portaal/admin/... on as /admin/..., and URLs the
    # portal makes start with /portaal/ (the server sets the prefix; the test client does not).
    settings.FORCE_SCRIPT_NAME = "/portaal"
    client = Client()

    with override_script_prefix("/portaal/"):
        login = client.get("/admin/login/")
        public = client.get("/")

    assert (login.status_code, public.status_code) == (200, 200)
    assert policy(login)["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy(public)["script-src"] == ["'self'"]
