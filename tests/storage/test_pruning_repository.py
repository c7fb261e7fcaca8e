"""The pruning repository on SQLite and PostgreSQL: roster, warnings once per spell, removals that
yield to a member who just spoke, pending Telegram calls, and the waiting list."""

from __future__ import annotations

from datetime import timedelta

from deliberation.clock import ManualClock
from storage.repositories.pruning import PruningRepository
from storage.uow import UnitOfWorkFactory

CHAT = -1001234567890


async def _members(uow_factory: UnitOfWorkFactory, clock: ManualClock, *user_ids: int) -> None:
    """Members joining one minute apart, in the order given."""
    async with uow_factory() as uow:
        await uow.chats.upsert_chat(CHAT, title="群", type="supergroup", configured=True, now=clock.now())
        for user_id in user_ids:
            await uow.chats.ensure_member(
                CHAT, user_id, first_name=f"u{user_id}", last_name=None, is_bot=False, now=clock.now()
            )
            clock.advance(60)
        await uow.commit()


async def test_the_roster_lists_present_members_longest_inactive_first(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await _members(uow_factory, clock, 3, 1, 2)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, 1, status="left")
        await uow.chats.write_activity({(CHAT, 3): clock.now()}, {}, {})
        await uow.commit()
    async with uow_factory() as uow:
        roster = await uow.repo(PruningRepository).roster(CHAT)
    assert [r.user_id for r in roster] == [2, 3]
    assert roster[1].last_active_at == clock.now() and roster[0].warned_at is None


async def test_a_member_is_marked_warned_once_per_inactivity_spell(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await _members(uow_factory, clock, 1, 2)
    cutoff = clock.now()
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        assert await repo.mark_warned(CHAT, [1, 2], now=clock.now(), inactive_since=cutoff) == {1, 2}
        assert await repo.mark_warned(CHAT, [1, 2], now=clock.now(), inactive_since=cutoff) == set()
        await uow.commit()
    clock.advance(60)
    async with uow_factory() as uow:  # member 1 speaks: a new spell, which may be warned again
        await uow.chats.write_activity({(CHAT, 1): clock.now()}, {}, {})
        await uow.commit()
    clock.advance(600)
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        marked = await repo.mark_warned(CHAT, [1, 2], now=clock.now(), inactive_since=clock.now())
        await uow.commit()
    assert marked == {1}


async def test_a_member_who_spoke_after_the_plan_is_not_marked(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await _members(uow_factory, clock, 1)
    planned = clock.now() - timedelta(seconds=60)  # the joining time the plan saw
    async with uow_factory() as uow:
        await uow.chats.write_activity({(CHAT, 1): clock.now()}, {}, {})
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        assert await repo.mark_warned(CHAT, [1], now=clock.now(), inactive_since=planned) == set()
        assert not await repo.mark_removed(CHAT, 1, last_active_at=planned, now=clock.now())
        assert await repo.mark_removed(CHAT, 1, last_active_at=clock.now(), now=clock.now())
        assert not await repo.mark_removed(CHAT, 1, last_active_at=clock.now(), now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        member = await uow.chats.get_member(CHAT, 1)
    assert member is not None and member.status == "removed"


async def test_a_call_decided_but_not_confirmed_is_listed_until_finished(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        await repo.begin("remove", f"{CHAT}:1:0", now=clock.now())
        await repo.begin("remove", f"{CHAT}:1:0", now=clock.now())  # deciding twice records once
        await repo.begin("approved", "7", now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        assert await repo.unfinished("remove") == [f"{CHAT}:1:0"]
        await repo.finish("remove", f"{CHAT}:1:0", now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        assert await repo.unfinished("remove") == [] and await repo.unfinished("approved") == ["7"]


async def test_the_waiting_list_keeps_arrival_order_and_decides_each_request_once(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        for user_id in (5, 6, 7):
            await repo.add_request(
                CHAT, user_id, user_chat_id=user_id, first_name=f"u{user_id}", last_name=None, now=clock.now()
            )
            clock.advance(1)
        # asking again (after a rename) keeps the place in line, with the new name
        again = await repo.add_request(
            CHAT, 5, user_chat_id=5, first_name="张五-海淀区", last_name=None, now=clock.now()
        )
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        queue = await repo.queued(CHAT)
        assert [r.user_id for r in queue] == [5, 6, 7] and queue[0].first_name == "张五-海淀区"
        assert [await repo.position(r) for r in queue] == [1, 2, 3] and again.id == queue[0].id
        assert await repo.chats_waiting() == [CHAT]
        assert await repo.decide(queue[0].id, "approved", now=clock.now())
        assert not await repo.decide(queue[0].id, "declined", now=clock.now())
        assert await repo.decide(queue[1].id, "declined", now=clock.now(), note="missing_separator")
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(PruningRepository)
        (left,) = await repo.queued(CHAT)
        declined = await repo.get_request(queue[1].id)
        assert left.user_id == 7 and await repo.position(left) == 1
        assert declined is not None and declined.state == "declined" and declined.note == "missing_separator"
