"""Groups, users and members as the bot has recorded them.

Telegram gives a bot no member list, so a member is whoever the bot has seen join, speak, be
promoted or ask to join; a member row outlives leaving, and ``status`` says whether they are in
the group now. :data:`PRESENT_STATES` is that rule, for the records here and the storage queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

# The recorded statuses of a member who is in the group (a read-only member is still in it).
PRESENT_STATES = frozenset({"member", "restricted"})


@dataclass(frozen=True, slots=True)
class ChatRecord:
    id: int
    title: str
    type: str
    configured: bool
    state: str
    bot_rights: dict[str, Any]  # the JSON Telegram reported, as the column hands it back


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
        return self.status in PRESENT_STATES


class RosterRow(NamedTuple):
    """What the in-memory roster keeps of a present member (see ``bot.roster``): a named tuple,
    since a large group's whole roster is loaded at once."""

    user_id: int
    first_name: str
    last_name: str | None
    is_bot: bool
    is_admin: bool
    exempt: bool
    name_ok: bool | None
    restricted_by_bot: bool
