"""Writes the activity buffer in batches: on an interval, when it grows large, and at shutdown.

A graceful stop loses nothing; a crash loses at most one interval (``FLUSH_EVERY``) of
"last active" times, which only delays a pruning warning by that much.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import timedelta

from aiogram import Bot

from bot.services import Services
from bot.timefmt import local_day
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.activity")

FLUSH_EVERY = timedelta(seconds=5)
FLUSH_SIZE = 5_000


async def flush_activity(
    services: Services, bot: Bot | None = None, *, into: UnitOfWork | None = None
) -> int:
    """Writes the buffer in a transaction of its own, or inside ``into`` when the caller already
    holds one that may have written (a second writer would wait on SQLite's lock: "database is
    locked"); then a rollback of ``into`` drops the batch, as a crash would."""
    buffer = services.activity
    if not buffer.size:
        return 0
    latest, messages = buffer.drain()
    now = services.clock.now()
    days: dict[tuple[int, str], set[int]] = defaultdict(set)
    for (chat_id, user_id), at in latest.items():
        group = services.groups.get(chat_id)
        if group is not None:
            days[(chat_id, local_day(at, group.timezone))].add(user_id)
    counts = {
        (chat_id, local_day(now, services.groups[chat_id].timezone)): n
        for chat_id, n in messages.items()
        if chat_id in services.groups
    }
    try:
        if into is not None:
            await into.chats.write_activity(latest, days, counts)
        else:
            async with services.uow.transaction() as uow:
                await uow.chats.write_activity(latest, days, counts)
    except Exception:
        # put it back so the next flush retries; newer times win
        for (chat_id, user_id), at in latest.items():
            buffer.touch(chat_id, user_id, at)
        raise
    services.metrics.activity_flushes.inc()
    return len(latest)


def flush_soon(services: Services) -> None:
    """The buffer reached its size bound: write it now rather than at the next interval."""
    task = services.flush_task
    if task is None or task.done():
        services.flush_task = asyncio.get_running_loop().create_task(flush_activity(services))
