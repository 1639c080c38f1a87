"""A page past its expiry time is gone for visitors at once, and the worker unpublishes it."""

import io
import os
import signal
import threading
import time
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from wagtail.models import Page

import pytest

from communities.factories import CommunityPageFactory
from communities.models import WorkspacePage
from home.caching import CACHE_HEADER
from home.factories import HomePageFactory, StandardPageFactory
from home.models import HomePageFeaturedCommunity, ensure_section_pages
from resources.factories import (
    EventPageFactory,
    PracticeExamplePageFactory,
    StoryPageFactory,
    ToolPageFactory,
)


def publish(page, expire_at=None):
    """Publish through Wagtail as editors do, with the expiry time they set."""
    page.expire_at = expire_at
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class Portal:
    """For each kind of page a current one and one that expired an hour ago, both live."""

    def __init__(self):
        self.home = HomePageFactory()
        self.sections = ensure_section_pages()
        past = timezone.now() - timedelta(hours=1)
        self.community = publish(CommunityPageFactory(title="Netwerk Burgerschap"))
        self.gone_community = publish(CommunityPageFactory(title="Kring Voorbij"), past)
        for community in (self.community, self.gone_community):
            HomePageFeaturedCommunity.objects.create(page=self.home, community=community)
        self.current, self.expired = {}, {}
        for name, make in {
            "practice example": lambda title: PracticeExamplePageFactory(
                parent=self.community, title=title
            ),
            "community tool": lambda title: ToolPageFactory(parent=self.community, title=title),
            "tool": lambda title: ToolPageFactory(title=title),
            "story": lambda title: StoryPageFactory(title=title),
            "event": lambda title: EventPageFactory(title=title, community=self.community),
            "standard page": lambda title: StandardPageFactory(title=title, show_in_menus=True),
        }.items():
            self.current[name] = publish(make(f"Actueel: {name}"))
            self.expired[name] = publish(make(f"Verlopen: {name}"), past)
        # A result of the expired community, itself current.
        self.orphan = publish(
            PracticeExamplePageFactory(parent=self.gone_community, title="Nog actueel")
        )

    def links_on(self, url):
        """Which current and expired pages the page at `url` links to, by kind."""
        response = Client().get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        return {
            (state, name)
            for state, pages in (("current", self.current), ("expired", self.expired))
            for name, page in pages.items()
            if f'href="{page.url}"' in html
        } | {
            (state, "community")
            for state, page in (("current", self.community), ("expired", self.gone_community))
            if f'href="{page.url}"' in html
        }


@pytest.fixture
def portal(db):
    return Portal()


def expired_on(portal, url):
    return {name for state, name in portal.links_on(url) if state == "expired"}


def test_an_expired_page_is_not_found_at_its_own_address(portal):
    for name, page in portal.current.items():
        assert Client().get(page.url).status_code == 200, name
    for name, page in [*portal.expired.items(), ("community", portal.gone_community)]:
        assert Client().get(page.url).status_code == 404, name
    # Nor at its routes: the community's sign-up form and calendar, the event's calendar file.
    for url in (
        f"{portal.gone_community.url}aanmelden/",
        f"{portal.gone_community.url}agenda.ics",
        f"{portal.expired['event'].url}agenda.ics",
    ):
        assert Client().get(url).status_code == 404, url
    # Its current result is still found, as under an unpublished community.
    assert Client().get(portal.orphan.url).status_code == 200


def test_an_expired_private_page_is_not_found_rather_than_asking_for_a_login(portal):
    workspace = WorkspacePage.objects.child_of(portal.community).get()
    assert Client().get(workspace.url).status_code == 302

    workspace.expire_at = timezone.now() - timedelta(minutes=1)
    workspace.save()

    assert Client().get(workspace.url).status_code == 404


def test_its_moderators_still_preview_an_expired_page(portal, django_user_model):
    example = portal.expired["practice example"]
    moderator = django_user_model.objects.create_user("moderator", "m@example.org", "x")
    moderator.groups.add(portal.community.moderators_group)
    client = Client()
    client.force_login(moderator)

    response = client.get(f"/admin/pages/{example.pk}/view_draft/")

    assert response.status_code == 200
    assert "Verlopen: practice example" in response.content.decode()


def test_the_community_page_shows_only_its_current_results_events_and_stories(portal):
    portal.current["story"].related_communities.add(portal.community)
    portal.current["story"].save_revision().publish()
    portal.expired["story"].related_communities.add(portal.community)
    portal.expired["story"].save_revision().publish()
    community = portal.community.url

    assert expired_on(portal, community) == set()
    assert {name for _, name in portal.links_on(community)} >= {
        "practice example",
        "community tool",
        "event",
        "story",
    }
    assert expired_on(portal, f"{community}praktijkvoorbeelden/") == set()
    assert expired_on(portal, f"{community}instrumenten/") == set()


@pytest.mark.parametrize(
    ("section", "kinds"),
    [
        ("communities", {"community"}),
        ("tools", {"tool", "community tool"}),
        ("stories", {"story"}),
        ("events", {"event"}),
    ],
)
def test_the_listings_leave_expired_pages_out(portal, section, kinds):
    links = portal.links_on(portal.sections[section].url)

    assert {("current", kind) for kind in kinds} <= links
    assert {("expired", kind) for kind in kinds} & links == set()


def test_the_home_page_and_menu_leave_expired_pages_out(portal):
    links = portal.links_on(portal.home.url)

    assert {
        ("current", kind) for kind in ("community", "story", "event", "standard page")
    } <= links
    assert {state for state, _ in links} == {"current"}


