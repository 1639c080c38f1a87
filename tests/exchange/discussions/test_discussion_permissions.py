"""The permission matrix of the discussions: every role against every action on a discussion in
community A, each cell asserted through the site.

What a role gets: an anonymous visitor is sent to the login page, an outsider (moderator_b,
who moderates the other community) gets a 404 as if nothing were there, a member asking for
what only a moderator (or only the author) may do gets a 403, and whoever may do it gets the
page (200) or is sent on after doing it (302). The state changes only in that last case.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

import pytest

from exchange.discussions import actions
from exchange.models import Discussion, Post, PostReport
from resources.models import PracticeExamplePage
from tests.exchange.discussions.helpers import reply

pytestmark = pytest.mark.django_db


ROLES = ["anonymous", "member_a", "member_a2", "moderator_a", "moderator_b", "editor", "admin"]
MEMBERS = {"member_a", "member_a2", "moderator_a", "editor", "admin"}
MODERATORS = {"moderator_a", "editor", "admin"}
# The author of the discussion and of its opening post.
AUTHOR = {"member_a"}

OPENING_TEXT = "Wie heeft **ervaring**?"


def client_for(members, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(members, role))
    return client


def expect(allowed_roles):
    return [pytest.param(role, role in allowed_roles, id=role) for role in ROLES]


def login_url():
    return reverse("account:login")


def assert_answer(response, role, allowed, url, done=200, location=None):
    """What `role` gets from `url`: the login page, a 404, a 403, or, when `allowed`, `done`:
    200, or a 302 to where `location()` says."""
    if role == "anonymous":
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert target.path == login_url()
        assert parse_qs(target.query) == {"next": [url]}
    elif role == "moderator_b":
        assert response.status_code == 404
    elif not allowed:
        assert response.status_code == 403
    else:
        assert response.status_code == done
        if location is not None:
            assert response["Location"] == location()


def detail_url(discussion, post=None):
    url = reverse("discussions:detail", args=[discussion.pk])
    return f"{url}#bericht-{post.pk}" if post is not None else url


@pytest.fixture
def opening(discussion):
    """member_a's opening post."""
    return discussion.posts.get()


@pytest.fixture
def other_reply(members, discussion):
    """A reply of member_a2's, for what moderators do to someone's post."""
    return reply(discussion, members.member_a2, "Wij nodigen ze persoonlijk uit.")


# Reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), expect(MEMBERS))
def test_view_the_list_of_discussions(members, discussion, role, allowed):
    url = reverse("discussions:list", args=[members.community.pk])

    response = client_for(members, role).get(url)

    assert_answer(response, role, allowed, url)
    assert (discussion.title in response.content.decode()) is allowed


@pytest.mark.parametrize(("role", "allowed"), expect(MEMBERS))
def test_view_a_discussion(members, discussion, role, allowed):
    url = detail_url(discussion)

    response = client_for(members, role).get(url)

    assert_answer(response, role, allowed, url)
    html = response.content.decode()
    assert (discussion.title in html) is allowed
    assert ("<strong>ervaring</strong>" in html) is allowed


# Writing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), expect(MEMBERS))
def test_start_a_discussion(members, role, allowed):
    url = reverse("discussions:start", args=[members.community.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url, {"title": "Nieuw onderwerp", "text": "Een eerste bericht."})

    assert_answer(form, role, allowed, url)
    started = Discussion.objects.filter(title="Nieuw onderwerp").first()
    assert (started is not None) is allowed
    assert_answer(response, role, allowed, url, done=302, location=lambda: detail_url(started))
    assert Post.objects.filter(text="Een eerste bericht.").exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), expect(MEMBERS))
def test_reply_to_a_discussion(members, discussion, role, allowed):
    url = detail_url(discussion)

    response = client_for(members, role).post(url, {"text": "Een reactie van mij."})

    written = Post.objects.filter(text="Een reactie van mij.").first()
    assert (written is not None) is allowed
    assert_answer(
        response,
        role,
        allowed,
        url,
        done=302,
        location=lambda: detail_url(discussion, written),
    )
    assert discussion.posts.count() == (2 if allowed else 1)


