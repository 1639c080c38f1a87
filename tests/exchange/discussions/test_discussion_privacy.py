"""Discussions are private by construction: what is said in a community's workspace reaches no
public place of the portal (search, its API and suggestions, the sitemap, the feeds, the
community's public page), no outsider and no cache, and search engines are asked to leave the
pages alone. A person's export holds their posts and reports, and erasing the person leaves the
conversation in place, from a former member.

The discussion's title and posts carry words no other text in these tests holds, except the
public pages made as a control: they hold the same words, so each public place is shown to
list what it finds for them, and still not the discussion.
"""

import json

from django.test import Client
from django.urls import reverse

import pytest

from communities.factories import PersonFactory
from communities.privacy import delete_person, export_person
from exchange.discussions import actions
from exchange.discussions.knowledge import draft_from_discussion
from exchange.models import Discussion, Post, PostReport
from home.caching import CACHE_HEADER
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from tests.exchange.discussions.helpers import reply

pytestmark = pytest.mark.django_db

# The distinctive words, and what of the discussion holds them.
TITLE_WORD = "Kwartelkoning"
TEXT_WORD = "zeppelinbrood"
TITLE = f"{TITLE_WORD} bij de ouderavond"
OPENING = f"Ons {TEXT_WORD} trok meer ouders dan ooit."
REPLY = f"Wij bakken ook {TEXT_WORD}, met rozijnen van de markt."
REPORT_REASON = f"Dit {TEXT_WORD}-verhaal lijkt reclame."
# Phrases of the discussion that no control page and no echoed query holds.
SECRETS = [TITLE, "trok meer ouders dan ooit", "met rozijnen van de markt"]

ROBOTS = '<meta name="robots" content="noindex, nofollow">'


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def publish(page):
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


@pytest.fixture
def conversation(members):
    """A discussion in community A, started by member_a, with a reply of member_a2's that
    member_a reported."""
    discussion = actions.start(members.community, members.member_a, TITLE, OPENING)
    answer = reply(discussion, members.member_a2, REPLY)
    report = actions.report(answer, members.member_a, REPORT_REASON)
    return discussion, answer, report


@pytest.fixture
def secret(members, conversation):
    """The conversation and the draft practice example a moderator made of it: the
    discussion's words are then also in a page, not live."""
    discussion, answer, report = conversation
    draft = draft_from_discussion(discussion, list(discussion.posts.all()), members.moderator_a)
    return discussion, answer, report, draft


@pytest.fixture
def controls(members):
    """Public pages with the same words: what every public place does list."""
    story = publish(
        StoryPageFactory(
            title=f"{TITLE_WORD} op het schoolplein",
            intro=f"Een verhaal over {TEXT_WORD} en de schooltuin.",
        )
    )
    example = publish(
        PracticeExamplePageFactory(
            parent=members.community,
            title=f"{TITLE_WORD} in de praktijk",
            intro=f"Zo werkten wij met {TEXT_WORD} in de klas.",
        )
    )
    return story, example


def assert_no_secret(content):
    for phrase in SECRETS:
        assert phrase not in content
    assert "/gesprekken/" not in content


# Public places ---------------------------------------------------------------------------------


@pytest.mark.parametrize("word", [TITLE_WORD, TEXT_WORD])
def test_public_search_finds_the_controls_and_never_the_discussion(
    members, secret, controls, search_backend, word
):
    search_backend.refresh()
    member = client_for(members.member_a)

    for client in (Client(), member):
        response = client.get("/zoeken/", {"q": word})
        content = response.content.decode()

        assert response.status_code == 200
        assert all(control.title in content for control in controls)
        assert_no_secret(content)


@pytest.mark.parametrize("word", [TITLE_WORD, TEXT_WORD])
def test_the_search_api_finds_the_controls_and_never_the_discussion(
    members, secret, controls, search_backend, word
):
    search_backend.refresh()

    response = Client().get("/api/search/", {"q": word})

    assert response.status_code == 200
    found = json.loads(response.content)
    assert {control.title for control in controls} <= {
        result["title"] for result in found["results"]
    }
    assert_no_secret(response.content.decode())


def test_search_suggestions_never_offer_the_discussions_title(
    members, secret, controls, search_backend
):
    search_backend.refresh()

    response = Client().get(reverse("search_suggestions"), {"q": TITLE_WORD[:6]})

    suggestions = json.loads(response.content)["suggestions"]
    assert {control.title for control in controls} <= set(suggestions)
    assert_no_secret(response.content.decode())


@pytest.mark.parametrize(
    ("path", "control"),
    [
        ("/sitemap.xml", "story"),
        ("/feeds/verhalen/", "story"),
        ("/feeds/verhalen/atom/", "story"),
        ("/feeds/resultaten/", "example"),
        ("/feeds/resultaten/atom/", "example"),
    ],
)
def test_the_sitemap_and_the_feeds_never_list_the_discussion(
    members, secret, controls, path, control
):
    story, example = controls
    shown = {"story": story, "example": example}[control]

    response = Client().get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert shown.get_full_url() in content
    assert_no_secret(content)
    _discussion, _answer, _report, draft = secret
    assert f"/{draft.slug}/" not in content


