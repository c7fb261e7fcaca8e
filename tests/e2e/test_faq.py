"""常见问题 end to end: a keyword gets the configured answer, at most once a minute in a group."""

from __future__ import annotations

from datetime import timedelta

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import BASE, GROUP

pytestmark = pytest.mark.e2e

ANSWER = BASE["faq"][0]["answer"]


def answers(bot: Harness, chat_id: int) -> list[int | None]:
    return [m.reply_to for m in bot.emu.sent(chat_id=chat_id) if m.text == ANSWER]


async def test_an_faq_keyword_in_a_group_gets_its_answer_at_most_once_a_minute(bot: Harness) -> None:
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, uid)
    first = bot.emu.post(GROUP, uid, "社保？")
    await bot.settle()
    assert answers(bot, GROUP) == [first]
    bot.emu.post(GROUP, uid, "医保")  # a synonym shares the limit
    await bot.settle()
    bot.clock.advance(timedelta(seconds=30))
    bot.emu.post(GROUP, uid, "社保")
    await bot.settle()
    assert answers(bot, GROUP) == [first]
    bot.clock.advance(timedelta(seconds=31))
    later = bot.emu.post(GROUP, uid, "社保")
    await bot.settle()
    assert answers(bot, GROUP) == [first, later]

async def test_a_group_message_that_only_mentions_the_keyword_is_left_alone(bot: Harness) -> None:
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, uid)
    bot.emu.post(GROUP, uid, "我想问一下社保怎么交")
    await bot.settle()
    assert answers(bot, GROUP) == []


async def test_in_a_private_chat_a_question_containing_the_keyword_gets_the_answer(bot: Harness) -> None:
    uid = bot.emu.add_user("张三")
    bot.emu.private(uid, "请问社保在哪里查询")
    await bot.settle()
    assert len(answers(bot, uid)) == 1
