"""Delivers the outbox: every message scheduled work decided to send, once.

A row is marked sent in its own commit right after Telegram accepts it, so a crash can at worst
repeat the one message in flight, never skip one. The client session's middleware already paces
sends and retries 429 and 5xx; what still fails is rescheduled with backoff, and a recipient who
never opened a private chat is served through the row's fallback chat when there is one.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from datetime import timedelta
from typing import Any

from aiogram import Bot, methods
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
)
from aiogram.types import BufferedInputFile

from bot.services import Services
from deliberation.outbox import OutboxRecord
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.outbox")
MAX_ATTEMPTS = 8
# longer than any send can take, 429 waits included: a row is only taken again after a crash
LEASE = timedelta(minutes=10)


def _method(record: OutboxRecord) -> methods.TelegramMethod[Any]:
    params = dict(record.params)
    for name in ("photo", "document"):
        encoded = params.pop(f"{name}_b64", None)
        if encoded is not None:
            filename = params.pop("filename", f"{name}.png")
            params[name] = BufferedInputFile(base64.b64decode(encoded), filename=filename)
    cls = getattr(methods, record.method[0].upper() + record.method[1:])
    return cls(chat_id=record.chat_id, **params)


async def deliver_due(services: Services, bot: Bot, limit: int = 200) -> int:
    """Send what is due now; returns how many rows were delivered.

    One unit of work serves the whole run: it commits the take, then each row's outcome right
    after its send, and opens no new session per row."""
    delivered = 0
    async with services.uow() as uow:
        while True:
            rows = await uow.outbox.take(services.clock.now(), lease=LEASE, limit=limit)
            await uow.commit()
            if not rows:
                return delivered
            for record in rows:
                delivered += await _send(services, uow, bot, record)
            if len(rows) < limit:
                return delivered


async def _deliver(services: Services, bot: Bot, record: OutboxRecord) -> int:
    """One taken row, in a unit of work of its own."""
    async with services.uow() as uow:
        return await _send(services, uow, bot, record)


async def _send(services: Services, uow: UnitOfWork, bot: Bot, record: OutboxRecord) -> int:
    """Send one taken row and commit its outcome at once."""
    try:
        result = await bot(_method(record))
    except TelegramForbiddenError as exc:
        return await _undeliverable(services, uow, record, str(exc))
    except TelegramBadRequest as exc:
        if "chat not found" in str(exc).lower() and record.fallback_chat_id:
            return await _undeliverable(services, uow, record, str(exc))
        log.warning("outbox rejected id=%s kind=%s error=%s", record.id, record.kind, exc.message)
        await uow.outbox.mark_failed(record.id, services.clock.now(), str(exc))
        await uow.commit()
        return 0
    except TelegramAPIError as exc:
        now = services.clock.now()
        if record.attempts + 1 >= MAX_ATTEMPTS:
            await uow.outbox.mark_failed(record.id, now, str(exc))
        else:
            delay = timedelta(seconds=min(3600, 5 * 2**record.attempts))
            await uow.outbox.retry_later(record.id, now, delay, str(exc))
        await uow.commit()
        return 0
    message_id = getattr(result, "message_id", None)
    sent = {"message_id": message_id} if message_id else {}
    await uow.outbox.mark_sent(record.id, services.clock.now(), sent)
    await uow.commit()
    services.metrics.outbox_sent.labels(kind=record.kind).inc()
    return 1


async def _undeliverable(services: Services, uow: UnitOfWork, record: OutboxRecord, error: str) -> int:
    if record.fallback_chat_id:
        log.info("outbox fallback id=%s kind=%s", record.id, record.kind)
        await uow.outbox.redirect(record.id, record.fallback_chat_id, services.clock.now())
    else:
        await uow.outbox.mark_failed(record.id, services.clock.now(), error)
        for hook in services.hooks.undeliverable:
            await hook(services, uow, record)
    await uow.commit()
    return 0


class OutboxWaker:
    """Delivers right after an update queued something, instead of at the next tick.

    Counted in flight, so a graceful stop (and the test harness) waits for it; wakes that come
    while a delivery runs make it go round once more.
    """

    def __init__(self, services: Services, bot: Bot) -> None:
        self.services = services
        self.bot = bot
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def wake(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self.services.in_flight.enter()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def deliver(self) -> None:
        """Deliver now, in the caller's task (the simulation, which runs one thing at a time)."""
        await deliver_due(self.services, self.bot)

    async def _run(self) -> None:
        try:
            while True:
                self._again = False
                await deliver_due(self.services, self.bot)
                if not self._again:
                    return
        except Exception:
            log.exception("outbox delivery failed")
        finally:
            self.services.in_flight.leave()
