"""Claims that only guard against doing something twice for a while are deleted once that while is
over: otherwise the claims table grows by a row with every command, button press and FAQ answer.

Deleting is safe to repeat, so every replica may run it. It reads only that job's rows (the first
column of the claims' key), which the deletion itself keeps to a few days' worth.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot

from bot.jobs.runner import JobFunc
from bot.services import Services

log = logging.getLogger("delibot.jobs")

EVERY = timedelta(hours=6)
# an update that acts (a command, a button press) is claimed once (bot.middlewares.once);
# Telegram redelivers an update within a day at most
UPDATE_CLAIMS_KEPT = timedelta(days=7)


def forgetting(job: str, keep_for: timedelta) -> JobFunc:
    """A job that deletes ``job``'s claims older than ``keep_for``."""

    async def forget(services: Services, bot: Bot) -> None:
        async with services.uow.transaction() as uow:
            count = await uow.claims.forget(job, before=services.clock.now() - keep_for)
        if count:
            log.info("claims forgotten job=%s count=%d", job, count)

    return forget
