"""From conversation to knowledge: a draft practice example made of a discussion's posts,
which then goes through the community's normal review (communities.roles)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _

from communities.models import Person
from resources.models import PracticeExamplePage

from . import formatting
from .actions import DiscussionError
from .models import Discussion

INTRO_LENGTH = 300


def _author_name(user):
    return user.get_full_name() if user is not None else _("Voormalig lid")


def _people(authors):
    """The Person of each author, found by email address or made for them (without consent for
    Wie weet wat); the moderator and the editors see them as people involved before anything
    is published."""
    people = []
    for user in authors:
        if not user.email:
            continue
        person = Person.objects.filter(email__iexact=user.email).order_by("pk").first()
        if person is None:
            person = Person.objects.create(
                name=user.get_full_name() or user.email.split("@")[0], email=user.email
            )
        people.append(person)
    return people


def _intro(posts):
    paragraphs = formatting.plain_paragraphs(posts[0].text)
    intro = paragraphs[0] if paragraphs else ""
    return intro if len(intro) <= INTRO_LENGTH else f"{intro[: INTRO_LENGTH - 1].rstrip()}…"


def _approach(posts):
    return "".join(
        f"<p><b>{escape(_author_name(post.author))}</b></p>{formatting.render(post.text)}"
        for post in posts
    )


@transaction.atomic
def draft_from_discussion(discussion, posts, user):
    """A draft PracticeExamplePage under the discussion's community, from `posts` (some of the
    discussion's own, not taken down), linked from the discussion. For a user who may add it."""
    discussion = Discussion.objects.select_for_update().get(pk=discussion.pk)
    posts = [post for post in posts if post.discussion_id == discussion.pk and not post.is_removed]
    if not posts:
        raise DiscussionError(
            _("Kies minstens één bericht om het praktijkvoorbeeld mee te beginnen.")
        )
    community = discussion.community
    if not community.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    page = PracticeExamplePage(
        title=discussion.title,
        intro=_intro(posts),
        approach=_approach(posts),
        live=False,
        owner=user,
    )
    community.add_child(instance=page)
    page.people_involved.set(_people({post.author for post in posts if post.author is not None}))
    # The people involved are a relation of the page's cluster: written on save.
    page.save()
    page.save_revision(user=user, log_action=True)
    discussion.result = page
    discussion.save(update_fields=["result"])
    return page
