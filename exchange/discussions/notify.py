"""Email about discussions, sent once the post it announces is committed (home.mail)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from home.mail import absolute_url, send_after_commit


def post_url(post):
    return absolute_url(
        f"{reverse('discussions:detail', args=[post.discussion_id])}#bericht-{post.pk}"
    )


def _name(user):
    return user.get_full_name() or _("Een lid")


def mentioned(post, people):
    """Tell each of `people` that `post` names them; not its author."""
    for person in people:
        if person.pk == post.author_id:
            continue
        send_after_commit(
            _("%(name)s noemt je in een gesprek") % {"name": _name(post.author)},
            "email/discussion_mention.txt",
            {"person": person, "post": post, "author": _name(post.author), "url": post_url(post)},
            [person.email],
        )


def replied(post, already_told=()):
    """Tell the author of the post replied to, and who started the discussion, of a reply;
    neither the reply's author nor anyone already told of it."""
    discussion = post.discussion
    told = {post.author_id, *(person.pk for person in already_told)}
    for person in (post.parent.author if post.parent else None, discussion.author):
        if person is None or person.pk in told or not person.is_active:
            continue
        told.add(person.pk)
        send_after_commit(
            _("Nieuwe reactie in '%(title)s'") % {"title": discussion.title},
            "email/discussion_reply.txt",
            {
                "person": person,
                "post": post,
                "author": _name(post.author),
                "discussion": discussion,
                "url": post_url(post),
            },
            [person.email],
        )


def reported(report, moderators):
    """Tell the community's moderators of a report; who reported stays between them."""
    post = report.post
    send_after_commit(
        _("Melding in '%(title)s'") % {"title": post.discussion.title},
        "email/discussion_report.txt",
        {"report": report, "discussion": post.discussion, "url": post_url(post)},
        [person.email for person in moderators],
    )
