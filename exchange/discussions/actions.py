"""Everything that changes a discussion, each in one transaction: what is refused changes
nothing, and the email it sends goes only once it is committed (exchange.discussions.notify).

The views check who may do what (exchange.discussions.access) before they call these; what
depends on the stored state (a discussion closed meanwhile, the edit window) is checked here
again, on the row as it is locked.
"""

import logging
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model

from home.abuse import RATE_LIMIT_WINDOW

from . import mentions, notify
from .access import can_delete, can_edit, can_write
from .models import Discussion, Post, PostMention, PostReport

logger = logging.getLogger(__name__)


class DiscussionError(Exception):
    """Refused; the message is meant for the person who asked."""


def _check_rate(user):
    since = timezone.now() - RATE_LIMIT_WINDOW
    if (
        Post.objects.filter(author=user, created_at__gte=since).count()
        >= settings.DISCUSSION_POSTS_PER_HOUR
    ):
        raise DiscussionError(
            _("Je hebt het afgelopen uur al veel berichten geplaatst. Probeer het later opnieuw.")
        )


def _attach(post, community, user, files):
    """Store `files` as documents in the community's private collection, on the post."""
    if not files:
        return
    if community.workspace_collection_id is None:
        raise DiscussionError(_("Deze leergemeenschap heeft nog geen plek voor bijlagen."))
    document_model = get_document_model()
    for upload in files:
        document = document_model(
            title=os.path.splitext(os.path.basename(upload.name))[0][:255] or upload.name,
            file=upload,
            collection_id=community.workspace_collection_id,
            # Nobody's in the admin: an uploader may change their own documents there, and the
            # edit window and a closed discussion would then not hold for the attachments.
            # The post says who added it.
            uploaded_by_user=None,
        )
        document.file_size = upload.size
        document.save()
        post.attachments.add(document)


def _newly_mentioned(post, text, people):
    """Those of the community's `people` `text` mentions whom `post` has not told yet;
    recorded as told."""
    named = mentions.mentioned(text, people)
    told = set(post.mentions.values_list("user_id", flat=True))
    new = [person for person in named if person.pk not in told and person.pk != post.author_id]
    PostMention.objects.bulk_create(
        [PostMention(post=post, user=person) for person in new], ignore_conflicts=True
    )
    return new


def _write(discussion, user, text, files, parent=None, is_opening=False):
    post = Post.objects.create(
        discussion=discussion, parent=parent, author=user, text=text, is_opening=is_opening
    )
    _attach(post, discussion.community, user, files)
    Discussion.objects.filter(pk=discussion.pk).update(last_activity_at=post.created_at)
    # The community's people, read once: whom the post may mention, and who may hear of it.
    people = list(mentions.community_people(discussion.community))
    notify.new_post(post, _newly_mentioned(post, text, people), people)
    return post


@transaction.atomic
def start(community, user, title, text, files=()):
    """A new discussion in `community` with `text` as its opening post."""
    _check_rate(user)
    discussion = Discussion.objects.create(community=community, title=title, author=user)
    _write(discussion, user, text, files, is_opening=True)
    return discussion


@transaction.atomic
def reply(discussion, user, role, text, files=(), parent=None):
    """A post in `discussion`, under `parent` (a reply to a reply goes under the same post)."""
    discussion = (
        Discussion.objects.select_for_update().select_related("community").get(pk=discussion.pk)
    )
    if not can_write(role, discussion):
        raise DiscussionError(_("Dit gesprek is gesloten; je kunt er niet meer op reageren."))
    if parent is not None:
        # As it is now: a moderator may have moved it while this reply was written (move()
        # holds this discussion's lock while it does).
        parent = Post.objects.filter(pk=parent.pk).select_related("parent").first()
        if parent is None or parent.discussion_id != discussion.pk or parent.is_removed:
            raise DiscussionError(_("Dat bericht staat niet (meer) in dit gesprek."))
        if parent.parent_id is not None:
            parent = parent.parent
    _check_rate(user)
    return _write(discussion, user, text, files, parent)


