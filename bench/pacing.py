"""Send pacing: digest-sized messages to many private chats under Telegram's limits, for real.

A real aiogram Bot with the production request middleware (``bot.telegram.RetryMiddleware`` and
``Pacer``) sends one message after another, as the outbox job does, to the emulator over HTTP with
its rate limits on and in real time, round-robin over ``CHATS`` users who each opened a private
chat. Telegram allows about 30 messages a second overall: the figure is the rate achieved, and the
429 answers the emulator gave must be none (a 429 means a pause of a second or more).
This one runs once (about 35 s for 1,000 messages); there is no warm-up beyond the first sends.
"""

from __future__ import annotations

import time

from aiogram.client.default import DefaultBotProperties

from bench.production import TOKEN
from bench.report import Row, Run
from bench.traffic import real_name
from bot.telegram.pacing import Pacer
from bot.telegram.retry import RetryMiddleware
from emulator import Emulator

CHATS = 40
TARGET = 0.9 * 30


def digest_text(i: int) -> str:
    """About 3,000 characters of Telegram HTML, as an official's daily digest part."""
    lines = [f"<b>每日摘要 2026-11-{(i % 28) + 1:02d}</b>", "", "<b>新建言（25）</b>"]
    for k in range(25):
        number = i * 25 + k
        lines.append(
            f'• <a href="https://t.me/c/1234567890/{number}">#{number}</a> 建议设立青年人才公寓，降低'
            f"租房成本，完善配套服务设施，吸引更多青年人才来区就业创业 —— {real_name(number)}（支持 {k}）"
        )
    return "\n".join(lines)


async def run(env: Run) -> list[Row]:
    count = env.size(1_000, 300)
    emu = Emulator(token=TOKEN, bot_username="delibot", rate_limits=True)
    await emu.start()
    bot = emu.make_bot(default=DefaultBotProperties(parse_mode="HTML"))
    retry = RetryMiddleware(Pacer())
    bot.session.middleware(retry)
    try:
        users = [emu.add_user(real_name(i)) for i in range(CHATS)]
        for uid in users:
            emu.private(uid, "/start")
        texts = [digest_text(i) for i in range(count)]
        start = time.perf_counter()
        for i, text in enumerate(texts):
            await bot.send_message(users[i % CHATS], text)
        elapsed = time.perf_counter() - start
        refused = emu.stats.too_many_requests
        errors = emu.stats.errors - refused
    finally:
        await bot.session.close()
        await emu.stop()
    rate = count / elapsed
    return [
        Row("send pacing: digests to private chats, real time", rate, "msg/s", ">= 27 msg/s and no 429",
            rate / 30, rate >= TARGET and refused == 0 and errors == 0,
            f"{count} messages to {CHATS} chats in {elapsed:.1f}s; 429 answers: {refused}; "
            f"other errors: {errors}; retries: {retry.retried}; ratio is to Telegram's 30/s"),
    ]
