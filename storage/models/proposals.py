"""Proposals (建言), their versions, supports, handling history and deadline cards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id", name="uq_proposals_chat_message"),
        Index("ix_proposals_dup", "author_id", "dup_key", "created_at"),
        Index("ix_proposals_state", "state", "created_at"),
        # the public board's filters, newest first: a page and its count read the index alone
        Index("ix_proposals_state_number", "state", "number"),
        Index("ix_proposals_card_number", "card_level", "number"),
    )

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    chat_id: Mapped[int]
    message_id: Mapped[int]
    author_id: Mapped[int]
    author_name: Mapped[str] = mapped_column(String(64), default="")
    author_unit: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    dup_key: Mapped[str] = mapped_column(String(64))
    link: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # submitted | accepted | answered | closed | rejected | merged
    state: Mapped[str] = mapped_column(String(16), default="submitted")
    ack_message_id: Mapped[int | None]
    merged_into: Mapped[int | None]
    reject_reason: Mapped[str | None] = mapped_column(Text)
    accepted_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[int | None]
    answer_text: Mapped[str | None] = mapped_column(Text)
    answer_message_id: Mapped[int | None]
    on_time: Mapped[bool | None]
    rating: Mapped[str | None] = mapped_column(String(16))
    rated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    card_level: Mapped[int] = mapped_column(default=0)
    # accountability (0002): the first reply (interim or final), the current promise, rework, 采纳
    replied_at: Mapped[datetime | None]
    promised_by: Mapped[datetime | None]
    promises: Mapped[int] = mapped_column(default=0)  # the promise's round: 1, 2 after an extension
    promise_kept: Mapped[bool | None]  # set by the final answer when a promise was made
    reworks: Mapped[int] = mapped_column(default=0)  # unsatisfied ratings so far
    adopted_at: Mapped[datetime | None]
    adopted_by: Mapped[int | None]
    adopt_note: Mapped[str | None] = mapped_column(Text)


class ProposalDepartment(Base):
    __tablename__ = "proposal_departments"
    __table_args__ = (Index("ix_proposal_departments_department", "department_id", "number"),)

    number: Mapped[int] = mapped_column(
        ForeignKey("proposals.number", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    assigned_at: Mapped[datetime]


class ProposalVersion(Base):
    """Every earlier text of an edited proposal: nothing a member gave is ever lost."""

    __tablename__ = "proposal_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    number: Mapped[int] = mapped_column(ForeignKey("proposals.number", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class Support(Base):
    __tablename__ = "supports"

    number: Mapped[int] = mapped_column(
        ForeignKey("proposals.number", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]


class ProposalEvent(Base):
    """The handling history: who did what, when and why."""

    __tablename__ = "proposal_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    number: Mapped[int] = mapped_column(ForeignKey("proposals.number", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    department_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Card(Base):
    """A deadline card (yellow / red / urge), issued once per proposal and level."""

    __tablename__ = "cards"

    number: Mapped[int] = mapped_column(
        ForeignKey("proposals.number", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    issued_at: Mapped[datetime]
    age_seconds: Mapped[int]


class PromiseCard(Base):
    """A card for a promised completion date passed, issued once per proposal, promise round and
    level: inserting it is the claim."""

    __tablename__ = "promise_cards"

    number: Mapped[int] = mapped_column(
        ForeignKey("proposals.number", ondelete="CASCADE"), primary_key=True
    )
    round: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    level: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    issued_at: Mapped[datetime]
    overdue_seconds: Mapped[int]


class Draft(Base):
    """An interim reply or a final answer of a department under review (审核), waiting for a leader:
    pending, then approved (published) or returned with a note."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_number_state", "number", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    number: Mapped[int] = mapped_column(ForeignKey("proposals.number", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # progress | answer
    department_id: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int]  # the official who wrote it
    text: Mapped[str] = mapped_column(Text)
    promised_by: Mapped[datetime | None]
    created_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by: Mapped[int | None]
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)


class PendingQuestion(Base):
    """A question the bot asked someone privately and whose answer is their next plain message:
    an author's rework reason (``rework``: the proposal) or a leader's note on a returned draft
    (``return``: the draft). One per person: a newer question replaces the older."""

    __tablename__ = "pending_questions"

    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[int]
    asked_at: Mapped[datetime]


class SupervisionScore(Base):
    """A supervisor's (问政监督员) score of a department for a month, 1 to 5."""

    __tablename__ = "supervision_scores"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2026-11
    supervisor_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    department_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[int]
    at: Mapped[datetime]
