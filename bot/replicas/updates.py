"""Updates across replicas: one chat at a time over all of them, each update handled once.

- **Chat order.** Within a process the FIFO ``ChatLocks`` keep a chat's updates in arrival order;
  across processes aiogram's ``RedisEventIsolation`` holds a Redis lock per chat while an update
  is handled. Its timeout (``CHAT_LOCK_TIMEOUT``) is longer than any handler holds it (a wait for
  a send slot steps aside and gives the chat's turn away), so it only ends early for a replica
  that died holding it; it is released on error as on success.
- **Once per update.** Telegram delivers an update again when the answer was slow or the replica
  died mid-update, and a standby poller fetches what the dead poller had not confirmed. An update
  is claimed by id (``busy``, renewed by the heartbeat while it is handled) and marked ``done``
  after its unit of work committed; a second copy waits while it is busy, is skipped once it is
  done, and is handled when the claim was given up (a failure) or ran out (the owner died).
  The webhook answers only after handling, so nothing is acknowledged that was not handled.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from aiogram.types import TelegramObject, Update
from redis.exceptions import LockError

from bot.middlewares.base import Handler
from bot.middlewares.updates import ChatLocks, UpdateMiddleware
from bot.replicas.coordination import Coordination
from bot.services import Services
from bot.telegram.holding import hold

log = logging.getLogger("delibot.replicas")

CHAT_LOCK_TIMEOUT = 15.0  # seconds: a dead replica's chat lock ends after this
CLAIM_TTL_MS = 10_000  # a busy claim not renewed for this long belonged to a replica that died
DONE_TTL = 26 * 3600  # Telegram keeps an unconfirmed update for 24 hours
_FREE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

# the roster changes an update made, published once it committed (bot.replicas.changes)
PENDING: ContextVar[list[dict[str, Any]] | None] = ContextVar("delibot_pending_changes", default=None)


class UpdateClaims:
    def __init__(self, coordination: Coordination) -> None:
        self.c = coordination
        self.busy = f"busy:{coordination.member}"
        self.held: set[int] = set()
        self._free = coordination.redis.register_script(_FREE_IF_OURS)
        coordination.renewals.append(self.renew)

    def key(self, update_id: int) -> str:
        return self.c.key("update", update_id)

    async def claim(self, update_id: int) -> bool:
        """True: this replica handles the update now. False: it was handled already (perhaps
        while this copy waited for the replica handling it)."""
        redis, key, pause = self.c.redis, self.key(update_id), 0.01
        while True:
            if await redis.set(key, self.busy, nx=True, px=CLAIM_TTL_MS):
                self.held.add(update_id)
                return True
            value = await redis.get(key)
            if value == b"done":
                return False
            if value is not None:
                await asyncio.sleep(pause)  # another replica has it: wait for its outcome
                pause = min(pause * 2, 0.2)

    async def finish(self, update_id: int) -> None:
        self.held.discard(update_id)
        await self.c.redis.set(self.key(update_id), "done", ex=DONE_TTL)

    async def abandon(self, update_id: int) -> None:
        """It failed: a redelivery is handled again."""
        self.held.discard(update_id)
        await self._free(keys=[self.key(update_id)], args=[self.busy])

    async def renew(self) -> None:
        if not self.held:
            return
        async with self.c.redis.pipeline(transaction=False) as pipe:
            for update_id in list(self.held):
                pipe.pexpire(self.key(update_id), CLAIM_TTL_MS, xx=True)
            await pipe.execute()


class RedisChatLocks:
    """``ChatLocks`` in the process, then aiogram's Redis lock for the chat across processes."""

    def __init__(self, services: Services, coordination: Coordination) -> None:
        self.services = services
        self.local = ChatLocks()
        self.isolation = RedisEventIsolation(
            coordination.redis,
            key_builder=DefaultKeyBuilder(prefix=coordination.key("chat")),
            lock_kwargs={"timeout": CHAT_LOCK_TIMEOUT, "sleep": 0.01},
        )
        self._held: dict[int, tuple[AbstractAsyncContextManager[None], float]] = {}

    def __len__(self) -> int:
        return len(self.local)

    async def acquire(self, chat_id: int) -> None:
        await self.local.acquire(chat_id)
        try:
            bot_id = self.services.bot_id
            lock = self.isolation.lock(StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=chat_id))
            await lock.__aenter__()
        except BaseException:
            self.local.release(chat_id)
            raise
        self._held[chat_id] = (lock, time.monotonic())

    async def release(self, chat_id: int) -> None:
        lock, since = self._held.pop(chat_id)
        if log.isEnabledFor(logging.DEBUG):  # the multi-process tests check turns never overlap
            log.debug("chat turn chat_id=%s start=%.6f end=%.6f", chat_id, since, time.monotonic())
        try:
            await lock.__aexit__(None, None, None)
        except LockError:  # held past its timeout: another replica may have the chat meanwhile
            log.warning("chat lock ran out before release chat_id=%s", chat_id)
        finally:
            self.local.release(chat_id)


class ReplicaUpdateMiddleware(UpdateMiddleware):
    def __init__(self, services: Services, coordination: Coordination) -> None:
        super().__init__(services)
        self.claims = UpdateClaims(coordination)
        self.locks = RedisChatLocks(services, coordination)
        from bot.replicas.changes import ChangeFeed  # built with the middleware: one per process

        self.changes = services.state(ChangeFeed)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        update_id = event.update_id if isinstance(event, Update) else None
        if update_id is None:
            return await self._chat_turn(handler, event, data)
        if not await self.claims.claim(update_id):
            log.info("update already handled update_id=%s", update_id)
            return None
        pending: list[dict[str, Any]] = []
        token = PENDING.set(pending)
        try:
            result = await self._chat_turn(handler, event, data)
        except BaseException:
            await self.claims.abandon(update_id)
            raise
        finally:
            PENDING.reset(token)
        await self.claims.finish(update_id)
        await self.changes.publish(pending)
        return result

    async def _chat_turn(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat = data.get("event_chat")
        if chat is None:
            return await self._counted(handler, event, data)
        locks = self.locks
        await locks.acquire(chat.id)
        try:
            with hold(lambda: locks.release(chat.id), lambda: locks.acquire(chat.id)):
                return await self._counted(handler, event, data)
        finally:
            await locks.release(chat.id)
