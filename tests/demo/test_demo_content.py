"""The demo loader: enough realistic content to show every part of the portal, safe to rerun."""

import re
from io import StringIO

from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

import pytest

from communities.models import (
    CommunityForm,
    CommunityPage,
    CommunityRole,
    CommunityRoleType,
    CommunityStatus,
    MeetingFormat,
    Person,
)
from communities.monitor.aggregates import community_monitor
from home.models import HomePage, Organisation, StandardPage, get_home_page
from resources.models import (
    EventPage,
    PracticeExamplePage,
    StoryPage,
    ToolIndexPage,
    ToolPage,
    ToolPhase,
)

pytestmark = pytest.mark.django_db

LOGIN_LINE = re.compile(r"^ +(?P<username>\S+) / (?P<password>\S+) +(?P<role>.+)$", re.MULTILINE)


def log_in(username, password):
    """The user these credentials authenticate, as the login form asks; the login lockout
    (django-axes) needs the form's request."""
    request = RequestFactory().post("/account/inloggen/")
    return authenticate(request, username=username, password=password)


def load_demo_content(*args):
    output = StringIO()
    call_command("load_demo_content", *args, stdout=output)
    return output.getvalue()


def printed_logins(output):
    return {match["username"]: match["password"] for match in LOGIN_LINE.finditer(output)}


def database_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "roles": CommunityRole.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_demo_content_fills_every_part_of_the_portal():
    load_demo_content()

    communities = CommunityPage.objects.live()
    assert communities.count() >= 8
    assert PracticeExamplePage.objects.live().count() >= 15
    assert ToolPage.objects.live().count() >= 8
    assert StoryPage.objects.live().count() >= 10
    assert EventPage.objects.live().count() >= 6

    sector_labels = set()
    for community in communities:
        for sector in community.sectors.all():
            sector_labels |= {sector.name.lower(), sector.abbreviation.lower()}
    assert {"po", "vo", "mbo", "hbo", "cultuureducatie"} <= sector_labels
    assert set(communities.values_list("form", flat=True)) == set(CommunityForm.values)
    assert set(communities.values_list("status", flat=True)) == set(CommunityStatus.values)
    for community in communities.filter(status=CommunityStatus.CONCLUDED):
        assert community.concluded_on and community.goal_outcome
        # Its harvest, published with it: what it leaves in the knowledge base.
        assert community.published_harvest()
        assert {item.result_id for item in community.harvest.all()} == {
            page.pk for page in community.harvestable_results()
        }
    for community in communities:
        assert community.central_question and community.themes.exists()
        assert community.region and community.listing_image
        assert community.roles.filter(role=CommunityRoleType.MODERATOR).exists()
        assert all(role.person.organisation for role in community.roles.all())

    for example in PracticeExamplePage.objects.live():
        assert isinstance(example.get_parent().specific, CommunityPage)
        assert example.community_id == example.get_parent().pk
        assert example.approach and example.results and example.lessons_learned
        assert example.people_involved.exists()
    assert PracticeExamplePage.objects.filter(attachments__isnull=False).exists()

    tools = ToolPage.objects.live()
    assert set(tools.values_list("phase", flat=True)) == set(ToolPhase.values)
    # Every building block has a tool that helps with it, and two communities have a monitor.
    assert set(tools.values_list("building_blocks__number", flat=True)) >= set(range(1, 9))
    monitored = [community_monitor(community) for community in communities]
    assert [len(monitor.trend) for monitor in monitored if monitor.latest] == [2, 1]
    assert tools.child_of(ToolIndexPage.objects.get()).exists()
    assert tools.filter(community__isnull=False).exists()
    assert tools.filter(downloads__isnull=False).exists()

    for story in StoryPage.objects.live():
        assert story.author and story.body and story.related_communities.exists()

    events = EventPage.objects.live()
    assert events.past().exists() and events.upcoming().exists()
    assert set(events.values_list("format", flat=True)) == set(MeetingFormat.values)
    assert all(event.location or event.online_url for event in events)

    home = get_home_page()
    assert home.intro
    assert home.featured_communities.filter(community__live=True).count() >= 3
    assert StandardPage.objects.child_of(home).live().filter(title="Over dit portaal").exists()

    # Published through revisions, as an editor would, and the page tree is consistent.
    pages = get_home_page().get_descendants(inclusive=True).specific()
    for page in pages:
        assert page.live and not page.has_unpublished_changes, page
        assert page.live_revision_id is not None, page
    assert Page.find_problems() == ([], [], [], [], [])


def test_demo_users_log_in_with_the_printed_passwords():
    output = load_demo_content()

    logins = printed_logins(output)
    assert set(logins) == {
        "beheerder",
        "redactie",
        "moderator",
        "lid",
        "lid2",
        "moderator-twente",
        "lid-twente",
        "lid2-twente",
    }
    users = {name: log_in(name, logins[name]) for name in logins}
    assert all(users.values())
    assert users["beheerder"].is_superuser
    community = CommunityPage.objects.get(slug="loopbaanperspectief-po")
    assert users["redactie"].groups.filter(name="Redactie").exists()
    assert users["moderator"].groups.filter(pk=community.moderators_group_id).exists()
    assert users["lid"].groups.filter(pk=community.members_group_id).exists()
    assert users["redactie"].has_perm("wagtailadmin.access_admin")
    assert users["moderator"].has_perm("wagtailadmin.access_admin")
    # Members write in their workspace through the admin, but publish nothing public.
    assert users["lid"].has_perm("wagtailadmin.access_admin")
    assert not community.permissions_for_user(users["lid"]).can_edit()


def test_rerunning_adds_nothing_and_puts_edited_demo_content_back():
    load_demo_content()
    loaded = database_counts()

    output = load_demo_content()

    assert database_counts() == loaded
    assert "0 created, 0 updated" in output

    community = CommunityPage.objects.get(slug="loopbaanperspectief-po")
    community.title = "Door een redacteur aangepast"
    community.roles = []
    community.save_revision().publish()
    member = get_user_model().objects.get(username="lid")
    member.set_password("iets-anders")
    member.save()

    output = load_demo_content()

    community = CommunityPage.objects.get(pk=community.pk)
    assert community.title == "Loopbaanperspectief in het primair onderwijs"
    assert community.roles.filter(role=CommunityRoleType.MODERATOR).exists()
    assert not community.has_unpublished_changes
    assert log_in("lid", printed_logins(output)["lid"]) == member
    # The editor's revision and the loader's one that undid it; nothing else was touched.
    assert database_counts() == {**loaded, "revisions": loaded["revisions"] + 2}


@pytest.mark.parametrize(
    ("demo_users_setting", "arguments"), [(False, []), (True, ["--no-users"])]
)
def test_no_demo_users_where_settings_or_options_forbid_them(
    settings, demo_users_setting, arguments
):
    settings.PORTAL_DEMO_USERS = demo_users_setting

    output = load_demo_content(*arguments)

    assert not get_user_model().objects.exists()
    assert not printed_logins(output)
    assert "Demo logins: skipped" in output
    assert CommunityPage.objects.live().count() >= 8


def test_without_a_default_site_the_loader_stops_with_a_clear_message():
    Site.objects.all().delete()

    with pytest.raises(CommandError, match="no default site"):
        load_demo_content()

    assert not CommunityPage.objects.exists()
    assert HomePage.objects.count() == 1
