"""Models of the communities app, one module per part of the domain."""

from .membership import MembershipRequest, MembershipRequestStatus
from .pages import (
    CommunityForm,
    CommunityIndexPage,
    CommunityPage,
    CommunityRole,
    CommunityRoleType,
    CommunityStatus,
    MeetingFormat,
)
from .people import Person
from .workspace import WorkspaceItemPage, WorkspacePage

__all__ = [
    "CommunityForm",
    "CommunityIndexPage",
    "CommunityPage",
    "CommunityRole",
    "CommunityRoleType",
    "CommunityStatus",
    "MeetingFormat",
    "MembershipRequest",
    "MembershipRequestStatus",
    "Person",
    "WorkspaceItemPage",
    "WorkspacePage",
]
