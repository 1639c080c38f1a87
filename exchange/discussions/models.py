"""A discussion, its posts and the reports on them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model_string

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
REPORT_MAX_LENGTH = 1000


# Pinned first, then the most recently active.
LISTING_ORDER = ("-pinned", "-last_activity_at", "-pk")


class DiscussionQuerySet(models.QuerySet):
    def with_counts(self):
        """With what the listings show: the posts, and the reports no moderator handled; in
        the listings' order, which a query with counts must name (Meta.ordering is left out of
        a GROUP BY)."""
        return (
            self.select_related("author")
            .annotate(
                post_count=models.Count("posts", distinct=True),
                open_reports=models.Count(
                    "posts__reports",
                    filter=models.Q(posts__reports__handled_at=None),
                    distinct=True,
                ),
            )
            .order_by(*LISTING_ORDER)
        )


class Discussion(models.Model):
    """A conversation in one community's workspace; its opening post is its first post."""

    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("leergemeenschap"),
        on_delete=models.CASCADE,
        related_name="discussions",
    )
    title = models.CharField(_("onderwerp"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    # The latest post's time: the listing's order, kept with every post written or moved.
    last_activity_at = models.DateTimeField(_("laatste bericht op"), default=timezone.now)
    pinned = models.BooleanField(_("vastgezet"), default=False)
    closed = models.BooleanField(_("gesloten"), default=False)
    # The practice example a moderator made of it (exchange.discussions.knowledge).
    result = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("resultaat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        ordering = list(LISTING_ORDER)
        indexes = [models.Index(fields=["community", "-pinned", "-last_activity_at"])]
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self):
        return self.title


class Post(models.Model):
    """A post: the opening one or a reply. Replies are threaded one level deep: a reply's
    parent is a post without a parent."""

    discussion = models.ForeignKey(
        Discussion, verbose_name=_("gesprek"), on_delete=models.CASCADE, related_name="posts"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reactie op"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    # Gone with the account (an erased person): the post stays, from "voormalig lid".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("schrijver"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="discussion_posts",
    )
    # The post that opened the discussion: first on its page, and never moved. Not the oldest
    # post by its time: a post moved in from an older discussion is older than the opening.
    is_opening = models.BooleanField(_("openingsbericht"), default=False, editable=False)
    # What the author typed, in the simple formatting of exchange.discussions.formatting.
    text = models.TextField(_("tekst"), max_length=TEXT_MAX_LENGTH)
    attachments = models.ManyToManyField(
        get_document_model_string(),
        verbose_name=_("bijlagen"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geschreven op"), default=timezone.now)
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    # Deleted by its author or removed by a moderator: the text is gone, the place stays and
    # says which of the two.
    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)
    removed_by_author = models.BooleanField(_("verwijderd door de schrijver"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return f"{self.discussion} #{self.pk}"

    @property
    def is_removed(self):
        return self.removed_at is not None


class PostMention(models.Model):
    """Who a post told that it mentions them: each person once, however often it is edited."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_mention_per_person")
        ]


class PostReport(models.Model):
    """A member's report of a post to the community's moderators."""

    post = models.ForeignKey(
        Post, verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reden"), max_length=REPORT_MAX_LENGTH)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    # Set when a moderator removes the post or decides it may stay.
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_reporter")
        ]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
