"""The board served by the real runtime (harness + emulator), with proposals made through Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, TALENT_OFFICIAL, config
from tests.e2e.conftest import make_harness as make_harness  # the fixture, for this folder too

AUTHOR = "张三-海淀区"
PROPOSAL = "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作 <b>&amp;</b>"
ANSWER = "已纳入明年人才住房计划，首批五百套"


@dataclass
class Board:
    bot: Harness
    url: str
    answered: int
    waiting: int


async def propose(bot: Harness, uid: int, text: str) -> None:
    bot.emu.post(GROUP, uid, text)
    await bot.settle()
    await bot.advance(1)


@pytest.fixture
async def board(make_harness: Callable[..., Harness], unused_tcp_port: int) -> AsyncIterator[Board]:
    """Two proposals on 人才: #1 answered by 市人才办 and rated, #2 left waiting past its deadline."""
    harness = make_harness(config(web={"enabled": True, "listen": f"127.0.0.1:{unused_tcp_port}",
                                   "public_url": "https://board.example.org"}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness as bot:
        bot.emu.add_user("李明-市人才办", user_id=TALENT_OFFICIAL)
        bot.emu.private(TALENT_OFFICIAL, "/start")
        author = bot.emu.add_user(AUTHOR)
        bot.emu.join(GROUP, author)
        await bot.settle()
        await propose(bot, author, PROPOSAL)
        await propose(bot, author, "#人才 建议在科技园旁边开设人才服务驿站，一站式办理落户手续")
        bot.emu.private(TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
        await bot.settle()
        rating = next(m for m in bot.emu.sent(chat_id=GROUP)
                      if any(data == "rate:1:satisfied" for row in m.reply_markup for _label, data in row))
        bot.emu.press(GROUP, author, rating.message_id, data="rate:1:satisfied")
        await bot.settle()
        await bot.advance(200)  # #2 is past its deadline: yellow and red cards
        yield Board(bot, bot.rt.web_url, answered=1, waiting=2)
    await harness.emu.stop()
