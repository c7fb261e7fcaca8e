"""The real-name rule's queries, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from deliberation.clock import ManualClock
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWorkFactory
from tests.members import CHAT, OTHER, seed_members


async def test_non_compliant_members_are_listed_soonest_deadline_first_without_the_exempt(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    await seed_members(uow_factory, clock, 1, 2, 3, 4, 5)
    now = clock.now()
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, 1, name_ok=False, grace_until=now + timedelta(hours=2))
        await uow.chats.update_member(CHAT, 2, name_ok=False, grace_until=now + timedelta(hours=1))
        await uow.chats.update_member(CHAT, 3, name_ok=False, exempt=True)
        await uow.chats.update_member(CHAT, 4, name_ok=True)
        await uow.chats.update_member(CHAT, 5, name_ok=False, status="left")
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.repo(NameRepository).non_compliant(CHAT)
    assert [m.user_id for m in listed] == [2, 1]


async def test_a_user_restricted_in_two_groups_is_found_in_both(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    await seed_members(uow_factory, clock, 1, 2)
    async with uow_factory() as uow:
        for chat_id in (CHAT, OTHER):
            await uow.chats.update_member(chat_id, 1, restricted_by_bot=True)
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(NameRepository)
        assert sorted(m.chat_id for m in await repo.restricted_of_user(1)) == [OTHER, CHAT]
        assert await repo.restricted_of_user(2) == []
        assert await repo.restricted_user_ids() == {1}


async def test_a_removal_is_pending_until_it_is_finished(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    await seed_members(uow_factory, clock, 1)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, 1, status="removing")
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(NameRepository)
        assert [(m.chat_id, m.user_id) for m in await repo.removing()] == [(CHAT, 1)]
        await repo.finish_removal(CHAT, 1)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo(NameRepository).removing() == []
        member = await uow.chats.get_member(CHAT, 1)
        assert member is not None and member.status == "removed"


async def test_the_last_real_name_step_of_a_member_is_remembered(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    async with uow_factory() as uow:
        repo = uow.repo(NameRepository)
        assert await repo.last_action(CHAT, 1) is None
        uow.audit.add(at=clock.now(), action="name_restricted", chat_id=CHAT, subject_id=1)
        uow.audit.add(at=clock.now(), action="warn", chat_id=CHAT, subject_id=1)
        uow.audit.add(at=clock.now(), action="name_restored", chat_id=OTHER, subject_id=1)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo(NameRepository).last_action(CHAT, 1) == "name_restricted"
