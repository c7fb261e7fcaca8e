"""The webhook as replicas run it (answering once the update was handled): an update that does not
parse is answered 200 and skipped, where aiogram's handler answers 500 and Telegram would deliver
it again for ever, every later update waiting behind it."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Message
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.http import add_webhook

SECRET = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}


def _update(update_id: int, message_id: Any, name: str = "王小明") -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": message_id, "date": 1_790_000_000, "text": "你好",
        "chat": {"id": 42, "type": "private"}, "from": {"id": 42, "is_bot": False, "first_name": name}}}


async def test_a_malformed_update_is_answered_200_and_the_next_one_is_handled(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    handled: list[int] = []
    dp = Dispatcher()

    @dp.message()
    async def seen(message: Message) -> None:
        handled.append(message.message_id)

    bot = Bot("123456:TEST")
    app = web.Application()
    handler = add_webhook(app, dp, bot, "/tg", "s3cret", background=False)
    async with TestClient(TestServer(app)) as client:
        bad = await client.post("/tg", json=_update(1, "not a number", name="张三秘密"), headers=SECRET)
        assert bad.status == 200
        good = await client.post("/tg", json=_update(2, 7), headers=SECRET)
        assert good.status == 200
        assert (await client.post("/tg", json=_update(3, 8))).status == 401  # no secret: refused
    await bot.session.close()
    assert handled == [7] and handler.skipped == 1
    assert "malformed update skipped update_id=1 fields=message.message_id" in caplog.text
    assert "张三" not in caplog.text
