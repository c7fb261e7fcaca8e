"""Handling within deadlines end to end: routing, officials' commands, answers, ratings, cards."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.timefmt import local_text
from deliberation.handling import State
from emulator.harness import Harness
from storage.repositories.handling import HandlingRepository
from storage.repositories.proposals import ProposalRepository
from tests.e2e.conftest import GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL

pytestmark = pytest.mark.e2e

PROPOSAL = "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作"
ANSWER = "已纳入明年人才住房计划，首批五百套"


async def _open_private_chats(bot: Harness, *users: tuple[int, str]) -> None:
    for uid, name in users:
        if uid not in bot.emu.world.users:
            bot.emu.add_user(name, user_id=uid)
        bot.emu.private(uid, "/start")
    await bot.settle()


async def _member(bot: Harness, name: str) -> int:
    uid = bot.emu.add_user(name)
    bot.emu.join(GROUP, uid)
    await bot.settle()
    return uid


async def _propose(bot: Harness, text: str = PROPOSAL) -> tuple[int, int]:
    """张三 posts a proposal; the outbox delivers the officials' notices. Returns (author, message)."""
    author = await _member(bot, "张三-海淀区")
    message_id = bot.emu.post(GROUP, author, text)
    await bot.settle()
    await bot.advance(1)
    return author, message_id


async def _ask(bot: Harness, uid: int, text: str) -> str:
    bot.emu.private(uid, text)
    await bot.settle()
    return bot.emu.sent(chat_id=uid)[-1].text


async def _state(bot: Harness, number: int) -> State:
    async with bot.rt.services.uow() as uow:
        case = await uow.repo(HandlingRepository).get(number)
    assert case is not None
    return case.state


@pytest.fixture
async def ready(bot: Harness) -> Harness:
    await _open_private_chats(bot, (TALENT_OFFICIAL, "李主任"), (INNOVATION_OFFICIAL, "王局长"),
                              (MODERATOR, "管理员"))
    return bot


async def test_a_talent_proposal_reaches_the_talent_officials_private_chat_only(ready: Harness) -> None:
    await _propose(ready)
    notice = ready.emu.sent(chat_id=TALENT_OFFICIAL)[-1].text
    assert "#1" in notice and "青年人才公寓" in notice and "市人才办" in notice and "张三（海淀区）" in notice
    assert len(ready.emu.sent(chat_id=INNOVATION_OFFICIAL)) == 1  # only the answer to /start


