"""In the group: a proposal's acknowledgement follows it as it is accepted, carded, answered and
rated, and anyone may ask /status N."""

from __future__ import annotations

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, TALENT_OFFICIAL

pytestmark = pytest.mark.e2e

PROPOSAL = "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作"


async def _ack(bot: Harness, number: int) -> str:
    await bot.advance(11)  # the acknowledgement job runs every 10 seconds
    found = [m for m in bot.emu.sent(chat_id=GROUP) if f"编号第 {number} 号" in m.text]
    assert len(found) == 1  # edited in place, never posted again
    return found[0].text


async def test_the_acknowledgement_follows_the_proposal_through_its_handling(bot: Harness) -> None:
    bot.emu.add_user("李明-市人才办", user_id=TALENT_OFFICIAL)
    bot.emu.private(TALENT_OFFICIAL, "/start")
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    bot.emu.post(GROUP, author, PROPOSAL)
    await bot.settle()
    first = await _ack(bot, 1)
    assert "进度：待受理 · 承办：市人才办" in first

    bot.emu.private(TALENT_OFFICIAL, "/accept 1")
    await bot.settle()
    assert "进度：办理中" in await _ack(bot, 1)

    await bot.advance(50)  # past yellow_after (50 s in the test configuration)
    assert "督办：黄牌" in await _ack(bot, 1)

    bot.emu.private(TALENT_OFFICIAL, "/answer 1 已纳入明年人才住房计划")
    await bot.settle()
    answered = await _ack(bot, 1)
    assert "进度：已答复" in answered and "答复：https://t.me/c/" in answered
    ack = next(m for m in bot.emu.sent(chat_id=GROUP) if "编号第 1 号" in m.text)
    assert ack.edited and ack.reply_markup[0][0][1] is not None  # the support button is kept

    rating = next(m for m in bot.emu.sent(chat_id=GROUP)
                  if any(data == "rate:1:satisfied" for row in m.reply_markup for _l, data in row))
    bot.emu.press(GROUP, author, rating.message_id, data="rate:1:satisfied")
    await bot.settle()
    assert "评价：满意" in await _ack(bot, 1)
    assert bot.emu.calls("editMessageText")  # all of it through edits
    assert all(c.ok for c in bot.emu.calls("editMessageText"))  # never an edit that changes nothing


async def test_anyone_may_ask_where_a_proposal_stands(bot: Harness) -> None:
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    bot.emu.post(GROUP, author, PROPOSAL)
    await bot.settle()
    stranger = bot.emu.add_user("Visitor")
    bot.emu.private(stranger, "/status 1")
    await bot.settle()
    said = bot.emu.sent(chat_id=stranger)[-1].text
    assert "建言第 1 号" in said and "进度：待受理 · 承办：市人才办" in said
    assert "张三" not in said
    bot.emu.private(stranger, "/status abc")
    await bot.settle()
    assert "用法：/status 编号" in bot.emu.sent(chat_id=stranger)[-1].text
