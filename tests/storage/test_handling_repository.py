"""The handling repository on SQLite and PostgreSQL: steps, history, queues and cards."""

from __future__ import annotations

from datetime import timedelta

from deliberation.clock import ManualClock
from deliberation.handling import Action, Actor, Rating, State, decide
from storage.models import Proposal
from storage.repositories.handling import HandlingRepository
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWorkFactory

CHAT = -1001234567890
AUTHOR = 7_000_000_001
OFFICIAL = Actor(222222, frozenset({"talent"}))
KNOWN = frozenset({"talent", "innovation"})


async def _proposal(uow_factory: UnitOfWorkFactory, clock: ManualClock, message_id: int, *,
                    departments: tuple[str, ...] = ("talent",)) -> int:
    async with uow_factory() as uow:
        record = await uow.repo(ProposalRepository).add(
            chat_id=CHAT, message_id=message_id, author_id=AUTHOR, author_name="张三-海淀区",
            author_unit="海淀区", text=f"#人才 建议设立青年人才公寓 {message_id}", topics=["人才"],
            dup_key=f"k{message_id}", link=None, now=clock.now(),
        )
        await uow.repo(HandlingRepository).assign(record.number, departments, now=clock.now())
        await uow.commit()
    return record.number


async def _step(uow_factory: UnitOfWorkFactory, clock: ManualClock, number: int, action: Action,
                actor: Actor, **inputs: object) -> None:
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        case = await repo.get(number)
        assert case is not None
        step = decide(case.view, action, actor, now=clock.now(), known_departments=KNOWN, **inputs)
        await repo.record(step, on_time=True if action is Action.ANSWER else None)
        await uow.commit()


