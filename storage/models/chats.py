"""Chats, the members the bot has seen in them, and the users behind those members.

Telegram gives a bot no member list, so the roster is built from what the bot sees.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Chat(Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(256), default="")
    type: Mapped[str] = mapped_column(String(16), default="supergroup")
    configured: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), default="active")  # active | left
    bot_rights: Mapped[dict[str, Any]] = mapped_column(default=dict)
    admins_refreshed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class User(Base):
    """A Telegram user as last seen, and whether they opened a private chat with the bot."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(256), default="")
    last_name: Mapped[str | None] = mapped_column(String(256))
    username: Mapped[str | None] = mapped_column(String(64))
    is_bot: Mapped[bool] = mapped_column(default=False)
    language_code: Mapped[str | None] = mapped_column(String(16))
    private_chat: Mapped[bool] = mapped_column(default=False)
    blocked: Mapped[bool] = mapped_column(default=False)
    real_name: Mapped[str | None] = mapped_column(String(64))  # registered with /iam
    unit: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        Index("ix_members_chat_active", "chat_id", "last_active_at"),
        Index("ix_members_grace", "grace_until"),
    )

    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(256), default="")
    last_name: Mapped[str | None] = mapped_column(String(256))
    is_bot: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    exempt: Mapped[bool] = mapped_column(default=False)  # exempted by a moderator (/exempt)
    # member | restricted | left | removed | kicked
    status: Mapped[str] = mapped_column(String(16), default="member")
    name_ok: Mapped[bool | None]
    name_reason: Mapped[str | None] = mapped_column(String(32))
    grace_until: Mapped[datetime | None]
    restricted_by_bot: Mapped[bool] = mapped_column(default=False)
    tag: Mapped[str | None] = mapped_column(String(32))
    joined_at: Mapped[datetime]
    last_active_at: Mapped[datetime]
    prune_warned_at: Mapped[datetime | None]
    warn_count: Mapped[int] = mapped_column(default=0)
    muted_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    # set when the member's data was erased while a sanction on this row still runs (see
    # deliberation.privacy): the row then holds no name, only what the sanction needs
    erased_at: Mapped[datetime | None]


class ActiveDay(Base):
    """One row per member active on a local day, for the digests' "active members" count."""

    __tablename__ = "active_days"

    chat_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, group's local time
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class GroupDay(Base):
    """Counters of one group's local day, for the digests."""

    __tablename__ = "group_days"

    chat_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    messages: Mapped[int] = mapped_column(default=0)
    joins: Mapped[int] = mapped_column(default=0)
    removals: Mapped[int] = mapped_column(default=0)
    name_problems: Mapped[int] = mapped_column(default=0)


class JoinRequest(Base):
    """A chat_join_request, kept so the waiting list survives a restart."""

    __tablename__ = "join_requests"
    __table_args__ = (Index("ix_join_requests_queue", "chat_id", "state", "requested_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    chat_id: Mapped[int]
    user_id: Mapped[int]
    user_chat_id: Mapped[int | None]
    first_name: Mapped[str] = mapped_column(String(256), default="")
    last_name: Mapped[str | None] = mapped_column(String(256))
    requested_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default="queued")  # queued | approved | declined | gone
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(String(64))
