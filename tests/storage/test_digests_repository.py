"""The digest and ranking queries, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from deliberation.clock import ManualClock
from storage.models import Card, Proposal, ProposalDepartment, Support
from storage.repositories.digests import DigestRepository
from storage.uow import UnitOfWorkFactory

CHAT = -1001234567890
START = datetime(2026, 11, 2, tzinfo=UTC)
REPLY_DUE = timedelta(days=5)
MESSAGE_IDS = itertools.count(1)


async def add_proposal(
    uow_factory: UnitOfWorkFactory, at: datetime, departments: tuple[str, ...] = ("talent",),
    supporters: int = 0, cards: tuple[int, ...] = (), **values: Any,
) -> int:
    async with uow_factory() as uow:
        row = Proposal(
            chat_id=CHAT, message_id=next(MESSAGE_IDS), author_id=1, author_name="张三", author_unit="海淀区",
            text=values.pop("text", "增加人才公寓供给的建议"),
            topics=values.pop("topics", ["人才"]), dup_key="k", created_at=at, updated_at=at,
            state=values.pop("state", "submitted"), card_level=values.pop("card_level", 0), **values,
        )
        uow.session.add(row)
        await uow.session.flush()
        for dept in departments:
            uow.session.add(ProposalDepartment(number=row.number, department_id=dept, assigned_at=at))
        for uid in range(supporters):
            uow.session.add(Support(number=row.number, user_id=1000 + uid, at=at))
        for level in cards:
            uow.session.add(Card(number=row.number, level=level, issued_at=at, age_seconds=0))
        await uow.commit()
        return row.number


async def lines(uow_factory: UnitOfWorkFactory, since: datetime) -> dict[int, Any]:
    async with uow_factory() as uow:
        found = await uow.repo(DigestRepository).proposal_lines(
            since, titles={CHAT: "科创中心建言群"}, link_for=lambda c, m: f"https://t.me/c/{-c}/{m}"
        )
    return {p.number: p for p in found}


async def test_a_digest_reads_new_open_and_unrated_proposals_with_supports_cards_and_departments(
    uow_factory: UnitOfWorkFactory,
) -> None:
    new = await add_proposal(uow_factory, START, departments=("talent", "innovation"), supporters=3)
    old_open = await add_proposal(uow_factory, START - timedelta(days=20), cards=(1, 2))
    unrated = await add_proposal(uow_factory, START - timedelta(days=9), state="answered",
                                 answered_at=START - timedelta(days=2))
    await add_proposal(uow_factory, START - timedelta(days=9), state="answered", rating="basic",
                       answered_at=START - timedelta(days=2))
    await add_proposal(uow_factory, START - timedelta(days=9), state="closed")
    found = await lines(uow_factory, START - timedelta(days=1))
    assert sorted(found) == sorted([new, old_open, unrated])
    assert found[new].supports == 3 and found[new].departments == ("innovation", "talent")
    assert found[new].group_title == "科创中心建言群" and found[new].link.startswith("https://t.me/c/")
    assert found[old_open].card == 2 and found[old_open].supports == 0
    assert found[unrated].answered_at == START - timedelta(days=2) and not found[unrated].rated


async def test_a_closed_proposal_created_in_the_window_still_counts_as_new(
    uow_factory: UnitOfWorkFactory,
) -> None:
    number = await add_proposal(uow_factory, START, state="closed", link="https://t.me/c/1/5")
    found = await lines(uow_factory, START - timedelta(hours=1))
    assert found[number].state == "closed" and found[number].link == "https://t.me/c/1/5"


async def test_the_ranking_reads_one_item_per_proposal_and_department_with_on_time_settled(
    uow_factory: UnitOfWorkFactory,
) -> None:
    now = START + timedelta(days=7)
    answered = await add_proposal(uow_factory, START, departments=("talent", "innovation"), state="answered",
                                  answered_at=START + timedelta(days=2), rating="satisfied")
    late = await add_proposal(uow_factory, START + timedelta(hours=1))
    fresh = await add_proposal(uow_factory, now - timedelta(days=1))
    rejected = await add_proposal(uow_factory, START + timedelta(hours=2), state="rejected")
    await add_proposal(uow_factory, START + timedelta(hours=3), state="merged")
    await add_proposal(uow_factory, START - timedelta(days=1))  # before the period
    async with uow_factory() as uow:
        items = await uow.repo(DigestRepository).handled_items(START, now, now=now, reply_due=REPLY_DUE)
    got = {(i.number, i.department_id): (i.on_time, i.rating) for i in items}
    assert got == {
        (answered, "innovation"): (True, "satisfied"),
        (answered, "talent"): (True, "satisfied"),
        (late, "talent"): (False, None),
        (fresh, "talent"): (None, None),
        (rejected, "talent"): (None, None),
    }


async def test_each_officials_previous_digest_ends_when_it_was_queued(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    async with uow_factory() as uow:
        assert await uow.repo(DigestRepository).last_digest_ends() == {}
    first, second = clock.now(), clock.now() + timedelta(days=1)
    for period, at, officials in (("2026-11-02", first, (222, 333)), ("2026-11-03", second, (222,))):
        async with uow_factory() as uow:
            await uow.claims.claim("digest", period, now=at)
            for official in officials:
                for part in (0, 1):
                    await uow.outbox.enqueue(key=f"digest:{period}:{official}:{part}", kind="digest",
                                             chat_id=official, params={"text": "x"}, now=at)
            await uow.outbox.enqueue(key="digest-undeliverable:x", kind="notice", chat_id=1,
                                     params={"text": "x"}, now=at)
            await uow.commit()
    async with uow_factory() as uow:
        assert await uow.repo(DigestRepository).last_digest_ends() == {222: second}
