"""The demo's discussions and "Ik heb dit gebruikt" reports: written by the demo logins in their
own communities, without sending anything, and not written twice."""

from io import StringIO

from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from communities.models import CommunityPage
from demo import content
from exchange.discussions.access import Role, role_in
from exchange.discussions.models import Discussion, Post, PostReport
from exchange.following.models import DiscussionPreference, Follow
from resources.models import PracticeExamplePage, ReuseReport, ReuseStatus, ToolPage
from resources.reuse import reuse_summary

pytestmark = pytest.mark.django_db


def load_demo_content(*args):
    output = StringIO()
    call_command("load_demo_content", *args, stdout=output)
    return output.getvalue()


def counts():
    return {
        "discussions": Discussion.objects.count(),
        "posts": Post.objects.count(),
        "reports": PostReport.objects.count(),
        "reuse_reports": ReuseReport.objects.count(),
        "practice_examples": PracticeExamplePage.objects.count(),
    }


def spec_posts(spec):
    return [item for post in spec["posts"] for item in (post, *post["replies"])]


def in_community(user, community):
    """Whether `user` is a member or moderator of `community` through its groups (not as an
    editor, who may moderate every community)."""
    return user.groups.filter(
        pk__in=[community.members_group_id, community.moderators_group_id]
    ).exists()


