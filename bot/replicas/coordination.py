"""The connection to Redis shared by the replica modules, this process's name, and its heartbeat.

A replica is ``host#run`` (the outbox's lease owners start with it); while it lives it keeps
``<prefix>:alive:<host#run>`` fresh, so the others can tell its leases from a dead one's. The same
loop renews the claims on the updates this replica is handling (``bot.replicas.updates``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from redis.asyncio import Redis

from bot.services import Services

log = logging.getLogger("delibot.replicas")

HEARTBEAT_EVERY = 2.0  # seconds
ALIVE_FOR = 10  # seconds without a heartbeat before a replica counts as gone

Renewal = Callable[[], Awaitable[object]]


@dataclass(eq=False)
class Coordination:
    redis: Redis
    prefix: str
    member: str  # this process: host#run
    renewals: list[Renewal] = field(default_factory=list)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def key(self, *parts: object) -> str:
        return ":".join((self.prefix, *(str(p) for p in parts)))

    def alive_key(self, member: str) -> str:
        return self.key("alive", member)

    async def start(self) -> None:
        """Say this replica is alive before it takes any work, then keep saying it."""
        await self.redis.set(self.alive_key(self.member), "1", ex=ALIVE_FOR)
        self.spawn(self._heartbeat())

    def spawn(self, work: Awaitable[None]) -> None:
        self._tasks.append(asyncio.get_running_loop().create_task(work))  # type: ignore[arg-type]

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            try:
                await self.redis.set(self.alive_key(self.member), "1", ex=ALIVE_FOR)
                for renew in self.renewals:
                    await renew()
            except Exception as exc:  # Redis away for a moment: the next beat tries again
                log.warning("replica heartbeat failed cause=%s", type(exc).__name__)

    async def alive(self, members: list[str]) -> set[str]:
        """Which of ``members`` still beat."""
        if not members:
            return set()
        async with self.redis.pipeline(transaction=False) as pipe:
            for m in members:
                pipe.exists(self.alive_key(m))
            answers = await pipe.execute()
        return {m for m, yes in zip(members, answers, strict=True) if yes}

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        with contextlib.suppress(Exception):
            await self.redis.delete(self.alive_key(self.member))  # a graceful stop: gone at once
        await self.redis.aclose()


def connect(url: str, prefix: str, member: str) -> Coordination:
    """Opens nothing yet: the first command connects (and a Redis that is away fails it visibly)."""
    redis = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30)
    return Coordination(redis, prefix, member)


def coordination(services: Services) -> Coordination | None:
    """This process's coordination, or None when it runs alone (no ``[redis] url``)."""
    try:
        return services.state(Coordination)
    except KeyError:
        return None
