"""What long polling reads: one update that does not parse must not stop the ones after it.

aiogram validates a ``getUpdates`` answer as a whole. One update it cannot parse fails the whole
call, and polling asks again from the same offset for ever, each failure logging the whole
answer, names and message texts included. This request middleware parses the answer one update
at a time instead, skips what does not parse (``bot.telegram.malformed``), and moves the offset
past it so Telegram drops it.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import ClientDecodeError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from pydantic import ValidationError

from bot.telegram.malformed import skipped


class MalformedUpdates(BaseRequestMiddleware):
    def __init__(self) -> None:
        self.skipped = 0

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any],
    ) -> Any:
        # the chain returns the method's result (aiogram's annotation says Response)
        if not isinstance(method, GetUpdates):
            return await make_request(bot, method)
        try:
            return await make_request(bot, method)
        except ClientDecodeError as exc:
            answer = exc.data
            if not (isinstance(answer, dict) and answer.get("ok") is True
                    and isinstance(answer.get("result"), list)):
                raise  # not an answer with updates in it: polling's own back-off applies
            return self._parse(bot, method, answer["result"])

    def _parse(self, bot: Bot, method: GetUpdates, raw: list[Any]) -> list[Update]:
        updates: list[Update] = []
        last_bad: int | None = None
        for item in raw:
            try:
                updates.append(Update.model_validate(item, context={"bot": bot}))
            except ValidationError as error:
                update_id = skipped(item, error)
                self.skipped += 1
                if update_id is not None:
                    last_bad = max(update_id, last_bad or update_id)
        # polling sets the offset after each update it yields; past a bad update that comes last
        # only this can move it (the method object is the one polling reuses)
        if last_bad is not None and all(u.update_id < last_bad for u in updates):
            method.offset = last_bad + 1
        return updates
