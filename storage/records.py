"""Plain data handed out by repositories: ORM objects never leave ``storage/``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ChatRecord:
    id: int
    title: str
    type: str
    configured: bool
    state: str
    bot_rights: dict[str, Any]


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    is_bot: bool
    language_code: str | None
    private_chat: bool
    blocked: bool
    real_name: str | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class MemberRecord:
    chat_id: int
    user_id: int
    first_name: str
    last_name: str | None
    is_bot: bool
    is_admin: bool
    exempt: bool
    status: str
    name_ok: bool | None
    name_reason: str | None
    grace_until: datetime | None
    restricted_by_bot: bool
    tag: str | None
    joined_at: datetime
    last_active_at: datetime
    prune_warned_at: datetime | None
    warn_count: int
    muted_until: datetime | None

    @property
    def present(self) -> bool:
        return self.status in ("member", "restricted")


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    id: int
    key: str
    kind: str
    chat_id: int
    method: str
    params: dict[str, Any]
    fallback_chat_id: int | None
    due_at: datetime
    attempts: int
    state: str
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    chat_id: int | None
    actor_id: int | None
    subject_id: int | None
    action: str
    reason: str | None
    data: dict[str, Any]
