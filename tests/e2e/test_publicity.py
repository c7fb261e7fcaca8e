"""In the group: a proposal's acknowledgement follows it as it is accepted, carded, answered and
rated, and anyone may ask /status N."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, TALENT_OFFICIAL, config

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


def _public_config() -> dict[str, Any]:
    cfg = config(digest={"at": "08:30", "weekly_ranking": "mon"})
    cfg["groups"][0]["publicity"] = {"cards": True, "weekly_ranking": True, "monthly_summary": True}
    return cfg


@pytest.fixture
async def public(make_harness: Any) -> AsyncIterator[Harness]:
    harness = make_harness(_public_config())
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness:
        yield harness
    await harness.emu.stop()


async def test_a_group_that_publishes_cards_hears_of_each_yellow_and_red_card_once(public: Harness) -> None:
    bot = public
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    message_id = bot.emu.post(GROUP, author, PROPOSAL)
    await bot.settle()
    await bot.advance(55)  # yellow after 50 s
    await bot.advance(11)
    await bot.restart()
    await bot.advance(100)  # red after 150 s
    await bot.advance(11)
    cards = [m for m in bot.emu.sent(chat_id=GROUP) if "未答复，市人才办收到" in m.text]
    assert [m.text.rsplit("收到", 1)[1] for m in cards] == ["黄牌警示。", "红牌督办。"]
    assert all(m.reply_to == message_id for m in cards)


async def test_the_weekly_ranking_and_the_months_figures_are_posted_in_the_group_once(
    public: Harness,
) -> None:
    bot = public
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    bot.emu.post(GROUP, author, PROPOSAL)
    await bot.settle()
    await bot.advance(timedelta(minutes=31))  # Monday 08:31: last week's ranking (nothing in it)
    await bot.advance(timedelta(days=7))  # the next Monday: this week's, with the proposal
    ranking = [m for m in bot.emu.sent(chat_id=GROUP) if "部门办理排行" in m.text]
    assert len(ranking) == 2 and "共 1 件" in ranking[1].text
    assert any("统计口径" in m.text for m in bot.emu.sent(chat_id=GROUP))  # the method, stated
    assert any("不参与排名" in m.text for m in bot.emu.sent(chat_id=GROUP))  # a small sample, apart
    await bot.advance(timedelta(days=22))  # 1 December: November's figures
    await bot.restart()
    await bot.advance(timedelta(hours=1))
    months = [m for m in bot.emu.sent(chat_id=GROUP) if "月度小结" in m.text]
    assert len(months) == 1
    assert "2026-11 月度小结：本月共收到建言 1 件，已答复 0 件" in months[0].text
