"""The in-memory roster: what a snapshot says survives packing, members come and go, and a
group's load from the database never overrides what was learnt meanwhile."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.roster import Roster, Snapshot, name_key
from deliberation.chats import MemberRecord, RosterRow

CHAT, OTHER = -1001, -1002
NOW = datetime(2026, 11, 2, tzinfo=UTC)


def record(user_id: int, chat_id: int = CHAT, *, first: str = "张三-海淀区", last: str | None = None,
           **flags: Any) -> MemberRecord:
    values: dict[str, Any] = {"is_bot": False, "is_admin": False, "exempt": False, "name_ok": None,
                              "restricted_by_bot": False, **flags}
    return MemberRecord(
        chat_id, user_id, first, last, values["is_bot"], values["is_admin"], values["exempt"], "member",
        values["name_ok"], None, None, values["restricted_by_bot"], None, NOW, NOW, None, 0, None,
    )


def row(user_id: int, **flags: Any) -> RosterRow:
    r = record(user_id, **flags)
    return RosterRow(r.user_id, r.first_name, r.last_name, r.is_bot, r.is_admin, r.exempt, r.name_ok,
                     r.restricted_by_bot)


@dataclass
class FakeChats:
    rows: dict[int, list[RosterRow]] = field(default_factory=dict)
    loads: int = 0

    async def roster_rows(self, chat_id: int) -> list[RosterRow]:
        self.loads += 1
        return self.rows.get(chat_id, [])


@dataclass
class FakeUow:
    chats: FakeChats = field(default_factory=FakeChats)


@pytest.mark.parametrize(
    ("is_admin", "is_bot", "exempt", "name_ok", "restricted"),
    list(itertools.product([False, True], [False, True], [False, True], [None, False, True], [False, True])),
)
def test_every_combination_of_flags_survives_packing(
    is_admin: bool, is_bot: bool, exempt: bool, name_ok: bool | None, restricted: bool
) -> None:
    snapshot = Snapshot(name_key("王小明", "海淀区"), is_admin, is_bot, exempt, name_ok, restricted)
    assert Snapshot.unpack(snapshot.pack()) == snapshot


def test_the_snapshot_knows_the_name_it_was_made_for() -> None:
    snapshot = Snapshot.of(record(1, first="张三", last="海淀区"))
    assert snapshot.same_name("张三", "海淀区")
    assert not snapshot.same_name("张三-海淀区", None)
    assert not snapshot.same_name("张三", None)


def test_members_are_kept_per_group_and_forgotten() -> None:
    roster = Roster()
    for uid in (30, 10, 20):
        roster.put(record(uid, name_ok=True))
    roster.put(record(10, OTHER, is_admin=True))
    assert len(roster) == 4
    assert roster.get(CHAT, 20) == Snapshot.of(record(20, name_ok=True))
    assert roster.get(CHAT, 15) is None and roster.get(-9, 10) is None
    assert roster.get(OTHER, 10) is not None and roster.get(OTHER, 10).is_admin  # type: ignore[union-attr]
    roster.put(record(20, restricted_by_bot=True, name_ok=False))  # replaced, not added
    assert len(roster) == 4 and roster.get(CHAT, 20).restricted_by_bot  # type: ignore[union-attr]
    roster.forget(CHAT, 20)
    roster.forget(CHAT, 99)
    assert roster.get(CHAT, 20) is None and len(roster) == 3
    assert roster.get(CHAT, 10) is not None and roster.get(CHAT, 30) is not None


def test_a_promotion_shows_at_once() -> None:
    roster = Roster()
    roster.put(record(1, name_ok=True))
    roster.set_admin(CHAT, 1, True)
    assert roster.get(CHAT, 1) == Snapshot.of(record(1, name_ok=True, is_admin=True))
    roster.set_admin(CHAT, 1, False)
    assert roster.get(CHAT, 1) == Snapshot.of(record(1, name_ok=True))
    roster.set_admin(CHAT, 2, True)  # not known: nothing to change
    assert roster.get(CHAT, 2) is None


async def test_a_group_is_loaded_once_and_what_was_learnt_meanwhile_wins() -> None:
    roster, uow = Roster(), FakeUow()
    uow.chats.rows[CHAT] = [row(1, name_ok=True), row(2, name_ok=True), row(3, name_ok=True)]
    roster.put(record(2, name_ok=False, restricted_by_bot=True))  # restricted after the row was read
    roster.forget(CHAT, 3)  # left, not yet committed when the row was read
    await roster.load(uow, CHAT)  # type: ignore[arg-type]
    await roster.load(uow, CHAT)  # type: ignore[arg-type]
    assert uow.chats.loads == 1 and roster.loaded(CHAT) and not roster.loaded(OTHER)
    assert roster.get(CHAT, 1) == Snapshot.of(record(1, name_ok=True))
    assert roster.get(CHAT, 2).restricted_by_bot  # type: ignore[union-attr]
    assert roster.get(CHAT, 3) is None
    assert len(roster) == 2


async def test_a_member_the_load_brought_in_needs_no_first_sight() -> None:
    roster, uow = Roster(), FakeUow()
    uow.chats.rows[CHAT] = [row(1, name_ok=True, exempt=True)]
    found = await roster.first_sight(uow, CHAT, 1, first_name="x", last_name=None, is_bot=False, now=NOW)  # type: ignore[arg-type]
    assert found is None and roster.get(CHAT, 1) == Snapshot.of(record(1, name_ok=True, exempt=True))
