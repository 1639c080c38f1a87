"""'Ik heb dit gebruikt': counting once per person or browser, the moderated notes, the abuse
rules, the moderators' admin, the editors' report, the community's total and the GDPR export
and erasure."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import PersonFactory
from communities.models import CommunityPage
from communities.privacy import delete_person, export_person
from home.factories import ThemeFactory
from resources.factories import PracticeExamplePageFactory, StoryPageFactory, ToolPageFactory
from resources.models import ReuseReport, ReuseStatus
from resources.reuse import COOKIE_NAME, MAX_REPORTS_PER_IP
from tests.communities.conftest import communities, people, publish  # noqa: F401
from tests.communities.helpers import logged_in


@pytest.fixture
def example(communities):  # noqa: F811
    return publish(PracticeExamplePageFactory(parent=communities.a, title="Lesbrief burgerschap"))


def url_for(page):
    return reverse("report_reuse", args=[page.pk])


def report(client, page, note="", **extra):
    return client.post(url_for(page), {"note": note, "website": "", **extra})


def test_a_visitor_is_counted_once_per_browser_and_the_page_says_so(example):
    client = Client()
    page = client.get(example.url).content.decode()
    assert "Ik heb dit gebruikt" in page and "Je hebt dit gebruikt" not in page

    response = report(client, example)
    assert response.status_code == 302 and response["Location"] == f"{example.url}#gebruikt"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] > 300 * 86400

    page = client.get(example.url).content.decode()
    assert "1 keer gebruikt" in page and "Je hebt dit gebruikt" in page

    again = report(client, example)
    assert again.status_code == 302 and again["Location"] == f"{example.url}#gebruikt"
    assert ReuseReport.objects.filter(page=example).count() == 1
    # Another browser counts again.
    report(Client(), example)
    # The cookie alone, the message read: the page is built afresh, not the one stored before.
    page = client.get(example.url).content.decode()
    assert "2 keer gebruikt" in page and "Je hebt dit gebruikt" in page


def test_a_forged_cookie_does_not_pass_for_a_report(example):
    client = Client()
    client.cookies[COOKIE_NAME] = str(example.pk)
    assert "Je hebt dit gebruikt" not in client.get(example.url).content.decode()
    report(client, example)
    assert ReuseReport.objects.filter(page=example).count() == 1


def test_a_member_is_counted_once_whatever_browser(example, people):  # noqa: F811
    report(logged_in(people.member_a), example)
    other_browser = logged_in(people.member_a)
    response = report(other_browser, example)
    assert response.status_code == 302 and response["Location"] == f"{example.url}#gebruikt"
    form = other_browser.get(url_for(example)).content.decode()
    assert "Je hebt al laten weten" in form
    assert ReuseReport.objects.filter(page=example, user=people.member_a).count() == 1


def test_a_note_shows_only_once_approved_and_a_rejected_report_does_not_count(example):
    report(Client(), example, note="In groep 7 gebruikt bij het project over de gemeenteraad.")
    stored = ReuseReport.objects.get(page=example)
    assert stored.status == ReuseStatus.PENDING
    page = Client().get(example.url).content.decode()
    assert "1 keer gebruikt" in page and "gemeenteraad" not in page

    stored.status = ReuseStatus.APPROVED
    stored.save()
    assert "gemeenteraad" in Client().get(example.url).content.decode()

    stored.status = ReuseStatus.REJECTED
    stored.save()
    page = Client().get(example.url).content.decode()
    assert "gemeenteraad" not in page and "keer gebruikt" not in page


def test_a_report_without_note_needs_no_moderation(example):
    report(Client(), example)
    assert ReuseReport.objects.get(page=example).status == ReuseStatus.APPROVED


def test_the_notes_shown_are_the_newest_three_approved(example):
    now = timezone.now()
    for n in range(5):
        ReuseReport.objects.create(
            page=example,
            note=f"Toelichting {n}",
            status=ReuseStatus.APPROVED,
            created_at=now - timedelta(days=n),
        )
    ReuseReport.objects.create(page=example, note="Nog niet bekeken")
    page = Client().get(example.url).content.decode()
    assert "6 keer gebruikt" in page
    assert [f"Toelichting {n}" in page for n in range(5)] == [True, True, True, False, False]
    assert "Nog niet bekeken" not in page


def test_only_live_public_practice_examples_and_tools_can_be_reported(communities):  # noqa: F811
    draft = PracticeExamplePageFactory(parent=communities.a, live=False)
    private = publish(PracticeExamplePageFactory(parent=communities.a))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expired = publish(PracticeExamplePageFactory(parent=communities.a))
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    story = publish(StoryPageFactory())
    for page in (draft, private, expired, story, communities.a):
        assert Client().get(url_for(page)).status_code == 404
        assert report(Client(), page).status_code == 404
    tool = publish(ToolPageFactory(parent=communities.a))
    assert Client().get(url_for(tool)).status_code == 200
    assert ReuseReport.objects.count() == 0


def test_the_form_refuses_a_long_note_and_the_honeypot_stores_nothing(example):
    response = report(Client(), example, note="x" * 301)
    assert response.status_code == 400
    assert "Controleer de gemarkeerde velden" in response.content.decode()
    response = report(Client(), example, website="http://spam.example")
    assert response.status_code == 302
    assert ReuseReport.objects.count() == 0


def test_too_many_reports_from_one_address_are_refused(communities):  # noqa: F811
    pages = [
        publish(PracticeExamplePageFactory(parent=communities.a))
        for _ in range(MAX_REPORTS_PER_IP + 1)
    ]
    for page in pages[:-1]:
        assert report(Client(), page).status_code == 302
    response = report(Client(), pages[-1])
    assert response.status_code == 400
    assert "te vaak gemeld" in response.content.decode()
    assert ReuseReport.objects.count() == MAX_REPORTS_PER_IP


def test_one_page_is_counted_at_most_three_times_an_hour_from_one_address(example):
    for _ in range(3):
        report(Client(), example)
    response = report(Client(), example)
    assert "al vaak gemeld" in response.content.decode()
    assert ReuseReport.objects.count() == 3


def test_a_moderator_sees_and_handles_only_their_own_communitys_reports(communities, people):  # noqa: F811
    own = ReuseReport.objects.create(
        page=publish(PracticeExamplePageFactory(parent=communities.a)), note="Eigen"
    )
    other = ReuseReport.objects.create(
        page=publish(ToolPageFactory(parent=communities.b)), note="Andere kring"
    )
    viewset = ReuseReport.snippet_viewset
    client = logged_in(people.moderator_a)
    listing = client.get(reverse(viewset.get_url_name("list"))).content.decode()
    assert "Eigen" in listing and "Andere kring" not in listing
    assert client.get(reverse(viewset.get_url_name("edit"), args=[other.pk])).status_code == 404

    response = client.post(
        reverse(viewset.get_url_name("edit"), args=[own.pk]), {"status": ReuseStatus.APPROVED}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ReuseStatus.APPROVED and own.note == "Eigen"

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Gebruikservaringen die wachten" in dashboard
    editors = logged_in(people.editor).get(reverse(viewset.get_url_name("list"))).content.decode()
    assert "Andere kring" in editors


def test_the_editors_report_lists_the_most_reused_results_per_theme(communities, people):  # noqa: F811
    theme = ThemeFactory(name="Burgerschap")
    popular = publish(PracticeExamplePageFactory(parent=communities.a, title="Veel gebruikt"))
    quiet = publish(ToolPageFactory(parent=communities.a, title="Weinig gebruikt"))
    unused = publish(ToolPageFactory(parent=communities.a, title="Nooit gebruikt"))
    for page in (popular, quiet, unused):
        page.themes.set([theme])
        page.save()
    for _ in range(3):
        ReuseReport.objects.create(page=popular, status=ReuseStatus.APPROVED)
    ReuseReport.objects.create(page=quiet, status=ReuseStatus.APPROVED)
    ReuseReport.objects.create(page=quiet, status=ReuseStatus.REJECTED)

    response = logged_in(people.editor).get(reverse("reuse_report"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Burgerschap" in content and "Nooit gebruikt" not in content
    assert content.index("Veel gebruikt") < content.index("Weinig gebruikt")
    assert "<td>3</td>" in content and "<td>1</td>" in content
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    refused = logged_in(people.moderator_a).get(reverse("reuse_report"))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    menu = logged_in(people.moderator_a).get(reverse("wagtailadmin_home")).content.decode()
    assert "Meest hergebruikt per thema" not in menu
    editors_menu = logged_in(people.editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "Meest hergebruikt per thema" in editors_menu


def test_the_community_page_shows_how_often_its_results_were_used(communities, example):  # noqa: F811
    tool = publish(ToolPageFactory(parent=communities.a))
    ReuseReport.objects.create(page=example, status=ReuseStatus.APPROVED)
    ReuseReport.objects.create(page=tool, status=ReuseStatus.PENDING, note="Wacht")
    ReuseReport.objects.create(page=tool, status=ReuseStatus.REJECTED)
    community = CommunityPage.objects.get(pk=communities.a.pk)
    content = Client().get(community.url).content.decode()
    assert "Resultaten gebruikt" in content and "2 keer" in content
    other = CommunityPage.objects.get(pk=communities.b.pk)
    assert "Resultaten gebruikt" not in Client().get(other.url).content.decode()


def test_a_persons_export_holds_their_reports_and_erasure_anonymises_them(example, people):  # noqa: F811
    ReuseReport.objects.create(
        page=example, user=people.member_a, note="Bij mij op school in Zwolle"
    )
    person = PersonFactory(email=people.member_a.email)
    exported = export_person(person)["reuse_reports"]
    assert exported[0]["result"] == "Lesbrief burgerschap"
    assert exported[0]["note"] == "Bij mij op school in Zwolle"

    delete_person(person)
    remaining = ReuseReport.objects.get(page=example)
    assert remaining.user is None and remaining.note == ""
    assert "1 keer gebruikt" in Client().get(example.url).content.decode()


def test_deleting_an_account_keeps_the_use_counted(example, people):  # noqa: F811
    ReuseReport.objects.create(page=example, user=people.member_a, status=ReuseStatus.APPROVED)
    people.member_a.delete()
    assert ReuseReport.objects.get(page=example).user is None


def test_moderators_and_editors_get_their_rights_on_reports(communities):  # noqa: F811
    moderators = CommunityPage.objects.get(pk=communities.a.pk).moderators_group
    assert moderators.permissions.filter(codename="change_reusereport").exists()
    assert not moderators.permissions.filter(codename="delete_reusereport").exists()
    editors = Group.objects.get(name="Redactie")
    assert editors.permissions.filter(codename="delete_reusereport").exists()


def test_the_count_and_notes_cost_one_query_however_many_reports(example, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_PART_SECONDS = 0

    def queries():
        client = Client()
        client.get(example.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(example.url)
        return len(captured)

    without = queries()
    ReuseReport.objects.create(page=example, note="Eerste", status=ReuseStatus.APPROVED)
    few = queries()
    for n in range(10):
        ReuseReport.objects.create(page=example, note=f"Nog een {n}", status=ReuseStatus.APPROVED)
    assert queries() == few == without
