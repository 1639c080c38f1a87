"""Who someone is in a community's discussions, and what that lets them do.

The same circle as the workspace's view restriction (communities.roles.restrict_workspace):
the community's members and moderators, and the editors and administrators of the portal.
"""

from enum import IntEnum

from django.conf import settings
from django.utils import timezone

from communities.roles import is_editor, memoised


class Role(IntEnum):
    OUTSIDER = 0
    MEMBER = 1
    # Moderators of the community, and the editors and administrators: they keep order.
    MODERATOR = 2


def _group_ids(user):
    return memoised(user, "group_ids", lambda: frozenset(user.groups.values_list("pk", flat=True)))


def role_in(user, community):
    """`user`'s role in the discussions of `community` (a live CommunityPage)."""
    if not user.is_authenticated or not user.is_active:
        return Role.OUTSIDER
    if is_editor(user):
        return Role.MODERATOR
    groups = _group_ids(user)
    if community.moderators_group_id in groups:
        return Role.MODERATOR
    if community.members_group_id in groups:
        return Role.MEMBER
    return Role.OUTSIDER


def can_edit(user, post, now=None):
    """Its author, for DISCUSSION_EDIT_MINUTES after writing it, while it and its discussion
    are open."""
    if post.is_removed or post.author_id is None or post.author_id != user.pk:
        return False
    if post.discussion.closed:
        return False
    now = now or timezone.now()
    return (now - post.created_at).total_seconds() < settings.DISCUSSION_EDIT_MINUTES * 60


def can_delete(user, post):
    """Its author, at any time."""
    return not post.is_removed and post.author_id is not None and post.author_id == user.pk


def can_write(role, discussion):
    """Reply: every member while the discussion is open; moderators also when it is closed."""
    return role >= Role.MODERATOR or (role >= Role.MEMBER and not discussion.closed)
