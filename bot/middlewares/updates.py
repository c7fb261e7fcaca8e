"""Around every update: one chat at a time, count it in flight, give it one unit of work,
commit on success.

Outer middleware on ``update`` so it wraps all routers; it always ``return await handler(...)``
and lets exceptions reach the error router. The unit of work opens no connection unless a
handler uses it, so ordinary group messages cost no database round-trip here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram.types import TelegramObject, Update

from bot.middlewares.base import Handler, ServiceMiddleware
from bot.services import Services
from bot.telegram.holding import hold
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.updates")


class _ChatLock:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatLocks:
    """One chat's updates are handled one at a time, in the order they came.

    This is what aiogram's FSM ``events_isolation`` would give, without the FSM (the bot keeps no
    conversation state: ~35 µs an update) and without keeping a lock for every chat ever seen:
    a chat's lock lives while an update of that chat is being handled or waits.
    """

    def __init__(self) -> None:
        self._held: dict[int, _ChatLock] = {}

    def __len__(self) -> int:
        return len(self._held)

    async def acquire(self, chat_id: int) -> None:
        entry = self._held.get(chat_id)
        if entry is None:
            entry = self._held[chat_id] = _ChatLock()
        entry.users += 1
        try:
            await entry.lock.acquire()
        except BaseException:
            self._leave(chat_id, entry)
            raise

    def release(self, chat_id: int) -> None:
        entry = self._held[chat_id]
        entry.lock.release()
        self._leave(chat_id, entry)

    def _leave(self, chat_id: int, entry: _ChatLock) -> None:
        entry.users -= 1
        if entry.users == 0:
            del self._held[chat_id]


class UpdateMiddleware(ServiceMiddleware):
    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.chats = ChatLocks()

    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat = data.get("event_chat")
        if chat is None:
            return await self._counted(handler, event, data)
        await self.chats.acquire(chat.id)
        try:
            # a call that must wait gives the chat's turn away meanwhile (bot.telegram.holding)
            with hold(lambda: self.chats.release(chat.id), lambda: self.chats.acquire(chat.id)):
                return await self._counted(handler, event, data)
        finally:
            self.chats.release(chat.id)

    async def _counted(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        services = self.services
        services.in_flight.enter()
        try:
            return await self._run(handler, event, data)
        except Exception:
            services.metrics.update_errors.inc()
            update_id = event.update_id if isinstance(event, Update) else None
            log.exception("update failed update_id=%s", update_id)
            raise
        finally:
            services.in_flight.leave()

    async def _run(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        return await self._handle(handler, event, data, inline=False)

    async def _handle(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any], *, inline: bool
    ) -> Any:
        services = self.services
        async with services.uow() as uow:
            data["uow"] = uow
            with hold(lambda: _commit_for_wait(uow)):
                result = await handler(event, data)
            await uow.commit()
            queued = uow.enqueued
        if queued:
            waker = services.outbox_waker
            if waker is not None:
                await waker.deliver() if inline else waker.wake()
        return result


async def _commit_for_wait(uow: UnitOfWork) -> None:
    """Before a long wait, what the handler wrote so far is committed (never inside a savepoint)."""
    if not uow.session.in_nested_transaction():
        await uow.commit()


class SerialUpdateMiddleware(UpdateMiddleware):
    """The simulation's: one thing at a time (updates, job runs, deliveries share ``serial``),
    and deliveries inline, so a seed replays exactly. Production never builds it."""

    def __init__(self, services: Services, serial: asyncio.Lock) -> None:
        super().__init__(services)
        self.serial = serial

    async def _run(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.serial:
            return await self._handle(handler, event, data, inline=True)
