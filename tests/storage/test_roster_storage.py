"""The roster against the database, on SQLite and PostgreSQL: a group's present members come back
in one query after a restart, and first sight records a member without touching what a present
member already is."""

from __future__ import annotations

from datetime import timedelta

from bot.roster import Roster, Snapshot, name_key
from deliberation.clock import ManualClock
from storage.uow import UnitOfWorkFactory
from tests.members import CHAT, OTHER, seed_members


def snap(first: str, last: str | None, *, is_admin: bool = False, exempt: bool = False,
         name_ok: bool | None = None, restricted_by_bot: bool = False) -> Snapshot:
    return Snapshot(name_key(first, last), is_admin, False, exempt, name_ok, restricted_by_bot)


async def test_a_restart_brings_back_what_each_present_member_is(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    await seed_members(uow_factory, clock, 1, 2, 3, 4, 5)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, 1, name_ok=True, is_admin=True)
        await uow.chats.update_member(CHAT, 2, name_ok=False, restricted_by_bot=True, status="restricted")
        await uow.chats.update_member(CHAT, 3, exempt=True, last_name="海淀区")
        await uow.chats.update_member(CHAT, 4, status="left", name_ok=True)
        await uow.commit()
    roster = Roster()  # a new process
    async with uow_factory() as uow:
        await roster.load(uow, CHAT)
    assert len(roster) == 4 and roster.loaded(CHAT)
    assert roster.get(CHAT, 1) == snap("u1", None, is_admin=True, name_ok=True)
    assert roster.get(CHAT, 2) == snap("u2", None, name_ok=False, restricted_by_bot=True)
    assert roster.get(CHAT, 3) == snap("u3", "海淀区", exempt=True)
    assert roster.get(CHAT, 4) is None  # left
    assert roster.get(CHAT, 5) == snap("u5", None)
    assert roster.get(OTHER, 1) is None  # another group is loaded when it is first seen


async def test_first_sight_inserts_a_new_member_and_starts_a_new_spell_for_one_who_left(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    await seed_members(uow_factory, clock, 1)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, 1, status="left", name_ok=False, prune_warned_at=clock.now())
        await uow.commit()
    clock.advance(timedelta(days=2))
    roster = Roster()
    roster.admins[CHAT] = frozenset({7})
    async with uow_factory() as uow:
        back = await roster.first_sight(uow, CHAT, 1, first_name="张三-海淀区", last_name=None, is_bot=False,
                                        now=clock.now())
        new = await roster.first_sight(uow, CHAT, 7, first_name="Admin", last_name="A", is_bot=False,
                                       now=clock.now())
        await uow.commit()
    assert back is not None and new is not None
    assert (back.status, back.first_name, back.name_ok) == ("member", "张三-海淀区", None)
    assert back.prune_warned_at is None
    assert back.joined_at == back.last_active_at == clock.now()
    assert (new.status, new.is_admin, new.joined_at, new.tag) == ("member", True, clock.now(), None)
    async with uow_factory() as uow:
        stored = await uow.chats.get_member(CHAT, 7)
    assert stored == new


async def test_first_sight_of_a_present_member_keeps_the_name_their_verdict_is_about(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    await seed_members(uow_factory, clock, 1)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, 1, name_ok=True, exempt=True)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.chats.sight_member(CHAT, 1, first_name="renamed", last_name=None, is_bot=False,
                                             now=clock.now() + timedelta(hours=1))
        await uow.commit()
    assert (found.first_name, found.name_ok, found.exempt) == ("u1", True, True)
    async with uow_factory() as uow:
        assert await uow.chats.get_member(CHAT, 1) == found