async def test_an_answer_is_posted_in_the_group_as_a_reply_mentioning_the_author(ready: Harness) -> None:
    author, proposal = await _propose(ready)
    confirmation = await _ask(ready, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    posted = ready.emu.sent(chat_id=GROUP)[-1]
    assert ANSWER in posted.text and "市人才办" in posted.text
    assert posted.reply_to == proposal and author in posted.mentions
    assert [label for label, _ in posted.reply_markup[0]] == ["满意", "基本满意", "不满意"]
    assert "#1" in confirmation and "办结答复" in confirmation


async def test_an_answer_to_a_deleted_proposal_message_is_still_posted(ready: Harness) -> None:
    author, proposal = await _propose(ready)
    ready.emu.delete_by_user(GROUP, proposal)
    await _ask(ready, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    posted = ready.emu.sent(chat_id=GROUP)[-1]
    assert ANSWER in posted.text and posted.reply_to is None and author in posted.mentions


async def test_only_the_author_rates_the_answer_and_the_buttons_go_once_rated(ready: Harness) -> None:
    author, _ = await _propose(ready)
    other = await _member(ready, "李四-朝阳区")
    await _ask(ready, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    answer = ready.emu.sent(chat_id=GROUP)[-1]

    refused = ready.emu.press(GROUP, other, answer.message_id, text="满意")
    await ready.settle()
    assert "只有提出" in ready.emu.callback_answers(refused)[0]["text"]
    assert ready.emu.sent(chat_id=GROUP)[-1].reply_markup  # still there for the author

    pressed = ready.emu.press(GROUP, author, answer.message_id, text="满意")
    await ready.settle()
    assert "谢谢" in ready.emu.callback_answers(pressed)[0]["text"]
    rated = next(m for m in ready.emu.sent(chat_id=GROUP) if m.message_id == answer.message_id)
    assert rated.reply_markup == []
    assert await _state(ready, 1) is State.ANSWERED
    assert "评价：满意" in await _ask(ready, TALENT_OFFICIAL, "/history 1")


async def test_an_unsatisfied_rating_sends_the_proposal_back_to_the_department(ready: Harness) -> None:
    author, _ = await _propose(ready)
    await _ask(ready, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    answer = ready.emu.sent(chat_id=GROUP)[-1]
    ready.emu.press(GROUP, author, answer.message_id, text="不满意")
    await ready.settle()
    await ready.advance(1)
    assert "不满意" in ready.emu.sent(chat_id=TALENT_OFFICIAL)[-1].text
    assert await _state(ready, 1) is State.ACCEPTED
    assert "#1" in await _ask(ready, TALENT_OFFICIAL, "/queue")
    assert "办结答复" in await _ask(ready, TALENT_OFFICIAL, "/answer 1 补充答复：首批房源下月开放申请")
    assert ready.emu.sent(chat_id=GROUP)[-1].reply_markup  # the new answer can be rated again


async def test_an_official_of_another_department_cannot_answer(ready: Harness) -> None:
    await _propose(ready)
    said_in_group = len(ready.emu.sent(chat_id=GROUP))
    refusal = await _ask(ready, INNOVATION_OFFICIAL, f"/answer 1 {ANSWER}")
    assert "不由您的部门承办" in refusal
    assert len(ready.emu.sent(chat_id=GROUP)) == said_in_group
    assert await _state(ready, 1) is State.SUBMITTED


async def test_an_unknown_number_and_bad_input_are_answered_with_what_to_send(ready: Harness) -> None:
    await _propose(ready)
    assert "#99" in await _ask(ready, TALENT_OFFICIAL, f"/answer 99 {ANSWER}")
    assert "/accept 编号" in await _ask(ready, TALENT_OFFICIAL, "/accept")
    assert "/accept 编号" in await _ask(ready, TALENT_OFFICIAL, "/accept 第一条")
    unknown = await _ask(ready, TALENT_OFFICIAL, "/assign 1 transport")
    assert "没有这个部门" in unknown and "innovation" in unknown
    assert "答复内容" in await _ask(ready, TALENT_OFFICIAL, "/answer 1")
    assert await _state(ready, 1) is State.SUBMITTED


async def test_a_member_who_is_no_official_is_told_the_commands_are_for_officials(ready: Harness) -> None:
    member = await _member(ready, "李四-朝阳区")
    assert "部门工作人员" in await _ask(ready, member, "/answer 1 好")


async def test_history_shows_every_step_with_who_and_local_time(ready: Harness) -> None:
    author, _ = await _propose(ready)
    created = local_text(ready.clock.now(), "Asia/Shanghai")
    await _ask(ready, TALENT_OFFICIAL, "/accept 1")
    await _ask(ready, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    answer = ready.emu.sent(chat_id=GROUP)[-1]
    ready.emu.press(GROUP, author, answer.message_id, text="基本满意")
    await ready.settle()
    await _ask(ready, TALENT_OFFICIAL, "/close 1")
    history = (await _ask(ready, MODERATOR, "/history 1")).splitlines()
    assert "张三-海淀区：提出建言" in history[1] and created[:10] in history[1]
    steps = [line.split(" ", 2)[2] for line in history[2:]]
    assert steps == [
        "建言群助手：分派给市人才办",
        "李主任：受理（市人才办）",
        f"李主任：办结答复（市人才办）：{ANSWER}",
        "张三-海淀区：评价：基本满意",
        "李主任：办结（市人才办）",
    ]


async def test_an_unanswered_proposal_earns_each_card_once_across_restarts(ready: Harness) -> None:
    await _propose(ready)
    async with ready.rt.services.uow() as uow:
        submitted = (await uow.repo(ProposalRepository).get(1)).created_at

    def count(uid: int, word: str) -> int:
        return sum(word in m.text for m in ready.emu.sent(chat_id=uid))

    # sending under Telegram's limits takes simulated time too: measure from the submission
    await ready.advance((submitted + timedelta(seconds=49) - ready.clock.now()).total_seconds())
    assert count(TALENT_OFFICIAL, "黄牌") == 0
    await ready.restart()
    await ready.advance(1)
    assert count(TALENT_OFFICIAL, "黄牌") == 1 and count(MODERATOR, "黄牌") == 0
    await ready.advance(100)
    await ready.restart()
    await ready.advance(1)
    assert count(TALENT_OFFICIAL, "红牌") == 1 and count(MODERATOR, "红牌") == 1
    await ready.advance(150)
    await ready.restart()
    await ready.advance(1)
    assert count(TALENT_OFFICIAL, "催办通知单") == 1 and count(MODERATOR, "催办通知单") == 1
    assert count(TALENT_OFFICIAL, "黄牌警示") == 1 and count(TALENT_OFFICIAL, "红牌督办") == 1
    assert count(INNOVATION_OFFICIAL, "牌") == 0
    assert "催办通知" in await _ask(ready, TALENT_OFFICIAL, "/queue")


async def test_an_answered_proposal_earns_no_card(ready: Harness) -> None:
    await _propose(ready)
    await _ask(ready, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    await ready.advance(400)
    assert not any("牌" in m.text for m in ready.emu.sent(chat_id=TALENT_OFFICIAL))


async def test_a_proposal_without_a_department_is_assigned_by_a_moderator(ready: Harness) -> None:
    author = await _member(ready, "张三-海淀区")
    ready.emu.post(GROUP, author, "/propose 建议在地铁站增设共享单车停放点，方便市民出行")
    await ready.settle()
    await ready.advance(1)
    assert "/assign 1" in ready.emu.sent(chat_id=MODERATOR)[-1].text
    assert "市人才办" not in await _ask(ready, TALENT_OFFICIAL, "/queue")
    assert "区科技局" in await _ask(ready, MODERATOR, "/assign 1 innovation")
    await ready.advance(1)
    assert "#1" in ready.emu.sent(chat_id=INNOVATION_OFFICIAL)[-1].text


async def test_an_official_without_a_private_chat_is_reported_to_the_moderators_once(bot: Harness) -> None:
    await _open_private_chats(bot, (MODERATOR, "管理员"))
    bot.emu.add_user("李主任", user_id=TALENT_OFFICIAL)
    await _propose(bot)
    author = next(m for m in bot.emu.world.users.values() if m.first_name == "张三-海淀区").id
    bot.emu.post(GROUP, author, "#人才 建议为青年科技人才提供创业贷款贴息支持")
    await bot.settle()
    await bot.advance(1)
    reports = [m for m in bot.emu.sent(chat_id=MODERATOR) if "还没有与我私聊" in m.text]
    assert len(reports) == 1 and TALENT_OFFICIAL in reports[0].mentions
