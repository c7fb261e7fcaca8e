"""Consultations (征求意见) and their opinions, the groups' FAQ entries, corrections (辟谣), and the
members who asked not to hear the outcome of proposals they support."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        # the command that asked for it: a redelivered update finds it instead of opening another
        UniqueConstraint("origin_chat_id", "origin_message_id", name="uq_consultations_origin"),
        Index("ix_consultations_state", "state", "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    chat_id: Mapped[int]  # 0 while a draft waits for its group
    official_id: Mapped[int]
    origin_chat_id: Mapped[int]
    origin_message_id: Mapped[int]
    topic: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    background: Mapped[str] = mapped_column(Text, default="")
    poll_options: Mapped[list[Any]] = mapped_column(default=list)
    poll_counts: Mapped[list[Any]] = mapped_column(default=list)
    poll_voters: Mapped[int] = mapped_column(default=0)
    # the update that brought the counts: updates are handled concurrently, the latest one wins
    poll_update_id: Mapped[int] = mapped_column(default=0)
    poll_id: Mapped[str | None] = mapped_column(String(64), index=True)
    poll_message_id: Mapped[int | None]
    message_id: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(16), default="draft")  # draft | open | closed | concluded
    created_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    closes_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    conclusion: Mapped[str | None] = mapped_column(Text)
    concluded_at: Mapped[datetime | None]
    conclusion_message_id: Mapped[int | None]


class Opinion(Base):
    __tablename__ = "consultation_opinions"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_consultation_opinions_message"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int]
    message_id: Mapped[int]
    author_id: Mapped[int]
    # as proposals record their author: the real name and the unit (both "" once erased, or the
    # unit alone where the group shows erased authors by unit)
    author_name: Mapped[str] = mapped_column(String(64), default="")
    author_unit: Mapped[str] = mapped_column(String(64), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class OpinionSupport(Base):
    """A member's reaction to an opinion: one support per member, never the author's own."""

    __tablename__ = "opinion_supports"

    opinion_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_opinions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]


class FaqItem(Base):
    __tablename__ = "faq_entries"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(index=True)
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    answer: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(256), default="")
    source: Mapped[str] = mapped_column(String(16), default="command")  # config | command | proposal
    proposal_number: Mapped[int | None]
    created_by: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Correction(Base):
    """An official clarification (辟谣): who, when, on which message, what it said."""

    __tablename__ = "corrections"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_corrections_message"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    chat_id: Mapped[int]
    message_id: Mapped[int]  # the corrected message
    author_id: Mapped[int | None]  # who wrote the corrected message
    moderator_id: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    clarification_message_id: Mapped[int | None]
    deleted_original: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime]


class FollowOptOut(Base):
    """A member who turned off hearing the outcome of proposals they support."""

    __tablename__ = "follow_optouts"

    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
