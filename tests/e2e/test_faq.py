"""常见问题 end to end: a question about a keyword gets the group's answer, once per member and day;
moderators keep the entries by command, and an answered proposal becomes one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import BASE, GROUP, MODERATOR, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

CONFIGURED = BASE["faq"][0]["answer"]
ADDED = "社保查询请登录市人社局网上服务大厅，或拨打 12333 热线。"


def answers(bot: Harness, chat_id: int, text: str) -> list[int | None]:
    return [m.reply_to for m in bot.emu.sent(chat_id=chat_id) if m.text.startswith(text)]


async def _member(bot: Harness, name: str) -> int:
    uid = bot.emu.add_user(name)
    bot.emu.join(GROUP, uid)
    await bot.settle()
    return uid


async def _say(bot: Harness, uid: int, text: str, chat_id: int = GROUP) -> str:
    bot.emu.post(chat_id, uid, text)
    await bot.settle()
    return bot.emu.sent(chat_id=chat_id)[-1].text


@pytest.fixture
async def empty(make_harness):  # type: ignore[no-untyped-def]
    harness = make_harness(config(faq=[]))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    harness.emu.add_user("管理员-区委办", user_id=MODERATOR)
    harness.emu.add_member(GROUP, MODERATOR)
    async with harness:
        yield harness
    await harness.emu.stop()


async def test_an_entry_added_by_command_answers_a_question_once_per_member_per_day(empty: Harness) -> None:
    added = await _say(empty, MODERATOR, f"/faq add 社保，医保 = {ADDED}")
    assert "#1" in added and "社保、医保" in added
    zhang, li = await _member(empty, "张三-海淀区"), await _member(empty, "李四-朝阳区")
    first = empty.emu.post(GROUP, zhang, "社保怎么查询？")
    await empty.settle()
    assert answers(empty, GROUP, ADDED) == [first]
    empty.emu.post(GROUP, zhang, "医保在哪里查询？")  # the same entry, the same day
    await empty.settle()
    other = empty.emu.post(GROUP, li, "请问社保怎么查询")
    await empty.settle()
    assert answers(empty, GROUP, ADDED) == [first, other]
    empty.clock.advance(timedelta(days=1))
    next_day = empty.emu.post(GROUP, zhang, "社保怎么查询？")
    await empty.settle()
    assert answers(empty, GROUP, ADDED) == [first, other, next_day]


async def test_a_mention_that_asks_nothing_is_left_alone(bot: Harness) -> None:
    uid = await _member(bot, "张三-海淀区")
    bot.emu.post(GROUP, uid, "我觉得今年的社保政策不错")
    await bot.settle()
    assert answers(bot, GROUP, CONFIGURED) == []


async def test_the_configured_entries_are_the_starting_set_and_can_be_removed(bot: Harness) -> None:
    bot.emu.add_user("管理员-区委办", user_id=MODERATOR)
    bot.emu.add_member(GROUP, MODERATOR)
    listed = await _say(bot, MODERATOR, "/faq list")
    assert "#1 社保、医保" in listed
    uid = await _member(bot, "张三-海淀区")
    asked = bot.emu.post(GROUP, uid, "社保？")
    await bot.settle()
    assert answers(bot, GROUP, CONFIGURED) == [asked]
    assert "#1" in await _say(bot, MODERATOR, "/faq remove 1")
    other = await _member(bot, "李四-朝阳区")
    bot.emu.post(GROUP, other, "社保？")
    await bot.settle()
    assert answers(bot, GROUP, CONFIGURED) == [asked]
    assert "还是空的" in await _say(bot, MODERATOR, "/faq list")


async def test_a_member_may_not_change_the_faq_and_nothing_changes(bot: Harness) -> None:
    uid = await _member(bot, "张三-海淀区")
    assert "只有本群管理员和部门工作人员" in await _say(bot, uid, "/faq add 公积金 = 随便写的答案")
    other = await _member(bot, "李四-朝阳区")
    bot.emu.post(GROUP, other, "公积金怎么提取？")
    await bot.settle()
    assert not answers(bot, GROUP, "随便写的答案")


async def test_a_long_answer_or_a_missing_equals_sign_is_refused_clearly(empty: Harness) -> None:
    long = await _say(empty, MODERATOR, "/faq add 公积金 = " + "很长的答案" * 250)
    assert "答案太长（1250 字）：最多 1000 字" in long
    assert "/faq add 关键词 = 答案" in await _say(empty, MODERATOR, "/faq add 公积金 没有等号")
    assert "还是空的" in await _say(empty, MODERATOR, "/faq list")


async def test_an_answered_proposal_becomes_an_entry_in_one_step(empty: Harness) -> None:
    empty.emu.add_user("李主任", user_id=TALENT_OFFICIAL, started=True)
    author = await _member(empty, "张三-海淀区")
    empty.emu.post(GROUP, author, "#人才 建议公布人才公寓的申请条件和办理流程")
    await empty.settle()
    assert "还没有答复" in await _say(empty, MODERATOR, "/faq from 1 人才公寓")
    empty.emu.private(TALENT_OFFICIAL, "/answer 1 人才公寓申请条件已在市人才办网站公布，可在线提交材料。")
    await empty.settle()
    answer_post = empty.emu.sent(chat_id=GROUP)[-1]
    assert "#1" in await _say(empty, MODERATOR, "/faq from 1 人才公寓")
    asker = await _member(empty, "李四-朝阳区")
    question = empty.emu.post(GROUP, asker, "人才公寓怎么申请？")
    await empty.settle()
    reply = empty.emu.sent(chat_id=GROUP)[-1]
    assert reply.reply_to == question
    assert "可在线提交材料" in reply.text and f"/{answer_post.message_id}" in reply.text


async def test_in_a_private_chat_a_message_containing_the_keyword_gets_the_answer(bot: Harness) -> None:
    uid = bot.emu.add_user("张三")
    bot.emu.private(uid, "请问社保在哪里查询")
    await bot.settle()
    assert len(answers(bot, uid, CONFIGURED)) == 1
