"""A request middleware for aiogram's client session: pace sends, retry Telegram's faults politely.

429 waits ``retry_after`` (and holds the chat back for everyone); 5xx, network errors and timeouts
back off exponentially. A timed-out send may in rare cases have reached Telegram, which offers no
idempotency key; we accept a rare duplicate over a lost message.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod

from bot.telegram.pacing import SEND_METHODS, Pacer, Sleep

log = logging.getLogger(__name__)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        pacer: Pacer,
        *,
        attempts: int = 6,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        sleep: Sleep = asyncio.sleep,
        metrics: Any = None,
    ) -> None:
        self.pacer = pacer
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._sleep = sleep
        self.metrics = metrics
        self.retried = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        name = method.__api_method__
        chat_id = getattr(method, "chat_id", None)
        paced = name in SEND_METHODS and isinstance(chat_id, int)
        for attempt in range(1, self.attempts + 1):
            if paced:
                await self.pacer.acquire(chat_id)  # type: ignore[arg-type]
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self.attempts:
                    raise
                self.retried += 1
                self._count("retry_after")
                log.warning(
                    "telegram 429 method=%s chat_id=%s retry_after=%s", name, chat_id, exc.retry_after
                )
                self.pacer.block(chat_id if isinstance(chat_id, int) else None, exc.retry_after)
                if not paced:
                    await self._sleep(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError, TimeoutError) as exc:
                if attempt == self.attempts or name == "getUpdates":
                    raise
                self.retried += 1
                self._count("server_error")
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                delay *= 0.75 + random.random() / 2  # jitter, so replicas do not retry in step
                log.warning(
                    "telegram fault method=%s chat_id=%s attempt=%d error=%s",
                    name, chat_id, attempt, type(exc).__name__,
                )
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _count(self, kind: str) -> None:
        if self.metrics is not None:
            self.metrics.telegram_retries.labels(kind=kind).inc()
