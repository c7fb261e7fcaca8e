"""Turns a process into one replica of several: what ``Runtime`` calls when ``[redis] url`` is set."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from bot.features.moderation.state import moderation_state
from bot.jobs.outbox import delivery_state
from bot.replicas.changes import ChangeFeed
from bot.replicas.coordination import Coordination, connect
from bot.replicas.flood import RedisFlood
from bot.replicas.pacing import RedisPacer
from bot.services import Services
from bot.settings import Settings

log = logging.getLogger("delibot.replicas")
MIGRATION_LOCK_TIMEOUT = 600  # seconds: the longest a migration may take


def coordinate(settings: Settings, services: Services, *, shared_pacing: bool = True) -> Coordination:
    """Wire the replica's shared parts into ``services`` (before the bot and dispatcher are built)."""
    state = delivery_state(services)
    member = f"{state.instance}#{state.run}"
    c = services.keep(connect(settings.redis.url, settings.redis.prefix, member))
    services.keep(ChangeFeed(services, c))
    if shared_pacing:
        services.pacer = RedisPacer(c)
    share_flood_windows(services, c)
    return c


def share_flood_windows(services: Services, c: Coordination) -> None:
    """Moderation decides floods by windows in Redis; its own windows stay, for when Redis fails.
    The wiring reaches into the feature so that the feature never needs to know about replicas."""
    state = moderation_state(services)
    state.flood = RedisFlood(c, state.floods.__getitem__, state.windows)


@contextlib.asynccontextmanager
async def migration_turn(c: Coordination) -> AsyncIterator[None]:
    """Replicas started together migrate one after the other; the later ones find nothing to do."""
    async with c.redis.lock(c.key("migrate"), timeout=MIGRATION_LOCK_TIMEOUT,
                            blocking_timeout=MIGRATION_LOCK_TIMEOUT, sleep=0.2):
        yield


async def start(c: Coordination, services: Services) -> None:
    await c.start()
    c.spawn(services.state(ChangeFeed).listen())
    log.info("replica started member=%s prefix=%s", c.member, c.prefix)
