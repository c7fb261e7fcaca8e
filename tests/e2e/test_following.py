"""Following a proposal: its supporters hear the answer privately, unless they turned it off; the
author is always told."""

from __future__ import annotations

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, TALENT_OFFICIAL

pytestmark = pytest.mark.e2e

ANSWER = "已纳入明年人才住房计划，首批五百套"


async def _supported(bot: Harness) -> tuple[int, int, int, int]:
    """张三 proposes; 李四 (who pressed Start) and 王五 (who never did) support it."""
    bot.emu.add_user("李主任", user_id=TALENT_OFFICIAL, started=True)
    author = bot.emu.add_user("张三-海淀区", started=True)
    li = bot.emu.add_user("李四-朝阳区", started=True)
    wang = bot.emu.add_user("王五-西城区")
    for uid in (author, li, wang):
        bot.emu.join(GROUP, uid)
    message = bot.emu.post(GROUP, author, "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作")
    await bot.settle()
    ack = next(m for m in bot.emu.sent(chat_id=GROUP) if m.reply_to == message)
    for uid in (li, wang):
        bot.emu.press(GROUP, uid, ack.message_id, data=ack.reply_markup[0][0][1])
    await bot.settle()
    return author, li, wang, message


async def _answer(bot: Harness, number: int) -> None:
    bot.emu.private(TALENT_OFFICIAL, f"/answer {number} {ANSWER}")
    await bot.settle()
    await bot.advance(1)


async def test_a_supporter_hears_the_answer_privately_and_the_author_too(bot: Harness) -> None:
    author, li, wang, _ = await _supported(bot)
    await _answer(bot, 1)
    heard = bot.emu.sent(chat_id=li)[-1]
    assert "您附议的建言 #1 已由市人才办答复" in heard.text and ANSWER in heard.text
    assert [label for label, _ in heard.reply_markup[0]] == ["不再接收附议建言的答复"]
    assert "您的建言 #1 已由市人才办答复" in bot.emu.sent(chat_id=author)[-1].text
    assert bot.emu.sent(chat_id=wang) == []  # never pressed Start: nothing can reach them


async def test_a_supporter_who_turned_it_off_hears_nothing_more(bot: Harness) -> None:
    author, li, _, _ = await _supported(bot)
    second = bot.emu.post(GROUP, author, "#人才 建议为引进人才的子女入学开辟绿色通道")
    await bot.settle()
    ack = next(m for m in bot.emu.sent(chat_id=GROUP) if m.reply_to == second)
    bot.emu.press(GROUP, li, ack.message_id, data=ack.reply_markup[0][0][1])
    await bot.settle()
    await _answer(bot, 1)
    notice = bot.emu.sent(chat_id=li)[-1]
    bot.emu.press(li, li, notice.message_id, data=notice.reply_markup[0][0][1])
    await bot.settle()
    assert [label for label, _ in bot.emu.sent(chat_id=li)[-1].reply_markup[0]] == ["恢复接收附议建言的答复"]
    heard_before = len(bot.emu.sent(chat_id=li))
    await _answer(bot, 2)
    assert len(bot.emu.sent(chat_id=li)) == heard_before
    assert "您的建言 #2 已由市人才办答复" in bot.emu.sent(chat_id=author)[-1].text