@pytest.mark.parametrize("role", ["anonymous", "moderator_b"])
def test_the_draft_made_of_a_discussion_cannot_be_opened(members, secret, controls, role):
    _discussion, _answer, _report, draft = secret
    story, _example = controls
    client = client_for(None if role == "anonymous" else getattr(members, role))

    page = client.get(draft.url)
    result_link = client.get(reverse("search_open_result", args=[draft.pk]), {"q": TITLE_WORD})
    control_link = client.get(reverse("search_open_result", args=[story.pk]), {"q": TITLE_WORD})

    assert page.status_code == 404
    assert_no_secret(page.content.decode().replace(draft.url, ""))
    assert result_link.status_code == 404
    assert_no_secret(result_link.content.decode())
    assert (control_link.status_code, control_link["Location"]) == (302, story.url)


@pytest.mark.parametrize("role", ["anonymous", "moderator_b"])
def test_the_communitys_public_page_never_shows_the_discussion(members, secret, controls, role):
    community = members.community
    user = None if role == "anonymous" else getattr(members, role)

    response = client_for(user).get(community.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert community.title in content
    assert_no_secret(content)


def test_the_workspace_shows_the_discussion_to_members_only(members, secret):
    workspace = members.community.get_children().live().get().specific

    member = client_for(members.member_a).get(workspace.url)
    outsider = client_for(members.moderator_b).get(workspace.url)
    anonymous = Client().get(workspace.url)

    assert member.status_code == 200
    assert TITLE in member.content.decode()
    assert outsider.status_code == 403
    assert_no_secret(outsider.content.decode())
    assert anonymous.status_code == 302
    assert_no_secret(anonymous.content.decode())


# The discussions' own pages --------------------------------------------------------------------

# (URL name, what its pk names, who asks): every page of the discussions that answers a GET.
PAGES = [
    ("discussions:list", "community", "member_a2"),
    ("discussions:start", "community", "member_a2"),
    ("discussions:detail", "discussion", "member_a2"),
    ("discussions:draft", "discussion", "moderator_a"),
    ("discussions:edit", "opening", "member_a"),
    ("discussions:delete", "opening", "member_a"),
    ("discussions:report", "opening", "member_a2"),
    ("discussions:remove", "answer", "moderator_a"),
    ("discussions:move", "answer", "moderator_a"),
]


def url_of(name, kind, members, secret):
    discussion, answer, _report, _draft = secret
    pk = {
        "community": members.community.pk,
        "discussion": discussion.pk,
        "opening": discussion.posts.order_by("pk").first().pk,
        "answer": answer.pk,
    }[kind]
    return reverse(name, args=[pk])


def assert_never_stored(response):
    directives = {
        directive.strip().split("=")[0].lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    assert {"no-cache", "no-store", "private"} <= directives
    assert CACHE_HEADER not in response


@pytest.mark.parametrize(("name", "kind", "role"), PAGES, ids=[row[0] for row in PAGES])
def test_the_discussions_pages_are_never_stored_nor_indexed(members, secret, name, kind, role):
    url = url_of(name, kind, members, secret)
    client = client_for(getattr(members, role))

    responses = [client.get(url), client.get(url)]

    for response in responses:
        assert response.status_code == 200
        assert_never_stored(response)
        assert ROBOTS in response.content.decode()


@pytest.mark.parametrize(("name", "kind", "role"), PAGES, ids=[row[0] for row in PAGES])
def test_an_anonymous_visitor_is_never_served_a_stored_discussion_page(
    members, secret, name, kind, role
):
    url = url_of(name, kind, members, secret)
    client_for(getattr(members, role)).get(url)

    responses = [Client().get(url), Client().get(url)]

    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:login"))
        assert_never_stored(response)
        assert_no_secret(response.content.decode())


# A person's data (GDPR) ------------------------------------------------------------------------


@pytest.fixture
def anna(members):
    """The Person of member_a (Anna de Vries): the same email address as her account."""
    return PersonFactory(name="Anna de Vries", email=members.member_a.email)


def test_the_export_holds_her_posts_and_reports(members, conversation, anna):
    data = export_person(anna)

    json.dumps(data)
    assert [post["text"] for post in data["discussion_posts"]] == [OPENING]
    [post] = data["discussion_posts"]
    assert post["discussion"] == TITLE
    assert post["community"] == members.community.title
    assert post["removed"] is False
    [report] = data["post_reports"]
    assert report["reason"] == REPORT_REASON
    assert report["discussion"] == TITLE
    # Someone else's words are theirs: the reply she reported is not in her export.
    assert "met rozijnen van de markt" not in json.dumps(data)


def test_the_export_of_another_member_holds_only_their_own(members, conversation):
    person = PersonFactory(name="Piet Visser", email=members.member_a2.email)

    data = export_person(person)

    assert [post["text"] for post in data["discussion_posts"]] == [REPLY]
    assert data["post_reports"] == []
    assert REPORT_REASON not in json.dumps(data)


def test_erasing_her_keeps_the_conversation_from_a_former_member(members, conversation, anna):
    discussion, answer, report = conversation
    opening = discussion.posts.order_by("pk").first()

    delete_person(anna)

    assert not type(members.member_a).objects.filter(pk=members.member_a.pk).exists()
    opening.refresh_from_db()
    assert (opening.author, opening.text) == (None, OPENING)
    report.refresh_from_db()
    assert (report.reporter, report.reason) == (None, REPORT_REASON)
    assert Discussion.objects.get(pk=discussion.pk).author is None
    answer.refresh_from_db()
    assert answer.author == members.member_a2
    assert Post.objects.filter(discussion=discussion).count() == 2
    assert PostReport.objects.count() == 1

    response = client_for(members.member_a2).get(
        reverse("discussions:detail", args=[discussion.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Voormalig lid" in html
    assert "trok meer ouders dan ooit" in html
    assert "Anna de Vries" not in html
    assert "Piet Visser" in html
