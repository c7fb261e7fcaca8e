"""Inline predicates without a thread hop.

aiogram runs a synchronous filter (including a magic ``F`` expression) with ``asyncio.to_thread``,
about 130 µs each here; a ``Filter`` subclass with an async ``__call__`` runs inline. Use
``Where(lambda m: ...)`` wherever ``F`` would do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters import Filter
from aiogram.types import ChatMemberUpdated, Message, TelegramObject


class Where(Filter):
    def __init__(self, predicate: Callable[[Any], object]) -> None:
        self.predicate = predicate

    async def __call__(self, event: TelegramObject) -> bool:
        return bool(self.predicate(event))


class FreshJoin(Filter):
    """The first news of a join (see ``bot.middlewares.membership``); passes the users on."""

    async def __call__(self, event: Message | ChatMemberUpdated, joined: Any = None) -> bool | dict[str, Any]:
        if joined is None or not joined.users:
            return False
        return {"new_users": joined.users}


class IsReply(Filter):
    async def __call__(self, event: Message) -> bool | dict[str, Any]:
        reply = event.reply_to_message
        if reply is None or reply.from_user is None:
            return False
        return {"target_message": reply}
