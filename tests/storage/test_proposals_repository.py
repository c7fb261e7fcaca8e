"""ProposalRepository contract, on SQLite and PostgreSQL with the same migrations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from deliberation.clock import ManualClock
from deliberation.proposals import ProposalRecord
from storage.models import ProposalDepartment, ProposalEvent
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork, UnitOfWorkFactory

CHAT = -1001234567890
AUTHOR = 7_123_456_789  # user ids are 64-bit
TEXT = "#人才 建议设立青年人才公寓，降低租房成本"


async def _add(uow: UnitOfWork, clock: ManualClock, message_id: int, **changes: object) -> ProposalRecord:
    values: dict[str, object] = dict(
        chat_id=CHAT, message_id=message_id, author_id=AUTHOR, author_name="张三", author_unit="海淀区",
        text=TEXT, topics=("人才", "创新"), dup_key=f"key{message_id}",
        link=f"https://t.me/c/1234567890/{message_id}", now=clock.now(),
    )
    values.update(changes)
    return await uow.repo(ProposalRepository).add(**values)  # type: ignore[arg-type]


async def test_proposals_are_numbered_in_order_and_read_back_whole(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        first = await _add(uow, clock, 10)
        second = await _add(uow, clock, 11, author_name="李" * 80)
        await uow.repo(ProposalRepository).set_ack(first.number, 12)
        await uow.commit()
    assert (first.number, second.number) == (1, 2)
    async with uow_factory() as uow:
        found = await uow.repo(ProposalRepository).get(1)
        by_message = await uow.repo(ProposalRepository).by_message(CHAT, 11)
        missing = await uow.repo(ProposalRepository).get(99)
    assert found is not None and by_message is not None and missing is None
    assert (found.text, found.topics, found.author_id) == (TEXT, ("人才", "创新"), AUTHOR)
    assert found.state == "submitted"
    assert found.created_at == clock.now() and found.ack_message_id == 12 and found.supports == 0
    assert by_message.number == 2 and len(by_message.author_name) == 64


async def test_one_message_can_be_one_proposal_only(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await _add(uow, clock, 10)
        with pytest.raises(IntegrityError):
            await _add(uow, clock, 10)


async def test_an_edit_keeps_the_earlier_text_with_the_time_it_was_written(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    written = clock.now()
    async with uow_factory() as uow:
        await _add(uow, clock, 10)
        await uow.commit()
    clock.advance(timedelta(minutes=5))
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        assert await repo.edit_text(1, TEXT + "（补充）", "key-new", clock.now())
        assert not await repo.edit_text(1, TEXT + "（补充）", "key-new", clock.now())  # nothing changed
        assert not await repo.edit_text(99, "x", "k", clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        current = await repo.get(1)
        versions = await repo.versions_of([1])
        keys = (await repo.prior(CHAT, 999, AUTHOR, written - timedelta(seconds=1))).recent
    assert current is not None and current.text == TEXT + "（补充）"
    assert [(v.text, v.at) for v in versions[1]] == [(TEXT, written)]
    assert keys == [(1, "key-new", written)]


async def test_support_is_one_per_member_and_can_be_withdrawn(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await _add(uow, clock, 10)
        repo = uow.repo(ProposalRepository)
        await repo.add_support(1, 8, clock.now())
        await repo.add_support(1, 8, clock.now())  # a double press is still one support
        await repo.add_support(1, 9, clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        assert await repo.supporters(1) == frozenset({8, 9})
        await repo.remove_support(1, 8)
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        record = await repo.get(1)
        supports = await repo.supports_of([1])
        assert await repo.count_supports(1) == 1
    assert record is not None and record.supports == 1
    assert [s.user_id for s in supports[1]] == [9]


async def test_recent_keys_and_lists_by_author_time_and_state(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    start = clock.now()
    async with uow_factory() as uow:
        for message_id in (10, 11, 12):
            await _add(uow, clock, message_id)
            clock.advance(timedelta(hours=12))
        await _add(uow, clock, 13, author_id=8)
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        recent = (await repo.prior(CHAT, 999, AUTHOR, start + timedelta(hours=6))).recent
        mine = await repo.by_author(AUTHOR, limit=2)
        count = await repo.count_by_author(AUTHOR)
        window = await repo.find(since=start + timedelta(hours=12), until=start + timedelta(hours=36))
        theirs = await repo.find(chat_id=CHAT, states=["submitted"])
        none = await repo.find(states=["answered"])
    assert [(n, k) for n, k, _at in recent] == [(2, "key11"), (3, "key12")]
    assert [p.number for p in mine] == [3, 2] and count == 3
    assert [p.number for p in window] == [2, 3] and len(theirs) == 4 and none == []


async def test_departments_and_the_handling_history_come_back_with_the_proposal(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await _add(uow, clock, 10)
        uow.session.add_all([
            ProposalDepartment(number=1, department_id="talent", assigned_at=clock.now()),
            ProposalDepartment(number=1, department_id="innovation", assigned_at=clock.now()),
            ProposalEvent(number=1, at=clock.now(), actor_id=222222, action="accept", from_state="submitted",
                          to_state="accepted", department_id="talent", detail=None, data={"x": 1}),
        ])
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        (record,) = await repo.get_many([1, 1, 5])
        events = await repo.events_of([1])
    assert record.departments == ("innovation", "talent")
    assert [(e.action, e.to_state, e.actor_id, e.data) for e in events[1]] == [
        ("accept", "accepted", 222222, {"x": 1})
    ]


async def test_prior_reads_the_proposal_of_a_redelivered_message_and_the_authors_recent_keys_at_once(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    start = clock.now()
    async with uow_factory() as uow:
        for message_id in (10, 11, 12):
            await _add(uow, clock, message_id)
            clock.advance(timedelta(hours=12))
        await _add(uow, clock, 13, author_id=8)
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        since = start + timedelta(hours=6)
        fresh = await repo.prior(CHAT, 99, AUTHOR, since)
        again = await repo.prior(CHAT, 10, AUTHOR, since)  # older than the window, found all the same
        other = await repo.prior(CHAT, 13, AUTHOR, since)  # someone else's message
        keys = fresh.recent
    assert fresh.existing is None
    assert [(n, k) for n, k, _at in keys] == [(2, "key11"), (3, "key12")]
    assert again.existing == 1 and again.recent == keys
    assert other.existing == 4 and other.recent == keys