@transaction.atomic
def edit(post, user, text):
    post = Post.objects.select_for_update().select_related("discussion__community").get(pk=post.pk)
    if not can_edit(user, post):
        raise DiscussionError(
            _(
                "Je kunt dit bericht niet meer bewerken: dat kan tot %(minutes)s minuten na "
                "het plaatsen."
            )
            % {"minutes": settings.DISCUSSION_EDIT_MINUTES}
        )
    post.text = text
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "edited_at"])
    # Each person once per post: removing a name and adding it again sends nothing.
    people = mentions.community_people(post.discussion.community) if "@" in text else []
    notify.newly_mentioned(post, _newly_mentioned(post, text, people))
    return post


def _take_down(post, by_author):
    now = timezone.now()
    documents = list(post.attachments.all())
    post.attachments.clear()
    for document in documents:
        document.delete()
    post.text = ""
    post.removed_at = now
    post.removed_by_author = by_author
    post.save(update_fields=["text", "removed_at", "removed_by_author"])
    post.reports.filter(handled_at=None).update(handled_at=now)


@transaction.atomic
def delete(post, user):
    """The author takes their post down; its place in the conversation stays."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not can_delete(user, post):
        raise DiscussionError(_("Dit bericht kun je niet verwijderen."))
    _take_down(post, by_author=True)


@transaction.atomic
def remove(post, moderator):
    """A moderator takes a post down; the page says a moderator did."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_removed:
        raise DiscussionError(_("Dit bericht is al verwijderd."))
    _take_down(post, by_author=False)
    logger.info("Post %s removed by moderator %s", post.pk, moderator.pk)


@transaction.atomic
def keep(post, moderator):
    """A moderator decides a reported post may stay."""
    handled = post.reports.filter(handled_at=None).update(handled_at=timezone.now())
    logger.info("%s reports on post %s handled by %s", handled, post.pk, moderator.pk)


@transaction.atomic
def set_pinned(discussion, pinned):
    Discussion.objects.filter(pk=discussion.pk).update(pinned=pinned)


@transaction.atomic
def set_closed(discussion, closed):
    Discussion.objects.filter(pk=discussion.pk).update(closed=closed)


def _touch(discussion):
    latest = discussion.posts.aggregate(latest=Max("created_at"))["latest"]
    Discussion.objects.filter(pk=discussion.pk).update(
        last_activity_at=latest or discussion.created_at
    )


@transaction.atomic
def move(post, target, moderator):
    """Move `post` with its replies to `target`, another discussion of the same community,
    where it becomes a post of its own (not a reply)."""
    source_id = Post.objects.values_list("discussion_id", flat=True).get(pk=post.pk)
    # Both discussions locked, in one order, before the post: a reply written meanwhile waits,
    # then finds its parent moved (reply()).
    list(
        Discussion.objects.select_for_update().filter(pk__in=[source_id, target.pk]).order_by("pk")
    )
    post = Post.objects.select_for_update().select_related("discussion").get(pk=post.pk)
    source = post.discussion
    if target.pk == source.pk or target.community_id != source.community_id:
        raise DiscussionError(_("Kies een ander gesprek van deze leergemeenschap."))
    if post.is_opening:
        raise DiscussionError(
            _(
                "Het openingsbericht verplaats je niet; het hoort bij het onderwerp van het "
                "gesprek."
            )
        )
    post.replies.update(discussion=target)
    post.discussion = target
    post.parent = None
    post.save(update_fields=["discussion", "parent"])
    _touch(source)
    _touch(target)
    logger.info("Post %s moved to discussion %s by %s", post.pk, target.pk, moderator.pk)


def _moderators(community):
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__pk=community.moderators_group_id)
        .exclude(email="")
    )


@transaction.atomic
def report(post, user, reason):
    """`user` reports `post` to the community's moderators, once."""
    if post.is_removed:
        raise DiscussionError(_("Dit bericht is al verwijderd."))
    since = timezone.now() - RATE_LIMIT_WINDOW
    if (
        PostReport.objects.filter(reporter=user, created_at__gte=since).count()
        >= settings.DISCUSSION_REPORTS_PER_HOUR
    ):
        raise DiscussionError(_("Je hebt het afgelopen uur al veel meldingen gedaan."))
    try:
        with transaction.atomic():
            created = PostReport.objects.create(post=post, reporter=user, reason=reason)
    except IntegrityError:
        raise DiscussionError(_("Je hebt dit bericht al gemeld.")) from None
    notify.reported(created, _moderators(post.discussion.community))
    return created
