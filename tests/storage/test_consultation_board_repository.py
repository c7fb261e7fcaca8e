"""The board's consultation queries on both databases: drafts stay private, counts are right, and
a page costs the same number of queries with 2 opinions or 40."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from deliberation.clock import ManualClock
from deliberation.consultations import Request
from storage.repositories.consultation_board import ConsultationBoardRepository
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWorkFactory

GROUP = -1001


async def open_with(uow_factory: UnitOfWorkFactory, clock: ManualClock, opinions: int, *, origin: int) -> int:
    now = clock.now()
    async with uow_factory() as uow:
        repo = uow.repo(ConsultationRepository)
        number = await repo.create(Request("人才", now + timedelta(hours=1), "怎样分配？", "背景", ()),
                                   chat_id=GROUP, official_id=7, origin_chat_id=7, origin_message_id=origin,
                                   now=now)
        await repo.set_posted(number, message_id=origin, poll_message_id=None, poll_id=None, now=now)
        for n in range(opinions):
            await repo.add_opinion(number, chat_id=GROUP, message_id=origin * 1000 + n, author_id=100 + n,
                                   author_name=f"成员{n}", author_unit="海淀区", text=f"意见{n}", now=now)
            found = await repo.opinion_at(GROUP, origin * 1000 + n)
            assert found is not None
            for supporter in range(n % 3):
                await repo.support(found[0], 500 + supporter, now)
        await uow.commit()
    return number


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_drafts_are_not_public_and_each_consultation_counts_its_opinions(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    small = await open_with(uow_factory, clock, 2, origin=1)
    large = await open_with(uow_factory, clock, 40, origin=2)
    async with uow_factory() as uow:
        draft = await uow.repo(ConsultationRepository).create(
            Request("人才", clock.now() + timedelta(hours=1), "草稿", "", ()), chat_id=0, official_id=7,
            origin_chat_id=7, origin_message_id=3, now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ConsultationBoardRepository)
        items, total = await repo.page(limit=20, offset=0)
        assert total == 2 and [(c.id, c.opinions) for c in items] == [(large, 40), (small, 2)]
        assert await repo.detail(draft) is None and await repo.detail(999) is None
        found = await repo.detail(large)
        assert found is not None
        record, opinions = found
        assert record.opinions == 40 and [o.supports for o in opinions[:4]] == [0, 1, 2, 0]
        assert opinions[1].author_unit == "海淀区"


async def test_a_page_is_a_fixed_number_of_queries_whatever_the_opinions(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    small = await open_with(uow_factory, clock, 2, origin=1)
    large = await open_with(uow_factory, clock, 40, origin=2)
    counts = []
    for number in (small, large):
        async with uow_factory() as uow:
            engine = uow.session.bind
            assert isinstance(engine, AsyncEngine)
            repo = uow.repo(ConsultationBoardRepository)
            with counting(engine) as statements:
                await repo.detail(number)
                await repo.page(limit=20, offset=0)
            counts.append(len([s for s in statements if s.lstrip().upper().startswith("SELECT")]))
    assert counts[0] == counts[1] == 4
