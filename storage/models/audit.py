"""The append-only audit log, the job claims, and the outbox.

Claims and the outbox are what let several replicas share one database: a scheduled job inserts
a row per job and period before it runs (only one process can), and every message a job sends is
written to the outbox in the same transaction as the decision behind it, then delivered and marked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_chat_at", "chat_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    chat_id: Mapped[int | None]
    actor_id: Mapped[int | None]  # None: the bot itself
    subject_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(48))
    reason: Mapped[str | None] = mapped_column(String(256))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Claim(Base):
    """A row per job and period: whoever inserts it runs the job; ``done_at`` marks completion."""

    __tablename__ = "claims"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(128), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), default="")
    claimed_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


class Watermark(Base):
    """How far a job has read a growing table (the last row id it acted on), moved forward in the
    same transaction as what it queued, so a restart or a second replica never acts twice."""

    __tablename__ = "watermarks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class OutboxMessage(Base):
    """One Bot API call to make (usually sendMessage), written before it is made.

    ``key`` is unique, so deciding the same thing twice (a restart, a second replica) cannot queue
    a second copy; ``sent_at`` is set once Telegram accepted it.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "due_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[int]
    method: Mapped[str] = mapped_column(String(32), default="sendMessage")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fallback_chat_id: Mapped[int | None]
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    last_error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # "<instance>#<run>#<take>" while leased: a restart of the instance releases its rows at once
    leased_by: Mapped[str | None] = mapped_column(String(96))
