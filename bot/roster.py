"""What the bot knows about members, kept in memory so ordinary messages never touch the database.

Telegram gives a bot no member list: the roster is built from what it sees and what the database
remembers. The first time a process sees a group, the group's present members are loaded in one
query (:meth:`Roster.load`), so after a restart known members cost no database round-trip each; a
member missing after that is new (or back after leaving) and is recorded with one read and one
insert (:meth:`Roster.sight`). Features that change a member update the database in their unit of
work and then refresh the snapshot here.

A bot may know a thousand groups of hundreds of members each, so a member costs 16 bytes here,
not Python objects: per group a sorted array of user ids and, alongside, one 64-bit word with
the flags the hot path reads and a fingerprint of the display name that was judged.
:class:`Snapshot` objects are made on demand and are only a reading of that word.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from deliberation.chats import MemberRecord, RosterRow
from storage.uow import UnitOfWork

_ADMIN, _BOT, _EXEMPT, _JUDGED, _NAME_OK, _RESTRICTED = 1, 2, 4, 8, 16, 32
_KEY_SHIFT = 8
NAME_KEY_BITS = 56
_NAME_MASK = (1 << NAME_KEY_BITS) - 1


def name_key(first_name: str, last_name: str | None) -> int:
    """A 56-bit fingerprint of a display name, enough to notice a rename without keeping the name.

    Two names share one with probability 2**-56; str hashes are salted per process, so nobody can
    choose a name that collides with another (the roster lives no longer than the process)."""
    return hash((first_name, last_name)) & _NAME_MASK


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A member as the hot path sees them: the flags, and which display name was judged."""

    name_key: int  # name_key() of the name on record, the one name_ok is about
    is_admin: bool
    is_bot: bool
    exempt: bool
    name_ok: bool | None
    restricted_by_bot: bool

    @classmethod
    def of(cls, m: MemberRecord | RosterRow) -> Snapshot:
        return cls(
            name_key(m.first_name, m.last_name), m.is_admin, m.is_bot, m.exempt, m.name_ok,
            m.restricted_by_bot,
        )

    @classmethod
    def unpack(cls, word: int) -> Snapshot:
        return cls(
            word >> _KEY_SHIFT, bool(word & _ADMIN), bool(word & _BOT), bool(word & _EXEMPT),
            bool(word & _NAME_OK) if word & _JUDGED else None, bool(word & _RESTRICTED),
        )

    def same_name(self, first_name: str, last_name: str | None) -> bool:
        return self.name_key == name_key(first_name, last_name)

    def pack(self) -> int:
        return (
            (self.name_key & _NAME_MASK) << _KEY_SHIFT
            | (_ADMIN if self.is_admin else 0)
            | (_BOT if self.is_bot else 0)
            | (_EXEMPT if self.exempt else 0)
            | (0 if self.name_ok is None else _JUDGED | (_NAME_OK if self.name_ok else 0))
            | (_RESTRICTED if self.restricted_by_bot else 0)
        )


class _Members:
    """One group's members: sorted user ids and their packed snapshots, at the same positions.
    Arrays, not a dict: no object per member, and no allocation that outlives a message except
    the arrays' own (rare) growth."""

    __slots__ = ("ids", "words")

    def __init__(self) -> None:
        self.ids = array("q")
        self.words = array("Q")

    def find(self, user_id: int) -> int:
        """The position of ``user_id``, or ``-1 - insertion point`` when absent."""
        ids = self.ids
        at = bisect_left(ids, user_id)
        return at if at < len(ids) and ids[at] == user_id else -1 - at


