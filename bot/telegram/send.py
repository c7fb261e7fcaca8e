"""The one send path: every Bot API call the bot makes passes this one policy.

It is the client session's request middleware, so sends, edits, callback answers and member
actions, whether made by a handler, a job or the outbox, cannot go around it:

- paced: calls that write to a chat wait for that chat's slot and the overall one, other writes
  for the overall one (``bot.telegram.pacing``);
- retried with back-off on 429 (honouring ``retry_after``, which also holds the chat back for
  every other caller), 5xx, network errors, timeouts and answers that cannot be decoded (a
  proxy's HTML 502, a truncated body), a bounded number of times;
- a wait longer than ``STEP_ASIDE_AFTER`` lets go of what the calling update holds (its chat's
  turn, its write transaction: ``bot.telegram.holding``);
- a caller that cannot afford to wait (the outbox, which has other rows to send) says how long it
  will wait (``options(patience=...)``) and gets ``Deferred`` instead of a longer wait.

A timed-out or undecodable send may in rare cases have reached Telegram, which offers no
idempotency key; we accept a rare duplicate over a lost message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import Response, TelegramMethod

from bot.telegram.holding import stepped_aside
from bot.telegram.pacing import GLOBAL_METHODS, SEND_METHODS, Pacer, Sleep

log = logging.getLogger("delibot.telegram")

STEP_ASIDE_AFTER = 1.0  # seconds: shorter waits keep the chat's turn and the transaction
# faults worth another attempt: Telegram's or the network's, not the request's
TRANSIENT: tuple[type[BaseException], ...] = (
    TelegramServerError, TelegramNetworkError, ClientDecodeError, TimeoutError, aiohttp.ClientError,
)


class Deferred(Exception):
    """The call would have had to wait ``seconds``, longer than its caller's patience."""

    def __init__(self, method: str, seconds: float) -> None:
        super().__init__(f"{method} deferred {seconds:.1f}s")
        self.method = method
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class CallOptions:
    patience: float | None = None  # None: wait as long as the limits require
    attempts: int | None = None  # None: the policy's


_DEFAULT = CallOptions()
_OPTIONS: ContextVar[CallOptions | None] = ContextVar("delibot_call_options", default=None)


@contextlib.contextmanager
def options(*, patience: float | None = None, attempts: int | None = None) -> Iterator[None]:
    """Calls made in the ``with`` block (in this task) wait at most ``patience`` seconds and are
    tried at most ``attempts`` times."""
    token = _OPTIONS.set(CallOptions(patience, attempts))
    try:
        yield
    finally:
        _OPTIONS.reset(token)


def failure_kind(exc: BaseException) -> str:
    """A short, stable name for why a call failed: for logs, metrics and the outbox's rows."""
    if isinstance(exc, Deferred):
        return "deferred"
    if isinstance(exc, TelegramRetryAfter):
        return "rate_limited"
    if isinstance(exc, TelegramServerError):
        return "server_error"
    if isinstance(exc, ClientDecodeError):
        return "undecodable"
    if isinstance(exc, TimeoutError) or (
        isinstance(exc, TelegramNetworkError) and "timeout" in exc.message.lower()
    ):
        return "timeout"
    if isinstance(exc, (TelegramNetworkError, aiohttp.ClientError, OSError)):
        return "network"
    if isinstance(exc, TelegramForbiddenError):
        return "forbidden"
    if isinstance(exc, TelegramBadRequest):
        return "rejected"
    return type(exc).__name__


def describe(exc: BaseException) -> str:
    """The cause in one line, without the request (which may carry names and texts)."""
    if isinstance(exc, ClientDecodeError):
        return "the answer is not Telegram's JSON (a proxy's error page or a cut-off body?)"
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:200]


class SendPolicy(BaseRequestMiddleware):
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
        if name == "getUpdates":  # the dispatcher's polling loop has its own back-off
            return await make_request(bot, method)
        chat_id = getattr(method, "chat_id", None)
        chat = chat_id if isinstance(chat_id, int) else None
        lane = chat if name in SEND_METHODS else None
        paced = name in SEND_METHODS or name in GLOBAL_METHODS
        opts = _OPTIONS.get() or _DEFAULT
        attempts = opts.attempts or self.attempts
        for attempt in range(1, attempts + 1):
            if paced:
                await self._pace(name, lane, opts.patience)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                self._count("retry_after")
                await self.pacer.hold(chat, exc.retry_after)
                log.warning("telegram 429 method=%s chat_id=%s retry_after=%s attempt=%d",
                            name, chat_id, exc.retry_after, attempt)
                if opts.patience is not None and exc.retry_after > opts.patience:
                    raise Deferred(name, exc.retry_after) from exc  # not the call's fault
                if attempt == attempts:
                    raise
                self.retried += 1
                if lane is None:  # a paced call waits for the block in its next slot
                    await self._wait(exc.retry_after)
            except TRANSIENT as exc:
                kind = failure_kind(exc)
                self._count(kind)
                if attempt == attempts:
                    raise  # the caller says what it means (one line, not two)
                log.warning("telegram fault method=%s chat_id=%s attempt=%d/%d kind=%s cause=%s",
                            name, chat_id, attempt, attempts, kind, describe(exc))
                self.retried += 1
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                delay *= 0.75 + random.random() / 2  # jitter, so replicas do not retry in step
                if opts.patience is not None and delay > opts.patience:
                    raise Deferred(name, delay) from exc
                await self._wait(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pace(self, name: str, lane: int | None, patience: float | None) -> None:
        reserved, delay = await self.pacer.admit(lane, within=patience)
        if not reserved:
            raise Deferred(name, delay)
        if delay > 0:
            self.pacer.waited += delay
            await self._wait(delay)

    async def _wait(self, seconds: float) -> None:
        if seconds >= STEP_ASIDE_AFTER:
            async with stepped_aside():
                await self._sleep(seconds)
        else:
            await self._sleep(seconds)

    def _count(self, kind: str) -> None:
        if self.metrics is not None:
            self.metrics.telegram_retries.labels(kind=kind).inc()