async def test_a_routed_proposal_carries_its_departments_and_a_bot_assignment_in_its_history(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    number = await _proposal(uow_factory, clock, 10, departments=("talent", "innovation"))
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        case = await repo.get(number)
        history = await repo.history(number)
    assert case is not None
    assert case.state is State.SUBMITTED
    assert case.departments == frozenset({"talent", "innovation"})
    assert [(h.action, h.actor_id, h.department_id) for h in history] == [
        ("assign", None, "innovation"), ("assign", None, "talent"),
    ]


async def test_an_answer_is_recorded_with_its_text_and_an_unsatisfied_rating_reopens_it(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    number = await _proposal(uow_factory, clock, 11)
    clock.advance(timedelta(hours=1))
    await _step(uow_factory, clock, number, Action.ANSWER, OFFICIAL, text="已纳入明年计划")
    async with uow_factory() as uow:
        row = await uow.session.get(Proposal, number)
        assert row is not None
        answered = (row.state, row.answer_text, row.answered_by, row.answered_at, row.on_time)
    assert answered == ("answered", "已纳入明年计划", 222222, clock.now(), True)

    await _step(uow_factory, clock, number, Action.RATE, Actor(AUTHOR), rating=Rating.UNSATISFIED)
    async with uow_factory() as uow:
        reopened = await uow.repo(HandlingRepository).get(number)
        open_numbers = [c.number for c in await uow.repo(HandlingRepository).open_cases()]
    assert reopened is not None
    assert (reopened.state, reopened.rating) == (State.ACCEPTED, Rating.UNSATISFIED)
    assert number in open_numbers

    await _step(uow_factory, clock, number, Action.ANSWER, OFFICIAL, text="补充答复")
    async with uow_factory() as uow:
        again = await uow.repo(HandlingRepository).get(number)
        history = await uow.repo(HandlingRepository).history(number)
    assert again is not None
    assert (again.state, again.rating) == (State.ANSWERED, None)
    assert [(h.action, h.from_state, h.to_state) for h in history] == [
        ("assign", "submitted", "submitted"),
        ("answer", "submitted", "answered"),
        ("rate", "answered", "accepted"),
        ("answer", "accepted", "answered"),
    ]


async def test_a_referral_by_an_official_moves_the_proposal_to_the_other_department(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    number = await _proposal(uow_factory, clock, 12)
    await _step(uow_factory, clock, number, Action.ASSIGN, OFFICIAL, target_department="innovation")
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        case = await repo.get(number)
        talent = await repo.queue(["talent"])
        innovation = await repo.queue(["innovation"])
    assert case is not None and case.departments == frozenset({"innovation"})
    assert talent == [] and [c.number for c in innovation] == [number]


async def test_the_queue_holds_a_departments_unanswered_proposals_oldest_first(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    first = await _proposal(uow_factory, clock, 20)
    clock.advance(timedelta(minutes=5))
    second = await _proposal(uow_factory, clock, 21)
    answered = await _proposal(uow_factory, clock, 22)
    other = await _proposal(uow_factory, clock, 23, departments=("innovation",))
    await _step(uow_factory, clock, answered, Action.ANSWER, OFFICIAL, text="已答复")
    await _step(uow_factory, clock, second, Action.ACCEPT, OFFICIAL)
    async with uow_factory() as uow:
        queue = await uow.repo(HandlingRepository).queue(["talent"])
    assert [(c.number, c.state) for c in queue] == [(first, State.SUBMITTED), (second, State.ACCEPTED)]
    assert other not in [c.number for c in queue]


async def test_a_card_is_issued_once_per_level_and_raises_the_proposals_card_level(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    number = await _proposal(uow_factory, clock, 30)
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        assert await repo.issue_card(number, 1, now=clock.now(), age_seconds=50)
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        assert not await repo.issue_card(number, 1, now=clock.now(), age_seconds=60)
        assert await repo.issue_card(number, 2, now=clock.now(), age_seconds=150)
        await uow.commit()
    async with uow_factory() as uow:
        (case,) = await uow.repo(HandlingRepository).open_cases()
        row = await uow.session.get(Proposal, number)
        card_level = row.card_level if row is not None else None
        history = await uow.repo(HandlingRepository).history(number)
    assert case.issued == 2 and card_level == 2
    assert [(h.action, h.detail) for h in history if h.action == "card"] == [("card", "1"), ("card", "2")]


async def test_a_card_not_committed_is_not_issued(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> None:
    number = await _proposal(uow_factory, clock, 31)
    async with uow_factory() as uow:
        assert await uow.repo(HandlingRepository).issue_card(number, 1, now=clock.now(), age_seconds=50)
    async with uow_factory() as uow:
        (case,) = await uow.repo(HandlingRepository).open_cases()
    assert case.issued == 0


async def test_names_prefer_the_users_own_record_to_the_member_seen_in_the_group(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await uow.chats.upsert_chat(CHAT, title="群", type="supergroup", configured=True, now=clock.now())
        await uow.chats.ensure_member(CHAT, AUTHOR, first_name="张三-海淀区", last_name=None, is_bot=False,
                                      now=clock.now())
        await uow.chats.ensure_member(CHAT, 5, first_name="旧名", last_name=None, is_bot=False,
                                      now=clock.now())
        await uow.chats.upsert_user(5, first_name="李主任", last_name=None, username=None, is_bot=False,
                                    language_code="zh", now=clock.now(), private_chat=True)
        await uow.commit()
    async with uow_factory() as uow:
        names = await uow.repo(HandlingRepository).names(CHAT, [AUTHOR, 5, 6])
    assert names == {AUTHOR: "张三-海淀区", 5: "李主任"}


async def test_the_deadline_job_can_skip_fresh_proposals_and_those_at_the_last_card(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    old = await _proposal(uow_factory, clock, 40)
    urged = await _proposal(uow_factory, clock, 41)
    clock.advance(timedelta(minutes=10))
    await _proposal(uow_factory, clock, 42)
    async with uow_factory() as uow:
        assert await uow.repo(HandlingRepository).issue_card(urged, 3, now=clock.now(), age_seconds=600)
        await uow.commit()
    async with uow_factory() as uow:
        waiting = await uow.repo(HandlingRepository).open_cases(
            submitted_before=clock.now() - timedelta(minutes=5), below_level=3
        )
    assert [c.number for c in waiting] == [old]


async def test_a_step_decided_on_a_stale_view_is_not_recorded(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    number = await _proposal(uow_factory, clock, 50)
    async with uow_factory() as uow:
        case = await uow.repo(HandlingRepository).get(number)
    assert case is not None
    first = decide(case.view, Action.ANSWER, OFFICIAL, now=clock.now(), text="第一份答复")
    second = decide(case.view, Action.ANSWER, OFFICIAL, now=clock.now(), text="第二份答复")
    async with uow_factory() as uow:
        assert await uow.repo(HandlingRepository).record(first, on_time=True)
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        assert not await repo.record(second, on_time=True)
        await uow.commit()
        answers = [h.detail for h in await repo.history(number) if h.action == "answer"]
    assert answers == ["第一份答复"]


async def test_languages_are_those_of_the_users_seen_and_nothing_for_the_others(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        for uid, code in ((222222, "en"), (333333, None)):
            await uow.chats.upsert_user(uid, first_name="官员", last_name=None, username=None, is_bot=False,
                                        language_code=code, now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        repo = uow.repo(HandlingRepository)
        assert await repo.languages([222222, 333333, 444444]) == {222222: "en", 333333: None}
        assert await repo.languages([]) == {}
