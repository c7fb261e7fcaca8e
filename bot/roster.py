"""What the bot knows about members, kept in memory so ordinary messages never touch the database.

Telegram gives a bot no member list: the roster is built from what it sees. A member is loaded
(or inserted) on first sight in a process and then served from memory; features that change a
member update the database in their unit of work and then refresh the snapshot here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.records import MemberRecord
from storage.uow import UnitOfWork


@dataclass(slots=True)
class Snapshot:
    status: str
    first_name: str
    last_name: str | None
    is_admin: bool
    is_bot: bool
    exempt: bool
    name_ok: bool | None
    restricted_by_bot: bool

    @classmethod
    def of(cls, m: MemberRecord) -> Snapshot:
        return cls(
            m.status, m.first_name, m.last_name, m.is_admin, m.is_bot, m.exempt, m.name_ok,
            m.restricted_by_bot,
        )


class Roster:
    def __init__(self) -> None:
        self._members: dict[tuple[int, int], Snapshot] = {}
        self.admins: dict[int, frozenset[int]] = {}

    def get(self, chat_id: int, user_id: int) -> Snapshot | None:
        return self._members.get((chat_id, user_id))

    def put(self, record: MemberRecord) -> Snapshot:
        snapshot = self._members[(record.chat_id, record.user_id)] = Snapshot.of(record)
        return snapshot

    def forget(self, chat_id: int, user_id: int) -> None:
        self._members.pop((chat_id, user_id), None)

    def __len__(self) -> int:
        return len(self._members)

    async def sight(
        self,
        uow: UnitOfWork,
        chat_id: int,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        is_bot: bool,
        now: datetime,
    ) -> Snapshot:
        """The member's snapshot, loading or recording them on first sight in this process."""
        found = self._members.get((chat_id, user_id))
        if found is not None:
            return found
        record = await uow.chats.get_member(chat_id, user_id)
        if record is None or not record.present:
            record = await uow.chats.ensure_member(
                chat_id, user_id, first_name=first_name, last_name=last_name, is_bot=is_bot,
                now=now, is_admin=user_id in self.admins.get(chat_id, frozenset()),
            )
        return self.put(record)
