"""Discussions in a workspace: starting, replying, notifying, editing, taking down, moderating,
and what is refused."""

from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from exchange.discussions import actions
from exchange.discussions.access import Role
from exchange.discussions.formatting import render
from exchange.models import Discussion, Post, PostReport
from tests.exchange.discussions.helpers import client_for, deliver, reply

pytestmark = pytest.mark.django_db


def detail_url(discussion):
    return reverse("discussions:detail", args=[discussion.pk])


def test_a_member_starts_a_discussion_from_the_site(members):
    client = client_for(members.member_a)

    response = client.post(
        reverse("discussions:start", args=[members.community.pk]),
        {"title": "Ouderavonden", "text": "Wat werkt bij jullie?\n\n- een\n- twee"},
    )

    discussion = Discussion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(discussion)
    assert discussion.community == members.community
    assert discussion.author == members.member_a
    page = client.get(detail_url(discussion))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ouderavonden" in html
    assert "<li>een</li>" in html
    assert "Anna de Vries" in html


def test_the_workspace_page_lists_the_discussions_and_the_way_to_start_one(members, discussion):
    workspace = members.community.get_children().get().specific
    response = client_for(members.member_a2).get(workspace.url)

    html = response.content.decode()
    assert "Hoe betrek je ouders?" in html
    assert reverse("discussions:start", args=[members.community.pk]) in html


def test_a_reply_notifies_who_started_the_discussion(members, discussion):
    response = client_for(members.member_a2).post(
        detail_url(discussion), {"text": "Wij doen een koffieochtend."}
    )
    deliver()

    post = Post.objects.get(text="Wij doen een koffieochtend.")
    assert response["Location"] == f"{detail_url(discussion)}#bericht-{post.pk}"
    assert [message.to for message in mail.outbox] == [[members.member_a.email]]
    assert "Piet Visser" in mail.outbox[0].body
    assert f"#bericht-{post.pk}" in mail.outbox[0].body


def test_a_mention_notifies_the_member_named_once(members, discussion):
    reply(discussion, members.member_a, "@piet-visser en @Piet-Visser, weten jullie dit?")
    deliver()

    assert [message.to for message in mail.outbox] == [[members.member_a2.email]]
    assert "noemt je" in mail.outbox[0].subject


def test_a_mention_of_someone_outside_the_community_notifies_nobody(members, discussion):
    reply(discussion, members.member_a, "Vraag het @bea-jansen eens.")
    deliver()

    assert mail.outbox == []


def test_a_reply_to_a_reply_goes_under_the_same_post(members, discussion):
    first = reply(discussion, members.member_a2, "Eerste reactie")
    second = reply(discussion, members.member_a, "Antwoord", parent=first)
    third = reply(discussion, members.member_a2, "Daarop", parent=second)

    assert second.parent == first
    assert third.parent == first


def test_a_reply_answers_the_post_chosen_on_the_page(members, discussion):
    first = reply(discussion, members.member_a2, "Eerste reactie")
    client = client_for(members.member_a)

    form = client.get(f"{detail_url(discussion)}?reageer={first.pk}")
    client.post(detail_url(discussion), {"text": "Eens!", "reageer": str(first.pk)})

    assert "Reageer op Piet Visser" in form.content.decode()
    assert Post.objects.get(text="Eens!").parent == first


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("<script>alert(1)</script>hallo", "<script"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ('<a href="https://example.org" onclick="x()">a</a>', "onclick"),
        ("<iframe src='https://example.org'></iframe>", "<iframe"),
    ],
)
def test_posts_render_without_the_authors_markup(text, absent):
    assert absent not in render(text)


def test_links_in_posts_are_kept_and_marked_as_the_authors():
    html = render("Zie https://example.org en [dit](https://example.org/a).")

    assert '<a href="https://example.org/a" rel="nofollow noopener noreferrer ugc">dit</a>' in html


def test_an_author_edits_their_post_within_the_window(members, discussion, settings):
    post = discussion.posts.get()
    client = client_for(members.member_a)

    response = client.post(reverse("discussions:edit", args=[post.pk]), {"text": "Nieuw"})

    post.refresh_from_db()
    assert response.status_code == 302
    assert post.text == "Nieuw"
    assert post.edited_at is not None


