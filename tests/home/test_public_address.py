"""One public address (settings.BASE_URL): the default site record follows it, and every absolute
link the portal writes uses it, whatever port the portal runs on."""

import re
from datetime import timedelta
from urllib.parse import urlsplit
from urllib.request import urlopen

from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client
from django.utils import timezone

from wagtail.models import Site

import pytest

from communities.factories import CommunityPageFactory
from home.caching import content_generation
from home.factories import ThemeFactory
from home.models import ensure_section_pages
from home.sites import follow_base_url
from resources.factories import EventPageFactory, PracticeExamplePageFactory, StoryPageFactory

ABSOLUTE_URL = re.compile(r"https?://[^\s\"'<>]+")
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


@pytest.mark.django_db
def test_the_default_site_takes_the_base_url_on_migrate(settings):
    settings.BASE_URL = "https://leergemeenschappen.example.nl"

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("leergemeenschappen.example.nl", 443)
    assert site.root_page.full_url == "https://leergemeenschappen.example.nl/"


@pytest.mark.django_db
def test_an_unchanged_address_leaves_the_site_and_the_page_cache_alone(settings):
    follow_base_url("http://portal.example.nl:8080")
    site = Site.objects.get(is_default_site=True)
    generation = content_generation()

    follow_base_url("http://portal.example.nl:8080/")

    assert content_generation() == generation
    assert Site.objects.get(is_default_site=True).port == site.port == 8080


@pytest.mark.django_db
def test_without_a_default_site_nothing_is_written():
    Site.objects.all().delete()

    follow_base_url("https://leergemeenschappen.example.nl")

    assert not Site.objects.exists()


def links_to_this_machine(text):
    return [url for url in ABSOLUTE_URL.findall(text) if urlsplit(url).hostname in LOCAL_HOSTS]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_absolute_link_uses_the_address_the_portal_runs_on(
    live_server, settings, django_user_model
):
    """The portal on a port of its own (neither 80 nor 8000): the search API, the feeds, the
    sitemap, the calendar and an email link to that address and no other."""
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    # What a migrate does (the test above), without the other apps' post_migrate work: that
    # empties Django's content type cache, and a lookup between this test's flush and the next
    # test's restore of the database then writes a content type row the restore collides with.
    follow_base_url()
    sections = ensure_section_pages()
    theme = ThemeFactory(name="Mentoraat", slug="mentoraat")
    community = CommunityPageFactory(title="Kenniskring mentoraat", themes=[theme])
    example = PracticeExamplePageFactory(
        parent=community, title="Mentoraat in de brugklas", intro="Mentoraat per klas."
    )
    story = StoryPageFactory(title="Wat mentoraat oplevert", intro="Over mentoraat.")
    event = EventPageFactory(title="Mentoraatdag", start=timezone.now() + timedelta(days=7))
    for page in (community, example, story, event):
        page.save_revision().publish()
    django_user_model.objects.create_user("redacteur", "redacteur@example.org", "wachtwoord-123")
    Client().post("/account/wachtwoord-vergeten/", {"email": "redacteur@example.org"})
    calendar = f"{urlsplit(sections['events'].url).path}agenda.ics"

    documents = {
        path: urlopen(live_server.url + path).read().decode()
        for path in (
            "/api/search/?q=mentoraat",
            "/feeds/verhalen/",
            "/feeds/verhalen/atom/",
            "/feeds/resultaten/",
            "/feeds/resultaten/atom/",
            "/sitemap.xml",
            calendar,
            urlsplit(example.url).path,
        )
    }
    documents["email"] = mail.outbox[-1].body

    for path, text in documents.items():
        links = links_to_this_machine(text)
        assert links, f"{path} links to nothing on the portal"
        strays = [url for url in links if not url.startswith(f"{live_server.url}/")]
        assert not strays, f"{path} links elsewhere than {live_server.url}: {strays}"
    assert f"{live_server.url}{example.url}" in documents["/api/search/?q=mentoraat"]
    # iCalendar folds long lines: a line break and a space continue the line before.
    assert f"URL:{live_server.url}{event.url}" in documents[calendar].replace("\r\n ", "")
