"""Long polling with a standby: one replica polls, the others wait for its lease to end.

Telegram answers a second concurrent getUpdates with 409, so two pollers would knock each other
off. The poller holds ``<prefix>:poller`` (renewed every ``RENEW_EVERY``, ends ``LEASE_TTL``
after the last renewal); the others try to take it every ``STANDBY_PAUSE`` and so take over
within seconds of the poller dying. A batch is handled in full (updates of different chats at
once, each chat in order) before the next getUpdates confirms it with its offset, so what the
dead poller fetched but had not finished comes again to the next one; what it had finished is
marked handled (``bot.replicas.updates``) and skipped. A batch in which an update failed because
Redis or the database was away is not confirmed but fetched again after a pause.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError

from bot.replicas.coordination import Coordination

log = logging.getLogger("delibot.replicas")

LEASE_TTL_MS = 5_000
RENEW_EVERY = 1.5
STANDBY_PAUSE = 0.5
_RENEW = ("if redis.call('GET', KEYS[1]) == ARGV[1] then "
          "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0")
_FREE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
# an update that failed for one of these was not handled: the batch is fetched again
UNAVAILABLE: tuple[type[BaseException], ...] = (RedisError, DBAPIError, OSError)


class PollingLease:
    def __init__(self, coordination: Coordination) -> None:
        self.c = coordination
        self.key = coordination.key("poller")
        self._renew = coordination.redis.register_script(_RENEW)
        self._free = coordination.redis.register_script(_FREE)

    async def take(self) -> bool:
        return bool(await self.c.redis.set(self.key, self.c.member, nx=True, px=LEASE_TTL_MS))

    async def renew(self) -> bool:
        return bool(await self._renew(keys=[self.key], args=[self.c.member, LEASE_TTL_MS]))

    async def give_up(self) -> None:
        with contextlib.suppress(Exception):
            await self._free(keys=[self.key], args=[self.c.member])

    async def keep(self, lost: asyncio.Event) -> None:
        """Renew until a renewal fails (Redis away, or the lease ran out and another took it)."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                ours = await self.renew()
            except Exception as exc:
                log.warning("polling lease not renewed cause=%s", type(exc).__name__)
                ours = False
            if not ours:
                lost.set()
                return


async def _first(*events: asyncio.Event | asyncio.Task[object]) -> None:
    waiters = [e if isinstance(e, asyncio.Task) else asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w, e in zip(waiters, events, strict=True):
            if w is not e:
                w.cancel()


async def poll_with_standby(
    coordination: Coordination, dp: Dispatcher, bot: Bot, stop: asyncio.Event, *,
    allowed_updates: Sequence[str], polling_timeout: int = 30,
) -> None:
    lease = PollingLease(coordination)
    standing_by = False
    while not stop.is_set():
        try:
            taken = await lease.take()
        except Exception as exc:
            log.warning("polling lease unreachable cause=%s", type(exc).__name__)
            taken = False
        if not taken:
            if not standing_by:
                log.info("standing by: another replica polls member=%s", coordination.member)
                standing_by = True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), STANDBY_PAUSE)
            continue
        standing_by = False
        log.info("polling lease taken member=%s", coordination.member)
        lost = asyncio.Event()
        keeper = asyncio.get_running_loop().create_task(lease.keep(lost))
        try:
            await _poll(dp, bot, stop, lost, list(allowed_updates), polling_timeout)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            await lease.give_up()
        if lost.is_set():
            log.warning("polling lease lost member=%s", coordination.member)


async def _poll(dp: Dispatcher, bot: Bot, stop: asyncio.Event, lost: asyncio.Event,
                allowed: list[str], timeout: int) -> None:
    offset: int | None = None
    pause = 0.5
    while not stop.is_set() and not lost.is_set():
        call = GetUpdates(offset=offset, timeout=timeout, allowed_updates=allowed)
        fetch = asyncio.get_running_loop().create_task(bot(call, request_timeout=timeout + 10))
        await _first(fetch, stop, lost)  # type: ignore[arg-type]
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch
            return
        try:
            updates: list[Update] = fetch.result()
        except Exception as exc:
            log.warning("getUpdates failed cause=%s; again in %.1fs", type(exc).__name__, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 10.0)
            continue
        pause = 0.5
        if not updates:
            continue
        outcomes = await asyncio.gather(*(dp.feed_update(bot, u) for u in updates), return_exceptions=True)
        unavailable = [o for o in outcomes if isinstance(o, UNAVAILABLE)]
        if unavailable:
            log.warning("batch not confirmed: %d updates failed cause=%s; fetched again",
                        len(unavailable), type(unavailable[0]).__name__)
            await asyncio.sleep(1.0)
            continue
        offset = updates[-1].update_id + 1
