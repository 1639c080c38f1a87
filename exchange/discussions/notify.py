"""Email about discussions, queued with the post it announces (home.outgoing_mail) and sent by
the mail worker. Who hears of what at once follows their choice for the community
(exchange.following): "at once" hears of every post; a reply to their post, or their name
mentioned, reaches everyone but those who chose "never". Each email's one click unsubscribes
its recipient from the community's discussion email."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from home.mail import absolute_url
from home.outgoing_mail import queue_email

from ..following import links
from ..following.models import DEFAULT_FREQUENCY, DiscussionPreference, Frequency


def discussion_url(discussion):
    return absolute_url(reverse("discussions:detail", args=[discussion.pk]))


def post_url(post):
    return f"{discussion_url(post.discussion)}#bericht-{post.pk}"


def _name(user):
    return (user.get_full_name() if user is not None else "") or _("Een lid")


def _frequencies(people, community):
    chosen = dict(
        DiscussionPreference.objects.filter(user__in=people, community=community).values_list(
            "user_id", "frequency"
        )
    )
    return {person.pk: chosen.get(person.pk, DEFAULT_FREQUENCY) for person in people}


def _send(person, community, subject, template, context):
    queue_email(
        subject,
        template,
        {"person": person, "preferences_url": links.preferences_url(person.email), **context},
        person.email,
        unsubscribe_url=links.unsubscribe_url("voorkeur", person.pk, community.pk),
    )


def new_post(post, mentioned, community_people):
    """Everyone who should hear of `post` at once, each once: who it mentions, the author of
    the post it replies to and who started the discussion, and who chose "at once"."""
    discussion = post.discussion
    community = discussion.community
    parent_author = post.parent.author if post.parent_id else None
    is_reply = discussion.posts.exclude(pk=post.pk).exists()
    candidates = {person.pk: person for person in community_people}
    for person in (*mentioned, parent_author, discussion.author if is_reply else None):
        if person is not None:
            candidates.setdefault(person.pk, person)
    people = [
        person
        for person in candidates.values()
        if person.pk != post.author_id and person.is_active and person.email
    ]
    frequencies = _frequencies(people, community)
    mentioned_ids = {person.pk for person in mentioned}
    context = {"post": post, "author": _name(post.author), "url": post_url(post)}
    for person in people:
        frequency = frequencies[person.pk]
        if frequency == Frequency.NEVER:
            continue
        if person.pk in mentioned_ids:
            subject = _("%(name)s noemt je in een gesprek") % {"name": _name(post.author)}
            _send(person, community, subject, "email/discussion_mention.txt", context)
        elif is_reply and person.pk in (getattr(parent_author, "pk", None), discussion.author_id):
            subject = _("Nieuwe reactie in '%(title)s'") % {"title": discussion.title}
            _send(person, community, subject, "email/discussion_reply.txt", context)
        elif frequency == Frequency.IMMEDIATELY:
            subject = _("Nieuw bericht in '%(title)s'") % {"title": discussion.title}
            _send(person, community, subject, "email/discussion_new_post.txt", context)


def newly_mentioned(post, people):
    """Tell who an edit of `post` mentions for the first time."""
    community = post.discussion.community
    people = [p for p in people if p.pk != post.author_id and p.is_active and p.email]
    frequencies = _frequencies(people, community)
    context = {"post": post, "author": _name(post.author), "url": post_url(post)}
    for person in people:
        if frequencies[person.pk] != Frequency.NEVER:
            subject = _("%(name)s noemt je in een gesprek") % {"name": _name(post.author)}
            _send(person, community, subject, "email/discussion_mention.txt", context)


def reported(report, moderators):
    """Tell the community's moderators of a report; who reported stays between them."""
    post = report.post
    community = post.discussion.community
    frequencies = _frequencies(moderators, community)
    for moderator in moderators:
        if frequencies[moderator.pk] == Frequency.NEVER:
            continue
        _send(
            moderator,
            community,
            _("Melding in '%(title)s'") % {"title": post.discussion.title},
            "email/discussion_report.txt",
            {"report": report, "discussion": post.discussion, "url": post_url(post)},
        )


def community_accounts(community):
    """The active accounts with an address of the community's members and moderators."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__pk__in=[community.members_group_id, community.moderators_group_id],
        )
        .exclude(email="")
        .distinct()
    )
