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
from .models import Discussion, Post, PostReport

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
            uploaded_by_user=user,
        )
        document.file_size = upload.size
        document.save()
        post.attachments.add(document)


def _write(discussion, user, text, files, parent=None):
    post = Post.objects.create(discussion=discussion, parent=parent, author=user, text=text)
    _attach(post, discussion.community, user, files)
    Discussion.objects.filter(pk=discussion.pk).update(last_activity_at=post.created_at)
    community = discussion.community
    notify.new_post(
        post, mentions.mentioned(text, community), notify.community_accounts(community)
    )
    return post


@transaction.atomic
def start(community, user, title, text, files=()):
    """A new discussion in `community` with `text` as its opening post."""
    _check_rate(user)
    discussion = Discussion.objects.create(community=community, title=title, author=user)
    _write(discussion, user, text, files)
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
        if parent.discussion_id != discussion.pk:
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
    already = {person.pk for person in mentions.mentioned(post.text, post.discussion.community)}
    post.text = text
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "edited_at"])
    notify.newly_mentioned(
        post,
        [
            person
            for person in mentions.mentioned(text, post.discussion.community)
            if person.pk not in already
        ],
    )
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


def opening_post(discussion):
    return discussion.posts.filter(parent=None).order_by("created_at", "pk").first()


@transaction.atomic
def move(post, target, moderator):
    """Move `post` with its replies to `target`, another discussion of the same community,
    where it becomes a post of its own (not a reply)."""
    post = Post.objects.select_for_update().select_related("discussion").get(pk=post.pk)
    source = post.discussion
    if target.pk == source.pk or target.community_id != source.community_id:
        raise DiscussionError(_("Kies een ander gesprek van deze leergemeenschap."))
    if opening_post(source).pk == post.pk:
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
