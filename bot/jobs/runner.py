"""Scheduled work, run the same way in production, in tests and in ``delibot simulate``.

Each job is a plain coroutine taking the services and the bot. Production lets APScheduler call
``run_due`` every few seconds (and a cron trigger for the digest hour); tests and the simulation
call ``run_due`` themselves after moving their clock. Jobs are safe to run again at any moment:
each claims its period in the database (a row per job and period) before acting, so a restart or
a second replica resumes work without losing or doubling it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot

from bot.services import Services

log = logging.getLogger("delibot.jobs")

JobFunc = Callable[[Services, Bot], Awaitable[Any]]


@dataclass(eq=False)
class Job:
    name: str
    every: timedelta
    run: JobFunc
    last_run: datetime | None = field(default=None)


class JobRunner:
    def __init__(self, services: Services, bot: Bot) -> None:
        self.services = services
        self.bot = bot
        self.jobs: list[Job] = []

    def add(self, name: str, every: timedelta, run: JobFunc) -> None:
        self.jobs.append(Job(name, every, run))

    async def run_due(self, *, force: bool = False) -> None:
        """Run every job whose interval has passed on the services' clock."""
        now = self.services.clock.now()
        for job in self.jobs:
            if force or job.last_run is None or now - job.last_run >= job.every:
                job.last_run = now
                await self.run(job)

    async def run(self, job: Job) -> None:
        try:
            await job.run(self.services, self.bot)
            self.services.metrics.jobs.labels(job=job.name).inc()
        except Exception:
            log.exception("job failed job=%s", job.name)

    async def run_named(self, name: str) -> None:
        for job in self.jobs:
            if job.name == name:
                await self.run(job)