@pytest.mark.parametrize(("role", "allowed"), expect(AUTHOR))
def test_edit_the_own_post_of_member_a(members, discussion, opening, role, allowed):
    url = reverse("discussions:edit", args=[opening.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url, {"text": "Overgeschreven"})

    assert_answer(form, role, allowed, url)
    assert (OPENING_TEXT in form.content.decode()) is allowed
    assert_answer(
        response, role, allowed, url, done=302, location=lambda: detail_url(discussion, opening)
    )
    opening.refresh_from_db()
    assert opening.text == ("Overgeschreven" if allowed else OPENING_TEXT)
    assert (opening.edited_at is not None) is allowed


@pytest.mark.parametrize(("role", "allowed"), expect(AUTHOR))
def test_delete_the_own_post_of_member_a(members, discussion, opening, role, allowed):
    url = reverse("discussions:delete", args=[opening.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url)

    assert_answer(form, role, allowed, url)
    assert_answer(
        response, role, allowed, url, done=302, location=lambda: detail_url(discussion, opening)
    )
    opening.refresh_from_db()
    assert opening.is_removed is allowed
    assert opening.removed_by_author is allowed
    assert opening.text == ("" if allowed else OPENING_TEXT)


# Moderating ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), expect(MODERATORS))
def test_pin_a_discussion(members, discussion, role, allowed):
    url = reverse("discussions:pin", args=[discussion.pk])

    response = client_for(members, role).post(url, {"pinned": "1"})

    assert_answer(response, role, allowed, url, done=302, location=lambda: detail_url(discussion))
    discussion.refresh_from_db()
    assert discussion.pinned is allowed


@pytest.mark.parametrize(("role", "allowed"), expect(MODERATORS))
def test_close_a_discussion(members, discussion, role, allowed):
    url = reverse("discussions:close", args=[discussion.pk])

    response = client_for(members, role).post(url, {"closed": "1"})

    assert_answer(response, role, allowed, url, done=302, location=lambda: detail_url(discussion))
    discussion.refresh_from_db()
    assert discussion.closed is allowed


@pytest.mark.parametrize(("role", "allowed"), expect(MODERATORS))
def test_move_a_post(members, discussion, other_reply, role, allowed):
    target = actions.start(members.community, members.member_a2, "Ander onderwerp", "Tekst")
    url = reverse("discussions:move", args=[other_reply.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url, {"target": target.pk})

    assert_answer(form, role, allowed, url)
    assert_answer(
        response, role, allowed, url, done=302, location=lambda: detail_url(target, other_reply)
    )
    other_reply.refresh_from_db()
    assert other_reply.discussion_id == (target.pk if allowed else discussion.pk)


@pytest.mark.parametrize(("role", "allowed"), expect(MODERATORS))
def test_remove_someones_post(members, discussion, other_reply, role, allowed):
    url = reverse("discussions:remove", args=[other_reply.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url)

    assert_answer(form, role, allowed, url)
    assert_answer(
        response,
        role,
        allowed,
        url,
        done=302,
        location=lambda: detail_url(discussion, other_reply),
    )
    other_reply.refresh_from_db()
    assert other_reply.is_removed is allowed
    assert other_reply.removed_by_author is False
    assert (other_reply.text == "Wij nodigen ze persoonlijk uit.") is not allowed


@pytest.mark.parametrize(("role", "allowed"), expect(MODERATORS))
def test_let_a_reported_post_stay(members, discussion, opening, role, allowed):
    report = actions.report(opening, members.member_a2, "Klopt dit wel?")
    url = reverse("discussions:keep", args=[opening.pk])

    response = client_for(members, role).post(url)

    assert_answer(
        response, role, allowed, url, done=302, location=lambda: detail_url(discussion, opening)
    )
    report.refresh_from_db()
    assert (report.handled_at is not None) is allowed
    opening.refresh_from_db()
    assert opening.text == OPENING_TEXT


# Everyone in the community but the post's own author.
@pytest.mark.parametrize(("role", "allowed"), expect(MEMBERS - AUTHOR))
def test_report_the_post_of_member_a(members, discussion, opening, role, allowed):
    url = reverse("discussions:report", args=[opening.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url, {"reason": "Dit hoort hier niet."})

    assert_answer(form, role, allowed, url)
    assert_answer(
        response, role, allowed, url, done=302, location=lambda: detail_url(discussion, opening)
    )
    reports = PostReport.objects.filter(post=opening, reason="Dit hoort hier niet.")
    assert reports.exists() is allowed
    if allowed:
        assert reports.get().reporter == getattr(members, role)


@pytest.mark.parametrize(("role", "allowed"), expect(MODERATORS))
def test_make_a_draft_practice_example(members, discussion, opening, role, allowed):
    url = reverse("discussions:draft", args=[discussion.pk])
    client = client_for(members, role)

    form = client.get(url)
    response = client.post(url, {"posts": [opening.pk]})

    assert_answer(form, role, allowed, url)
    drafts = PracticeExamplePage.objects.child_of(members.community).filter(title=discussion.title)
    assert drafts.exists() is allowed
    assert_answer(
        response,
        role,
        allowed,
        url,
        done=302,
        location=lambda: reverse("wagtailadmin_pages:edit", args=[drafts.get().pk]),
    )
    discussion.refresh_from_db()
    assert (discussion.result_id is not None) is allowed
    if allowed:
        assert not drafts.get().live


# No probing ------------------------------------------------------------------------------------

# (URL name, what its pk names, whether it only takes a POST)
PROBED = [
    ("discussions:list", "community", False),
    ("discussions:start", "community", False),
    ("discussions:detail", "discussion", False),
    ("discussions:pin", "discussion", True),
    ("discussions:close", "discussion", True),
    ("discussions:draft", "discussion", False),
    ("discussions:edit", "post", False),
    ("discussions:delete", "post", False),
    ("discussions:report", "post", False),
    ("discussions:remove", "post", False),
    ("discussions:keep", "post", True),
    ("discussions:move", "post", False),
]


# The form's token is masked afresh in every response.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page_without(response, url):
    """The page's HTML without what differs between any two requests for it: the CSRF token,
    and the address asked for (the language switch links to it)."""
    return CSRF_TOKEN.sub("", response.content.decode()).replace(url, "")


def existing_and_missing(kind, members, discussion):
    model, found = {
        "community": (type(members.community), members.community),
        "discussion": (Discussion, discussion),
        "post": (Post, discussion.posts.get()),
    }[kind]
    missing = model.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    return found.pk, missing


@pytest.mark.parametrize(("name", "kind", "post_only"), PROBED, ids=[row[0] for row in PROBED])
def test_anonymous_visitors_learn_nothing_from_an_id(members, discussion, name, kind, post_only):
    client = Client()
    for pk in existing_and_missing(kind, members, discussion):
        url = reverse(name, args=[pk])
        response = client.post(url) if post_only else client.get(url)

        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert target.path == login_url()
        assert parse_qs(target.query) == {"next": [url]}


@pytest.mark.parametrize(("name", "kind", "post_only"), PROBED, ids=[row[0] for row in PROBED])
def test_outsiders_learn_nothing_from_an_id(members, discussion, name, kind, post_only):
    client = client_for(members, "moderator_b")
    answers = []
    for pk in existing_and_missing(kind, members, discussion):
        url = reverse(name, args=[pk])
        response = client.post(url) if post_only else client.get(url)
        answers.append((response.status_code, page_without(response, url)))

    existing, missing = answers
    assert existing[0] == 404
    assert existing == missing


def test_a_discussion_of_another_community_is_a_404_to_a_member(members, communities):
    elsewhere = actions.start(communities.b, members.moderator_b, "In B", "Alleen voor B.")
    client = client_for(members, "member_a")

    detail = client.get(detail_url(elsewhere))
    report = client.post(
        reverse("discussions:report", args=[elsewhere.posts.get().pk]), {"reason": "Hm"}
    )

    assert (detail.status_code, report.status_code) == (404, 404)
    assert "Alleen voor B." not in detail.content.decode()
    assert not PostReport.objects.exists()