def test_demo_logins_discuss_in_two_communities(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_content()

    # Built as rows, not through the actions: nothing was sent or queued to send.
    assert mail.outbox == []

    discussions = Discussion.objects.select_related("community", "author", "result")
    assert discussions.count() == len(content.DISCUSSIONS) >= 6
    assert len({discussion.community_id for discussion in discussions}) == 2
    assert Post.objects.count() == sum(len(spec_posts(spec)) for spec in content.DISCUSSIONS)
    now = timezone.now()
    for discussion in discussions:
        posts = list(discussion.posts.select_related("author", "parent"))
        opening = posts[0]
        assert opening.parent is None and opening.author == discussion.author
        assert discussion.created_at == opening.created_at
        assert discussion.last_activity_at == max(post.created_at for post in posts) < now
        # Several voices, every one of them a member or moderator of the community.
        assert len({post.author_id for post in posts}) >= 2
        for post in posts:
            assert in_community(post.author, discussion.community), post.author
            assert post.text and not post.is_removed
            # Threaded one level deep, within the discussion.
            if post.parent is not None:
                assert post.parent.parent_id is None
                assert post.parent.discussion_id == discussion.pk
                assert post.created_at > post.parent.created_at
    assert Post.objects.filter(parent__isnull=False).count() >= len(content.DISCUSSIONS)
    for community in CommunityPage.objects.filter(discussions__isnull=False).distinct():
        assert community.discussions.count() >= 3
        assert community.discussions.filter(pinned=True).exists()

    assert discussions.filter(closed=True).exists()
    assert discussions.filter(pinned=True, closed=True).count() == 0

    # Turned into a result: a published practice example of its own community, no draft.
    with_result = discussions.filter(result__isnull=False)
    assert with_result.exists()
    for discussion in with_result:
        example = discussion.result.specific
        assert isinstance(example, PracticeExamplePage) and example.live
        assert example.community_id == discussion.community_id
    assert PracticeExamplePage.objects.count() == len(content.PRACTICE_EXAMPLES)
    assert not PracticeExamplePage.objects.filter(live=False).exists()

    # One open report, by a member of the community on someone else's post.
    report = PostReport.objects.select_related("post__discussion__community").get()
    assert report.handled_at is None and report.reason
    community = report.post.discussion.community
    assert role_in(report.reporter, community) == Role.MEMBER
    assert report.reporter != report.post.author
    assert report.post.created_at < report.created_at < now


def test_the_demo_moderator_sees_the_discussions_and_the_open_report():
    load_demo_content()
    moderator = get_user_model().objects.get(username="moderator")
    report = PostReport.objects.select_related("post__discussion").get()
    discussion = report.post.discussion
    client = Client()
    client.force_login(moderator)

    listing = client.get(reverse("discussions:list", args=[discussion.community_id]))
    detail = client.get(reverse("discussions:detail", args=[discussion.pk]))

    assert listing.status_code == detail.status_code == 200
    assert "Vastgezet" in listing.content.decode()
    assert discussion.title in listing.content.decode()
    assert "1 melding" in detail.content.decode()
    result = Discussion.objects.filter(community=discussion.community, result__isnull=False)
    detail = client.get(reverse("discussions:detail", args=[result.get().pk]))
    assert "Uit dit gesprek kwam een praktijkvoorbeeld" in detail.content.decode()


def test_demo_logins_report_what_they_used():
    load_demo_content()

    reports = ReuseReport.objects.select_related("user", "page")
    assert reports.count() == len(content.REUSE_REPORTS)
    assert all(report.user is not None for report in reports)
    pages = [report.page.specific for report in reports]
    assert all(isinstance(page, PracticeExamplePage | ToolPage) and page.live for page in pages)
    assert any(isinstance(page, PracticeExamplePage) for page in pages)
    assert any(isinstance(page, ToolPage) for page in pages)

    approved = reports.filter(status=ReuseStatus.APPROVED).exclude(note="")
    assert approved.count() >= 2
    pending = reports.get(status=ReuseStatus.PENDING)
    assert pending.note
    # An approved note shows on its page; the one awaiting moderation does not.
    for report in approved:
        assert report.note in reuse_summary(report.page).notes
    assert pending.note not in reuse_summary(pending.page).notes
    assert reuse_summary(pending.page).total >= 1


def test_loading_again_writes_nothing_twice_and_keeps_what_changed():
    load_demo_content()
    loaded = counts()
    discussion_ids = set(Discussion.objects.values_list("pk", flat=True))
    # What people did since: a moderator handled the report and unpinned a discussion, one
    # note was approved, a discussion was deleted.
    PostReport.objects.update(handled_at=timezone.now())
    pinned = Discussion.objects.filter(pinned=True).first()
    Discussion.objects.filter(pk=pinned.pk).update(pinned=False)
    ReuseReport.objects.filter(status=ReuseStatus.PENDING).update(status=ReuseStatus.APPROVED)
    deleted = Discussion.objects.get(closed=True, community__slug="loopbaanperspectief-po")
    deleted.delete()

    load_demo_content()

    assert counts() == loaded
    # The deleted discussion is back, new; the others are the same rows, as they were left.
    assert set(Discussion.objects.values_list("pk", flat=True)) - discussion_ids == {
        Discussion.objects.get(community=deleted.community, title=deleted.title).pk
    }
    assert not PostReport.objects.filter(handled_at=None).exists()
    assert not Discussion.objects.get(pk=pinned.pk).pinned
    assert not ReuseReport.objects.filter(status=ReuseStatus.PENDING).exists()

    load_demo_content()

    assert counts() == loaded


def test_without_demo_logins_there_are_no_discussions_or_reuse_reports():
    load_demo_content("--no-users")

    assert not Discussion.objects.exists()
    assert not ReuseReport.objects.exists()


def test_every_community_login_logs_in_and_belongs_to_its_community():
    output = load_demo_content()

    for spec in content.DEMO_USERS:
        if not spec.get("community_group"):
            continue
        assert f"  {spec['username']} / {spec['password']}  {spec['role']}" in output
        request = RequestFactory().post("/account/inloggen/")
        user = authenticate(request, username=spec["username"], password=spec["password"])
        assert user is not None and not user.is_staff
        community = CommunityPage.objects.get(slug=spec["community"])
        group = getattr(community, spec["community_group"])
        assert list(user.groups.all()) == [group]
        assert community.title in spec["role"]


def test_the_demo_has_confirmed_follows_and_a_weekly_digest_choice_once():
    load_demo_content()
    load_demo_content()

    follows = Follow.objects.order_by("email")
    assert [(follow.email, follow.target) for follow in follows] == [
        ("agenda-volger@example.org", "agenda"),
        ("lid@example.org", "thema"),
        ("volger-twente@example.org", "leergemeenschap"),
    ]
    assert all(follow.confirmed_at for follow in follows)
    assert list(DiscussionPreference.objects.values_list("user__username", "frequency")) == [
        ("lid2", "wekelijks")
    ]
