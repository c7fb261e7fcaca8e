"""All tables; importing this module registers every model on ``Base.metadata``."""

from storage.models.audit import AuditEntry, Claim, OutboxMessage, Watermark
from storage.models.base import Base, UTCDateTime
from storage.models.chats import ActiveDay, Chat, GroupDay, JoinRequest, Member, User
from storage.models.consultations import (
    Consultation,
    Correction,
    FaqItem,
    FollowOptOut,
    Opinion,
    OpinionSupport,
)
from storage.models.moderation import Report
from storage.models.proposals import (
    Card,
    Draft,
    PendingQuestion,
    PromiseCard,
    Proposal,
    ProposalDepartment,
    ProposalEvent,
    ProposalVersion,
    SupervisionScore,
    Support,
)

__all__ = [
    "ActiveDay",
    "AuditEntry",
    "Base",
    "Card",
    "Chat",
    "Claim",
    "Consultation",
    "Correction",
    "Draft",
    "FaqItem",
    "FollowOptOut",
    "GroupDay",
    "JoinRequest",
    "Member",
    "Opinion",
    "OpinionSupport",
    "OutboxMessage",
    "PendingQuestion",
    "PromiseCard",
    "Proposal",
    "ProposalDepartment",
    "ProposalEvent",
    "ProposalVersion",
    "Report",
    "SupervisionScore",
    "Support",
    "UTCDateTime",
    "User",
    "Watermark",
]
