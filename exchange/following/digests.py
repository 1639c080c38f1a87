"""The digests: once a day or once a week, to each address, what is new since its last one —
in the discussions of its communities, and where it follows what is published.

`send_digests` records each digest (DigestSent) in the transaction that queues its email, one
address at a time: run twice, or again after it stopped halfway, it sends each address at most
one digest per period, and the ones it had not reached yet the second time.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.knowledge import knowledge_types
from home.outgoing_mail import queue_email

from ..discussions.models import Post
from ..discussions.notify import discussion_url
from . import links
from .models import (
    DEFAULT_FREQUENCY,
    DigestSent,
    DiscussionPreference,
    Follow,
    FollowTarget,
    Frequency,
)
from .subscriptions import member_communities

PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# At most this many new pages per follow in one digest; the email links to the rest.
PAGES_PER_FOLLOW = 10


def period_key(frequency, now):
    """The period `now` falls in: its day, or its ISO week, in the site's time zone."""
    day = timezone.localdate(now)
    if frequency == Frequency.DAILY:
        return f"{frequency}:{day.isoformat()}"
    year, week, _weekday = day.isocalendar()
    return f"{frequency}:{year}-W{week:02d}"


def _accounts(email):
    return get_user_model().objects.filter(email__iexact=email, is_active=True)


def _member_communities(user, frequency):
    communities = list(member_communities(user))
    chosen = dict(
        DiscussionPreference.objects.filter(user=user, community__in=communities).values_list(
            "community_id", "frequency"
        )
    )
    return [c for c in communities if chosen.get(c.pk, DEFAULT_FREQUENCY) == frequency]


def recipients(frequency):
    """Every address with something to hear of at `frequency`: members of a community (by
    their choice or the default) and confirmed followers."""
    addresses = set(
        Follow.objects.filter(frequency=frequency, confirmed_at__isnull=False).values_list(
            "email", flat=True
        )
    )
    members = get_user_model().objects.filter(is_active=True).exclude(email="")
    members = members.filter(groups__isnull=False).distinct()
    for user in members:
        if _member_communities(user, frequency):
            addresses.add(user.email.lower())
    return addresses


def discussion_news(email, frequency, since, now):
    """(community, [(discussion, new posts, its URL)]) for the communities the address's
    account hears of at `frequency`, leaving out their own posts."""
    news = []
    for user in _accounts(email):
        for community in _member_communities(user, frequency):
            posts = (
                Post.objects.filter(
                    discussion__community=community,
                    created_at__gt=since,
                    created_at__lte=now,
                    removed_at=None,
                )
                .exclude(author=user)
                .select_related("discussion")
            )
            per_discussion = defaultdict(int)
            discussions = {}
            for post in posts:
                per_discussion[post.discussion_id] += 1
                discussions[post.discussion_id] = post.discussion
            if per_discussion:
                news.append(
                    (
                        community,
                        [
                            (discussions[pk], count, discussion_url(discussions[pk]))
                            for pk, count in per_discussion.items()
                        ],
                    )
                )
    return news


def _pages_for(follow):
    """Querysets of the knowledge pages that fall under `follow`'s subject."""
    for model in knowledge_types().values():
        pages = model.objects.live().public()
        if follow.target == FollowTarget.COMMUNITY:
            field = model.knowledge_community_field
            if field in (None, "self"):
                continue
            yield pages.filter(**{field: follow.community_id})
        elif follow.target == FollowTarget.THEME:
            if not any(f.name == "themes" for f in model._meta.get_fields()):
                continue
            yield pages.filter(themes=follow.theme_id)
        elif model.knowledge_key == "event":
            yield pages


def published_news(email, frequency, since, now):
    """(follow, [pages]) for the address's confirmed follows at `frequency`."""
    news = []
    follows = Follow.objects.filter(
        email=email, frequency=frequency, confirmed_at__isnull=False
    ).select_related("community", "theme")
    for follow in follows:
        pages = []
        for queryset in _pages_for(follow):
            pages.extend(
                queryset.filter(
                    first_published_at__gt=since, first_published_at__lte=now
                ).order_by("-first_published_at")[:PAGES_PER_FOLLOW]
            )
        pages.sort(key=lambda page: page.first_published_at, reverse=True)
        if pages:
            news.append((follow, pages[:PAGES_PER_FOLLOW]))
    return news


def _since(email, frequency, now):
    last = (
        DigestSent.objects.filter(email=email, period__startswith=f"{frequency}:")
        .order_by("-created_at")
        .first()
    )
    return last.created_at if last else now - PERIOD[frequency]


def send_digests(frequency, now=None, after_each=None):
    """Queue this period's digest for every address that has news and has none yet; how many.

    `after_each(email)` is called after each address's transaction: the tests stop the run
    there to show what a crash leaves.
    """
    now = now or timezone.now()
    key = period_key(frequency, now)
    done = set(DigestSent.objects.filter(period=key).values_list("email", flat=True))
    queued = 0
    for email in sorted(recipients(frequency) - done):
        if _queue_digest(email, frequency, key, now):
            queued += 1
        if after_each is not None:
            after_each(email)
    return queued


@transaction.atomic
def _queue_digest(email, frequency, key, now):
    since = _since(email, frequency, now)
    discussions = discussion_news(email, frequency, since, now)
    published = published_news(email, frequency, since, now)
    if not discussions and not published:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(email=email, period=key, created_at=now)
    except IntegrityError:
        # Another run got there first.
        return False
    queue_email(
        _("Nieuw voor je op Leergemeenschappen")
        if frequency == Frequency.DAILY
        else _("Deze week nieuw voor je op Leergemeenschappen"),
        "email/digest.txt",
        {
            "frequency": frequency,
            "discussions": discussions,
            "published": published,
            "preferences_url": links.preferences_url(email),
        },
        email,
        unsubscribe_url=links.unsubscribe_url("overzicht", email, frequency),
    )
    return True
