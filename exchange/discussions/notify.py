"""Email about discussions, queued with the post it announces (home.outgoing_mail) and sent by
the mail worker, in the portal's language whatever the language of the page the post was
written on.

Who hears of what follows each member's choice for the community (exchange.following):
"at once" hears of every post; a mention of them, or a reply to their post or discussion,
reaches them unless they turned that off (`personal`). Only people still in the community
hear anything. Each email's one click stops its recipient's email about that community's
discussions. A report reaches the community's moderators whatever they chose, or the editors
when no moderator can be reached: it asks for their work, it is not news.
"""

from functools import wraps

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from communities.roles import active_editors
from home.mail import absolute_url
from home.outgoing_mail import queue_email

from ..following import links
from ..following.models import DEFAULT_FREQUENCY, DiscussionPreference, Frequency


def in_portal_language(function):
    @wraps(function)
    def wrapped(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapped


def discussion_url(discussion):
    return absolute_url(reverse("discussions:detail", args=[discussion.pk]))


def post_url(post):
    return f"{discussion_url(post.discussion)}#bericht-{post.pk}"


def _name(user):
    return (user.get_full_name() if user is not None else "") or _("Een lid")


def _preferences(people, community):
    """user id -> (frequency, personal) for `people` in `community`."""
    chosen = {
        user_id: (frequency, personal)
        for user_id, frequency, personal in DiscussionPreference.objects.filter(
            user__in=people, community=community
        ).values_list("user_id", "frequency", "personal")
    }
    return {person.pk: chosen.get(person.pk, (DEFAULT_FREQUENCY, True)) for person in people}


def _send(person, community, subject, template, context, unsubscribe=True):
    queue_email(
        subject,
        template,
        {"person": person, "preferences_url": links.preferences_url(person.email), **context},
        person.email,
        unsubscribe_url=(
            links.unsubscribe_url("voorkeur", person.pk, community.pk) if unsubscribe else None
        ),
    )


@in_portal_language
def new_post(post, mentioned, community_people):
    """Everyone of `community_people` (mentions.community_people) who should hear of `post`
    at once, each once: who it mentions, the author of the post it replies to and who started
    the discussion, and who chose "at once"."""
    discussion = post.discussion
    community = discussion.community
    people = [
        person
        for person in community_people
        if person.pk != post.author_id and person.is_active and person.email
    ]
    preferences = _preferences(people, community)
    mentioned_ids = {person.pk for person in mentioned}
    is_reply = not post.is_opening
    replied_to = {discussion.author_id, post.parent.author_id if post.parent_id else None}
    context = {"post": post, "author": _name(post.author), "url": post_url(post)}
    for person in people:
        frequency, personal = preferences[person.pk]
        if personal and person.pk in mentioned_ids:
            subject = _("%(name)s noemt je in een gesprek") % {"name": _name(post.author)}
            _send(person, community, subject, "email/discussion_mention.txt", context)
        elif personal and is_reply and person.pk in replied_to:
            subject = _("Nieuwe reactie in '%(title)s'") % {"title": discussion.title}
            _send(person, community, subject, "email/discussion_reply.txt", context)
        elif frequency == Frequency.IMMEDIATELY:
            subject = _("Nieuw bericht in '%(title)s'") % {"title": discussion.title}
            _send(person, community, subject, "email/discussion_new_post.txt", context)


@in_portal_language
def newly_mentioned(post, people):
    """Tell who an edit of `post` mentions for the first time."""
    community = post.discussion.community
    people = [p for p in people if p.pk != post.author_id and p.is_active and p.email]
    preferences = _preferences(people, community)
    context = {"post": post, "author": _name(post.author), "url": post_url(post)}
    for person in people:
        if preferences[person.pk][1]:
            subject = _("%(name)s noemt je in een gesprek") % {"name": _name(post.author)}
            _send(person, community, subject, "email/discussion_mention.txt", context)


@in_portal_language
def reported(report, moderators):
    """Tell the community's moderators of a report, or the editors when no moderator has an
    address; who reported stays between them."""
    post = report.post
    community = post.discussion.community
    for person in moderators or active_editors():
        _send(
            person,
            community,
            _("Melding in '%(title)s'") % {"title": post.discussion.title},
            "email/discussion_report.txt",
            {"report": report, "discussion": post.discussion, "url": post_url(post)},
            unsubscribe=False,
        )
