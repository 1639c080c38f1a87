"""`@naam` in a post: the handle of each person in the community's discussions.

A handle is the person's name as a slug (`@jan-de-vries`), never their username, which is their
email address for accounts made on joining. Two people with the same name get their account's
number after it; someone without a name is `@lid-<number>`.
"""

import re
from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import slugify

MENTION = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9-]*)", re.IGNORECASE)


def _base_handle(user):
    return slugify(user.get_full_name()) or f"lid-{user.pk}"


def community_people(community):
    """The active accounts of the community's members and moderators, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__pk=community.members_group_id) | Q(groups__pk=community.moderators_group_id)
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def handles(people):
    """handle -> user for `people`."""
    people = list(people)
    counts = Counter(_base_handle(user) for user in people)
    found = {}
    for user in people:
        base = _base_handle(user)
        found[base if counts[base] == 1 else f"{base}-{user.pk}"] = user
    return found


def mentioned(text, people):
    """Those of `people` (a community's, community_people) that `text` mentions, once each."""
    names = {match.group(1).lower() for match in MENTION.finditer(text)}
    if not names:
        return []
    return [user for handle, user in handles(people).items() if handle in names]