def test_after_the_window_the_author_can_no_longer_edit(members, discussion, settings):
    post = discussion.posts.get()
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES + 1)
    )

    response = client_for(members.member_a).post(
        reverse("discussions:edit", args=[post.pk]), {"text": "Te laat"}
    )
    with pytest.raises(actions.DiscussionError):
        actions.edit(post, members.member_a, "Te laat")

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.text == "Wie heeft **ervaring**?"


def test_someone_elses_post_cannot_be_edited(members, discussion):
    post = discussion.posts.get()

    response = client_for(members.member_a2).post(
        reverse("discussions:edit", args=[post.pk]), {"text": "Overgenomen"}
    )

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.text == "Wie heeft **ervaring**?"


def test_a_deleted_post_keeps_its_place_and_says_who_deleted_it(members, discussion):
    own = reply(discussion, members.member_a2, "Foutje")
    removed = reply(discussion, members.member_a2, "Iets ongepasts")

    client_for(members.member_a2).post(reverse("discussions:delete", args=[own.pk]))
    client_for(members.moderator_a).post(reverse("discussions:remove", args=[removed.pk]))

    html = client_for(members.member_a).get(detail_url(discussion)).content.decode()
    assert "Foutje" not in html
    assert "Iets ongepasts" not in html
    assert "Dit bericht is verwijderd door de schrijver." in html
    assert "Dit bericht is verwijderd door een moderator." in html
    assert Post.objects.filter(text="", removed_at__isnull=False).count() == 2


def test_a_closed_discussion_takes_no_more_replies_from_members(members, discussion):
    client_for(members.moderator_a).post(
        reverse("discussions:close", args=[discussion.pk]), {"closed": "1"}
    )

    refused = client_for(members.member_a2).post(detail_url(discussion), {"text": "Nog iets"})
    allowed = client_for(members.moderator_a).post(detail_url(discussion), {"text": "Tot slot"})

    assert refused.status_code == 400
    assert "gesloten" in refused.content.decode()
    assert not Post.objects.filter(text="Nog iets").exists()
    assert allowed.status_code == 302


def test_a_pinned_discussion_comes_first(members, discussion):
    newer = actions.start(members.community, members.member_a2, "Nieuwer", "Tekst")
    client_for(members.moderator_a).post(
        reverse("discussions:pin", args=[discussion.pk]), {"pinned": "1"}
    )

    response = client_for(members.member_a).get(
        reverse("discussions:list", args=[members.community.pk])
    )

    html = response.content.decode()
    assert html.index("Hoe betrek je ouders?") < html.index("Nieuwer")
    assert [d.pk for d in Discussion.objects.all()] == [discussion.pk, newer.pk]


def test_a_moderator_moves_a_post_with_its_replies(members, discussion):
    other = actions.start(members.community, members.member_a2, "Ander onderwerp", "Tekst")
    post = reply(discussion, members.member_a2, "Hoort elders")
    answer = reply(discussion, members.member_a, "Klopt", parent=post)

    response = client_for(members.moderator_a).post(
        reverse("discussions:move", args=[post.pk]), {"target": other.pk}
    )

    post.refresh_from_db()
    answer.refresh_from_db()
    assert response["Location"] == f"{detail_url(other)}#bericht-{post.pk}"
    assert (post.discussion, post.parent) == (other, None)
    assert (answer.discussion, answer.parent) == (other, post)


def test_the_opening_post_and_posts_of_other_communities_stay(members, discussion, communities):
    opening = discussion.posts.get()
    elsewhere = actions.start(communities.b, members.moderator_b, "In B", "Tekst")
    post = reply(discussion, members.member_a2, "Reactie")

    with pytest.raises(actions.DiscussionError):
        actions.move(opening, actions.start(members.community, members.member_a, "X", "Y"), None)
    response = client_for(members.moderator_a).post(
        reverse("discussions:move", args=[post.pk]), {"target": elsewhere.pk}
    )

    assert response.status_code == 400
    post.refresh_from_db()
    assert post.discussion == discussion


def test_a_report_reaches_the_moderators_once(members, discussion):
    post = discussion.posts.get()
    client = client_for(members.member_a2)

    first = client.post(reverse("discussions:report", args=[post.pk]), {"reason": "Spam"})
    deliver()
    again = client.post(reverse("discussions:report", args=[post.pk]), {"reason": "Nogmaals"})

    assert first.status_code == 302
    assert again.status_code == 400
    assert "al gemeld" in again.content.decode()
    assert PostReport.objects.count() == 1
    assert [message.to for message in mail.outbox] == [[members.moderator_a.email]]
    assert "Piet" not in mail.outbox[0].body
    moderator_view = client_for(members.moderator_a).get(detail_url(discussion)).content.decode()
    member_view = client_for(members.member_a).get(detail_url(discussion)).content.decode()
    assert "1 melding" in moderator_view
    assert "1 melding" not in member_view