class Roster:
    def __init__(self) -> None:
        self._chats: dict[int, _Members] = {}
        self._count = 0
        self._loaded: set[int] = set()
        # forgotten before the chat was loaded: a load that read the row before that change was
        # committed must not bring them back
        self._gone: dict[int, set[int]] = {}
        self.admins: dict[int, frozenset[int]] = {}
        # several replicas: told of every change made here (kind, chat, user, admin), so that the
        # others drop what they cached (bot.replicas.changes); None when the process runs alone
        self.listener: Callable[[str, int, int, bool], None] | None = None

    def get(self, chat_id: int, user_id: int) -> Snapshot | None:
        members = self._chats.get(chat_id)
        if members is None:
            return None
        at = members.find(user_id)
        return Snapshot.unpack(members.words[at]) if at >= 0 else None

    def put(self, record: MemberRecord) -> Snapshot:
        snapshot = Snapshot.of(record)
        self._store(record.chat_id, record.user_id, snapshot.pack())
        if self.listener is not None:
            self.listener("member", record.chat_id, record.user_id, False)
        return snapshot

    def _store(self, chat_id: int, user_id: int, word: int) -> None:
        members = self._chats.get(chat_id)
        if members is None:
            members = self._chats[chat_id] = _Members()
        at = members.find(user_id)
        if at >= 0:
            members.words[at] = word
            return
        at = -1 - at
        members.ids.insert(at, user_id)
        members.words.insert(at, word)
        self._count += 1

    def forget(self, chat_id: int, user_id: int) -> None:
        if self.listener is not None:
            self.listener("member", chat_id, user_id, False)
        if chat_id not in self._loaded:
            self._gone.setdefault(chat_id, set()).add(user_id)
        members = self._chats.get(chat_id)
        if members is None:
            return
        at = members.find(user_id)
        if at >= 0:
            del members.ids[at]
            del members.words[at]
            self._count -= 1

    def set_admin(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        """Promoted or demoted: the snapshot follows at once (the database in the same update)."""
        if self.listener is not None:
            self.listener("admin", chat_id, user_id, is_admin)
        self.apply_admin(chat_id, user_id, is_admin)

    def apply_admin(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        members = self._chats.get(chat_id)
        at = members.find(user_id) if members is not None else -1
        if members is not None and at >= 0:
            word = members.words[at]
            members.words[at] = word | _ADMIN if is_admin else word & ~_ADMIN

    def evict(self, chat_id: int, user_id: int) -> None:
        """Another replica changed this member: drop the snapshot, so that the next update about
        them reads the row again (``first_sight`` finds them recorded)."""
        members = self._chats.get(chat_id)
        at = members.find(user_id) if members is not None else -1
        if members is not None and at >= 0:
            del members.ids[at]
            del members.words[at]
            self._count -= 1

    def evict_all(self) -> None:
        """Changes may have been missed (the change feed was away): every group is read again."""
        self._chats.clear()
        self._loaded.clear()
        self._gone.clear()
        self._count = 0

    def loaded(self, chat_id: int) -> bool:
        return chat_id in self._loaded

    def __len__(self) -> int:
        return self._count

    async def load(self, uow: UnitOfWork, chat_id: int) -> None:
        """The group's present members in one query, once per process: what a member is survives
        restarts in the database, and is read back here rather than one member at a time.
        Snapshots already here (put after their own read or write) are newer and are kept."""
        if chat_id in self._loaded:
            return
        rows = await uow.chats.roster_rows(chat_id)
        if chat_id in self._loaded:  # loaded by a concurrent update meanwhile
            return
        gone = self._gone.pop(chat_id, set())
        existing = self._chats.get(chat_id)
        known = dict(zip(existing.ids, existing.words, strict=True)) if existing is not None else {}
        merged = dict(known)
        for r in rows:
            if r.user_id not in gone and r.user_id not in known:
                merged[r.user_id] = Snapshot.of(r).pack()
        members = self._chats[chat_id] = _Members()  # built in one go: no insertion one at a time
        for user_id in sorted(merged):
            members.ids.append(user_id)
            members.words.append(merged[user_id])
        self._count += len(merged) - len(known)
        self._loaded.add(chat_id)

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
    ) -> tuple[Snapshot, MemberRecord | None]:
        """The member's snapshot, recording them on first sight (a new spell if they had left); and
        their record when it was just written, so that nothing reads it again in this update."""
        found = self.get(chat_id, user_id)
        if found is not None:
            return found, None
        record = await self.first_sight(
            uow, chat_id, user_id, first_name=first_name, last_name=last_name, is_bot=is_bot, now=now
        )
        found = self.get(chat_id, user_id) if record is None else self.put(record)
        assert found is not None
        return found, record

    async def first_sight(
        self,
        uow: UnitOfWork,
        chat_id: int,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        is_bot: bool,
        now: datetime,
    ) -> MemberRecord | None:
        """For a member missing from the roster: their record as now written (inserted, or a new
        spell if they had left), for the caller to put here and to hand on, so that nothing reads
        it again in this update; None when loading the group brought them in."""
        if chat_id not in self._loaded:
            await self.load(uow, chat_id)
            if self.get(chat_id, user_id) is not None:
                return None
        return await uow.chats.sight_member(
            chat_id, user_id, first_name=first_name, last_name=last_name, is_bot=is_bot, now=now,
            is_admin=user_id in self.admins.get(chat_id, frozenset()),
        )
