"""Models of the communities app, one module per part of the domain."""

from .directory import ContactMessage, ExpertDirectoryPage
from .membership import MembershipRequest, MembershipRequestStatus
from .monitor import (
    BuildingBlock,
    BuildingBlockScore,
    EvaluationParticipation,
    RespondentRole,
    SelfEvaluation,
)
from .pages import (
    CommunityForm,
    CommunityIndexPage,
    CommunityPage,
    CommunityRole,
    CommunityRoleType,
    CommunityStatus,
    HarvestItem,
    MeetingFormat,
)
from .people import Person
from .workspace import WorkspaceItemPage, WorkspacePage

__all__ = [
    "BuildingBlock",
    "BuildingBlockScore",
    "CommunityForm",
    "CommunityIndexPage",
    "CommunityPage",
    "CommunityRole",
    "CommunityRoleType",
    "CommunityStatus",
    "ContactMessage",
    "EvaluationParticipation",
    "ExpertDirectoryPage",
    "HarvestItem",
    "MeetingFormat",
    "MembershipRequest",
    "MembershipRequestStatus",
    "Person",
    "RespondentRole",
    "SelfEvaluation",
    "WorkspaceItemPage",
    "WorkspacePage",
]