def test_a_moderator_lets_a_reported_post_stay(members, discussion):
    post = discussion.posts.get()
    actions.report(post, members.member_a2, "Twijfel")

    client_for(members.moderator_a).post(reverse("discussions:keep", args=[post.pk]))

    assert PostReport.objects.get().handled_at is not None
    assert (
        "1 melding"
        not in client_for(members.moderator_a).get(detail_url(discussion)).content.decode()
    )


def test_attachments_go_to_the_communitys_private_collection(members, discussion):
    response = client_for(members.member_a2).post(
        detail_url(discussion),
        {"text": "Het verslag", "attachments": [SimpleUploadedFile("verslag.pdf", b"%PDF-1.4")]},
    )

    post = Post.objects.get(text="Het verslag")
    document = post.attachments.get()
    assert response.status_code == 302
    assert document.collection_id == members.community.workspace_collection_id
    assert client_for(members.member_a).get(document.url).status_code == 200
    assert client_for(members.moderator_b).get(document.url).status_code == 404
    assert client_for(None).get(document.url).status_code == 302


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([SimpleUploadedFile("virus.exe", b"MZ")], "dit soort bestand kan niet"),
        ([SimpleUploadedFile(f"{n}.pdf", b"%PDF") for n in range(6)], "hoogstens 5 bijlagen"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(members, discussion, files, message):
    response = client_for(members.member_a2).post(
        detail_url(discussion), {"text": "Met bijlagen", "attachments": files}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.filter(text="Met bijlagen").exists()


def test_a_too_long_post_is_refused_with_a_clear_error(members, discussion):
    response = client_for(members.member_a2).post(detail_url(discussion), {"text": "x" * 10_001})

    assert response.status_code == 400
    assert "10000" in response.content.decode() or "10.000" in response.content.decode()
    assert discussion.posts.count() == 1


def test_posting_too_much_is_refused_and_nothing_is_stored(members, discussion, settings):
    settings.DISCUSSION_POSTS_PER_HOUR = 2
    reply(discussion, members.member_a2, "Een")
    reply(discussion, members.member_a2, "Twee")

    response = client_for(members.member_a2).post(detail_url(discussion), {"text": "Drie"})

    assert response.status_code == 400
    assert "afgelopen uur" in response.content.decode()
    assert not Post.objects.filter(text="Drie").exists()


def test_moderators_reply_in_a_closed_discussion_and_members_do_not(members, discussion):
    actions.set_closed(discussion, True)

    with pytest.raises(actions.DiscussionError):
        reply(discussion, members.member_a2, "Nee")
    reply(discussion, members.moderator_a, "Ja", role=Role.MODERATOR)

    assert list(discussion.posts.values_list("text", flat=True))[-1] == "Ja"


def test_the_list_of_discussions_comes_a_page_at_a_time(members, discussion):
    for number in range(30):
        actions.start(members.community, members.moderator_a, f"Onderwerp {number}", "Tekst")
    url = reverse("discussions:list", args=[members.community.pk])

    first = client_for(members.member_a).get(url).content.decode()
    second = client_for(members.member_a).get(f"{url}?pagina=2").content.decode()

    assert "Onderwerp 29" in first and "Hoe betrek je ouders?" not in first
    assert "Hoe betrek je ouders?" in second
    assert 'aria-label="Paginering"' in first


def test_the_workspace_shows_the_latest_discussions_pinned_first(members, discussion):
    for number in range(6):
        actions.start(members.community, members.moderator_a, f"Onderwerp {number}", "Tekst")
    actions.set_pinned(Discussion.objects.get(title="Onderwerp 0"), True)
    workspace = members.community.get_children().get().specific

    html = client_for(members.member_a).get(workspace.url).content.decode()

    shown = [title for title in (f"Onderwerp {n}" for n in range(6)) if title in html]
    # Five: the pinned one, then the four most recently active.
    assert shown == ["Onderwerp 0", "Onderwerp 2", "Onderwerp 3", "Onderwerp 4", "Onderwerp 5"]
    assert html.index("Onderwerp 0") < html.index("Onderwerp 5") < html.index("Onderwerp 2")
    assert "Hoe betrek je ouders?" not in html
