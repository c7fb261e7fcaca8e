"""The consultations repository on both databases: opened once, collected once, supports counted,
the latest poll counts kept, closed and concluded once."""

from __future__ import annotations

from datetime import timedelta

from deliberation.clock import ManualClock
from deliberation.consultations import Request, State
from storage.repositories.consultations import ConsultationRepository
from storage.repositories.faq import FaqRepository
from storage.uow import UnitOfWorkFactory

GROUP = -1001


def link(chat_id: int, message_id: int) -> str:
    return f"link/{message_id}"


async def test_a_consultation_collects_opinions_once_and_closes_once(
    uow_factory: UnitOfWorkFactory, clock: ManualClock,
) -> None:
    now = clock.now()
    request = Request("人才", now + timedelta(hours=1), "怎样分配？", "背景", ("积分", "摇号"))
    async with uow_factory() as uow:
        repo = uow.repo(ConsultationRepository)
        number = await repo.create(request, chat_id=GROUP, official_id=7, origin_chat_id=GROUP,
                                   origin_message_id=1, now=now)
        await repo.set_posted(number, message_id=2, poll_message_id=3, poll_id="p1", now=now)
        assert await repo.open_for_message(GROUP, 3) == number and await repo.open_by_number(GROUP, number)
        zhang = {"chat_id": GROUP, "message_id": 4, "author_id": 8, "author_name": "张三", "text": "积分"}
        assert await repo.add_opinion(number, **zhang, now=now)  # type: ignore[arg-type]
        assert not await repo.add_opinion(number, **zhang, now=now)  # type: ignore[arg-type]
        await repo.add_opinion(number, chat_id=GROUP, message_id=5, author_id=9, author_name="李四",
                               text="摇号", now=now)
        first = await repo.opinion_at(GROUP, 5)
        assert first is not None
        for user in (8, 10, 10):
            await repo.support(first[0], user, now)
        await repo.withdraw(first[0], 8)
        assert await repo.record_poll("p1", [2, 1], 3, update_id=20)
        assert not await repo.record_poll("p1", [1, 1], 2, update_id=19)  # an older update, handled late
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(ConsultationRepository)
        record = await repo.get(number)
        assert record is not None and record.opinions == 2 and record.poll is not None
        assert record.poll.options == (("积分", 2), ("摇号", 1)) and record.poll.voters == 3
        assert [(o.text, o.supports, o.link) for o in await repo.opinions(number, link)] == [
            ("积分", 0, "link/4"), ("摇号", 1, "link/5")]
        assert await repo.close(number, now) and not await repo.close(number, now)
        assert await repo.open_for_message(GROUP, 3) is None
        assert await repo.conclude(number, "按积分", now) and not await repo.conclude(number, "再来", now)
        await uow.commit()
    async with uow_factory() as uow:
        record = await uow.repo(ConsultationRepository).get(number)
        assert record is not None and record.state is State.CONCLUDED and record.conclusion == "按积分"
        assert [r.id for r in await uow.repo(ConsultationRepository).touched_since(now)] == [number]


async def test_faq_entries_belong_to_their_group(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> None:
    async with uow_factory() as uow:
        repo = uow.repo(FaqRepository)
        entry = await repo.add(GROUP, ["社保", "医保"], "拨打 12333", now=clock.now())
        assert not await repo.remove(GROUP - 1, entry)
        assert await repo.edit(GROUP, entry, answer="请拨打 12333", now=clock.now())
        [found] = await repo.entries(GROUP)
        assert (found.keywords, found.answer) == (("社保", "医保"), "请拨打 12333")
        assert await repo.remove(GROUP, entry) and await repo.entries(GROUP) == []