def test_a_result_of_an_expired_community_no_longer_says_where_it_comes_from(portal):
    current = Client().get(portal.current["practice example"].url).content.decode()
    orphan = Client().get(portal.orphan.url).content.decode()

    assert "Uit de leergemeenschap" in current
    assert "Uit de leergemeenschap" not in orphan


@pytest.mark.parametrize(
    "url",
    ["/feeds/verhalen/", "/feeds/verhalen/atom/", "/feeds/resultaten/", "/feeds/resultaten/atom/"],
)
def test_the_feeds_leave_expired_pages_out(portal, url):
    content = Client().get(url).content.decode()

    assert "Actueel: " in content
    assert "Verlopen: " not in content
    # A current result of an expired community does not name it.
    assert "Kring Voorbij" not in content


def test_the_calendars_leave_expired_events_out(portal):
    for url in ("/agenda/agenda.ics", f"{portal.community.url}agenda.ics"):
        content = Client().get(url).content.decode()
        assert "Actueel: event" in content, url
        assert "Verlopen: event" not in content, url


def test_the_sitemap_leaves_expired_pages_out(portal):
    content = Client().get("/sitemap.xml").content.decode()

    for name, page in portal.current.items():
        assert f"<loc>http://localhost{page.url}</loc>" in content, name
    for name, page in [*portal.expired.items(), ("community", portal.gone_community)]:
        assert f"{page.url}</loc>" not in content, name


def test_a_stored_listing_is_not_served_after_a_page_in_it_expires(portal, settings):
    settings.PAGE_CACHE_SECONDS = 300
    story = portal.current["story"]
    expiry = timezone.now() + timedelta(seconds=2)
    publish(story, expiry)
    stories = portal.sections["stories"].url
    assert ("current", "story") in portal.links_on(stories)
    assert Client().get(stories)[CACHE_HEADER] == "hit"

    # Time passes; nothing is saved and the worker has not run.
    time.sleep(max(0, (expiry - timezone.now()).total_seconds()) + 0.1)

    response = Client().get(stories)
    assert response[CACHE_HEADER] == "miss"
    assert f'href="{story.url}"' not in response.content.decode()
    assert Client().get(story.url).status_code == 404


def test_the_worker_unpublishes_expired_pages_and_publishes_scheduled_ones(portal):
    scheduled = StoryPageFactory(title="Gepland verhaal", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    revision = scheduled.save_revision()
    revision.publish()
    # The day has come.
    revision.approved_go_live_at = scheduled.go_live_at = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = scheduled.go_live_at.isoformat()
    revision.save()
    out = io.StringIO()

    call_command("run_scheduled_publishing", stdout=out)

    for page in [*portal.expired.values(), portal.gone_community]:
        page = Page.objects.get(pk=page.pk)
        assert (page.live, page.expired) == (False, True), page.title
    assert all(Page.objects.get(pk=page.pk).live for page in portal.current.values())
    assert Page.objects.get(pk=scheduled.pk).live
    assert "1 gepland gepubliceerd, 7 verlopen gedepubliceerd." in out.getvalue()
    assert "Gepland verhaal" in Client().get(portal.sections["stories"].url).content.decode()


def test_the_worker_loop_runs_its_rounds_and_stops(portal):
    out = io.StringIO()

    call_command("run_scheduled_publishing", "--loop", "--interval=0", "--max-runs=3", stdout=out)
    call_command("run_scheduled_publishing", "--loop", "--interval=0", "--max-runs=2", stdout=out)
    call_command(
        "run_scheduled_publishing", "--loop", "--max-runs=2", "--interval=0", "-v2", stdout=out
    )

    assert not Page.objects.filter(live=True, expire_at__lt=timezone.now()).exists()
    # The first round did the work; the later ones found nothing, and say so only when asked.
    assert out.getvalue().splitlines() == [
        "0 gepland gepubliceerd, 7 verlopen gedepubliceerd.",
        "Gestopt.",
        "Gestopt.",
        "0 gepland gepubliceerd, 0 verlopen gedepubliceerd.",
        "0 gepland gepubliceerd, 0 verlopen gedepubliceerd.",
        "Gestopt.",
    ]


def test_the_worker_loop_stops_cleanly_when_the_service_is_stopped(db):
    out = io.StringIO()
    # As systemd stops a service; the worker is waiting for its next round then.
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    previous = signal.getsignal(signal.SIGTERM)
    started = time.monotonic()
    timer.start()
    try:
        call_command("run_scheduled_publishing", "--loop", "--interval=60", stdout=out)
    finally:
        timer.cancel()

    assert time.monotonic() - started < 5
    assert out.getvalue().endswith("Gestopt.\n")
    assert signal.getsignal(signal.SIGTERM) is previous


def test_a_worker_leaves_the_round_to_another_one_at_work(portal):
    from home.workers import one_at_a_time

    at_work, done = threading.Event(), threading.Event()

    def other_worker():
        # Another machine's worker: a database connection of its own, in the middle of a round.
        try:
            with one_at_a_time("scheduled-publishing") as granted:
                assert granted
                at_work.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    other = threading.Thread(target=other_worker)
    other.start()
    assert at_work.wait(timeout=10)
    out = io.StringIO()
    try:
        call_command("run_scheduled_publishing", stdout=out)
    finally:
        done.set()
        other.join()

    expired = Page.objects.filter(live=True, expire_at__lt=timezone.now())
    if connection.vendor == "postgresql":
        # Two at once would publish a scheduled revision twice.
        assert out.getvalue() == "Een andere worker publiceert al; deze ronde niet.\n"
        assert expired.count() == 7
    else:
        # SQLite serves one machine with one worker of each kind: it never waits.
        assert not expired.exists()

    out = io.StringIO()
    call_command("run_scheduled_publishing", stdout=out)
    assert not expired.exists()
