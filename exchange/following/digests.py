"""The digests: once a day or once a week, to each address, what is new since its last one —
in the discussions of its communities, and where it follows what is published.

`send_digests` records each digest (DigestSent) in the transaction that queues its email, one
address at a time: run twice, or again after it stopped halfway, it sends each address at most
one digest per period, and the ones it had not reached yet the second time. An address gets
its next digest of a frequency only once most of a period has passed since its last, however
often the command runs (hourly from cron, say). A digest covers what came since its last one,
a period at most, up to a few minutes ago: a post written just then, in a transaction not
committed yet, is in the next one.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import CommunityPage
from home.knowledge import knowledge_types
from home.outgoing_mail import queue_email

from ..discussions.models import Post
from ..discussions.notify import discussion_url, in_portal_language
from . import links
from .models import (
    DEFAULT_FREQUENCY,
    DigestSent,
    DiscussionPreference,
    Follow,
    FollowTarget,
    Frequency,
)

PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# The next digest of a frequency may come this much earlier than a whole period after the
# last, so that a daily run at about the same hour keeps its rhythm.
EARLY = timedelta(hours=1)
# Posts and pages this recent wait for the next digest: their transaction may still be open.
SETTLE = timedelta(minutes=5)
# At most this many new pages per follow in one digest; the email links to the rest.
PAGES_PER_FOLLOW = 10


def period_key(frequency, now):
    """The period `now` falls in: its day, or its ISO week, in the site's time zone."""
    day = timezone.localdate(now)
    if frequency == Frequency.DAILY:
        return f"{frequency}:{day.isoformat()}"
    year, week, _weekday = day.isocalendar()
    return f"{frequency}:{year}-W{week:02d}"


class Run:
    """What one run of one frequency reads once for every address: who takes part in which
    community and hears of it at this frequency, and the posts of the period per community."""

    def __init__(self, frequency, now):
        self.frequency = frequency
        self.now = now
        self.until = now - SETTLE
        self.earliest = self.until - PERIOD[frequency]
        self.members = self._members()
        self.posts = self._posts(
            {pk for _user, community_ids in self.members.values() for pk in community_ids}
        )
        self.last_sent = dict(
            DigestSent.objects.filter(period__startswith=f"{frequency}:")
            .values("email")
            .annotate(last=Max("created_at"))
            .values_list("email", "last")
        )

    def _members(self):
        """address -> (user, [community ids]) for the accounts that hear of a community's
        discussions at this frequency."""
        communities = list(
            CommunityPage.objects.live().values_list(
                "pk", "members_group_id", "moderators_group_id"
            )
        )
        by_group = defaultdict(set)
        for pk, members_group, moderators_group in communities:
            by_group[members_group].add(pk)
            by_group[moderators_group].add(pk)
        chosen = {
            (user_id, community_id): frequency
            for user_id, community_id, frequency in DiscussionPreference.objects.values_list(
                "user_id", "community_id", "frequency"
            )
        }
        memberships = defaultdict(set)
        users = {}
        rows = (
            get_user_model()
            .groups.through.objects.filter(
                group_id__in=[group for group in by_group if group is not None],
                user__is_active=True,
            )
            .exclude(user__email="")
            .select_related("user")
        )
        for row in rows:
            for community_id in by_group[row.group_id]:
                if chosen.get((row.user_id, community_id), DEFAULT_FREQUENCY) == self.frequency:
                    memberships[row.user_id].add(community_id)
                    users[row.user_id] = row.user
        found = {}
        for user_id, community_ids in memberships.items():
            user = users[user_id]
            found.setdefault(user.email.lower(), (user, set()))[1].update(community_ids)
        return found

    def _posts(self, community_ids):
        """community id -> the posts of the period, with their discussion."""
        posts = defaultdict(list)
        for post in (
            Post.objects.filter(
                discussion__community_id__in=community_ids,
                created_at__gt=self.earliest,
                created_at__lte=self.until,
                removed_at=None,
            )
            .select_related("discussion__community")
            .order_by("created_at", "pk")
        ):
            posts[post.discussion.community_id].append(post)
        return posts

    def recipients(self):
        """Every address with something to hear of: members and confirmed followers, but not
        those whose last digest of this frequency is less than a period ago."""
        addresses = set(self.members) | set(
            Follow.objects.filter(
                frequency=self.frequency, confirmed_at__isnull=False
            ).values_list("email", flat=True)
        )
        return {
            address
            for address in addresses
            if address not in self.last_sent
            or self.now - self.last_sent[address] >= PERIOD[self.frequency] - EARLY
        }

    def since(self, email):
        last = self.last_sent.get(email)
        return max(last, self.earliest) if last else self.earliest

    def discussion_news(self, email, since):
        """(community, [(discussion, new posts, its URL)]) of the address's communities,
        leaving out the account's own posts."""
        user, community_ids = self.members.get(email, (None, ()))
        news = []
        for community_id in sorted(community_ids):
            per_discussion = defaultdict(int)
            discussions = {}
            for post in self.posts.get(community_id, ()):
                if post.created_at > since and post.author_id != user.pk:
                    per_discussion[post.discussion_id] += 1
                    discussions[post.discussion_id] = post.discussion
            if per_discussion:
                community = next(iter(discussions.values())).community
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

    def published_news(self, email, since):
        """(follow, [pages]) for the address's confirmed follows at this frequency."""
        news = []
        follows = Follow.objects.filter(
            email=email, frequency=self.frequency, confirmed_at__isnull=False
        ).select_related("community", "theme")
        for follow in follows:
            pages = []
            for queryset in _pages_for(follow):
                pages.extend(
                    queryset.filter(
                        first_published_at__gt=since, first_published_at__lte=self.until
                    ).order_by("-first_published_at")[:PAGES_PER_FOLLOW]
                )
            pages.sort(key=lambda page: page.first_published_at, reverse=True)
            if pages:
                news.append((follow, pages[:PAGES_PER_FOLLOW]))
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


@in_portal_language
def send_digests(frequency, now=None, after_each=None):
    """Queue this period's digest for every address that has news and is due one; how many.

    `after_each(email)` is called after each address's transaction: the tests stop the run
    there to show what a crash leaves.
    """
    run = Run(frequency, now or timezone.now())
    key = period_key(frequency, run.now)
    done = set(DigestSent.objects.filter(period=key).values_list("email", flat=True))
    queued = 0
    for email in sorted(run.recipients() - done):
        if _queue_digest(run, email, key):
            queued += 1
        if after_each is not None:
            after_each(email)
    return queued


@transaction.atomic
def _queue_digest(run, email, key):
    since = run.since(email)
    discussions = run.discussion_news(email, since)
    published = run.published_news(email, since)
    if not discussions and not published:
        return False
    try:
        with transaction.atomic():
            # The next digest's news starts where this one's ends.
            DigestSent.objects.create(email=email, period=key, created_at=run.until)
    except IntegrityError:
        # Another run got there first.
        return False
    queue_email(
        _("Nieuw voor je op Leergemeenschappen")
        if run.frequency == Frequency.DAILY
        else _("Deze week nieuw voor je op Leergemeenschappen"),
        "email/digest.txt",
        {
            "frequency": run.frequency,
            "discussions": discussions,
            "published": published,
            "preferences_url": links.preferences_url(email),
        },
        email,
        unsubscribe_url=links.unsubscribe_url("overzicht", email, run.frequency),
    )
    return True
