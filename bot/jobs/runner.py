"""Scheduled work, run the same way in production, in tests and in ``delibot simulate``.

Each job is a plain coroutine taking the services and the bot. Production lets APScheduler call
``run_due`` every few seconds (and a cron trigger for the digest hour); tests and the simulation
call ``run_due`` themselves after moving their clock. Jobs are safe to run again at any moment:
each claims its period in the database (a row per job and period) before acting, so a restart or
a second replica resumes work without losing or doubling it.

On a stop the runner takes no more work, lets the jobs running finish for a grace period, then
cancels what is left and logs which were cancelled: a cancelled job is resumed by the next
start, and nothing runs on after the database engine is closed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot

from bot.services import Services

log = logging.getLogger("delibot.jobs")

JobFunc = Callable[[Services, Bot], Coroutine[Any, Any, Any]]


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
        self.stopping = False
        self._running: dict[asyncio.Task[Any], str] = {}

    def add(self, name: str, every: timedelta, run: JobFunc) -> None:
        self.jobs.append(Job(name, every, run))

    @property
    def running(self) -> list[str]:
        return sorted(self._running.values())

    async def run_due(self, *, force: bool = False) -> None:
        """Run every job whose interval has passed on the services' clock."""
        now = self.services.clock.now()
        for job in self.jobs:
            if self.stopping:
                return
            if force or job.last_run is None or now - job.last_run >= job.every:
                job.last_run = now
                await self.run(job)

    async def run(self, job: Job) -> None:
        if self.stopping:
            return
        # a task of its own, so a stop can cancel the job without cancelling its caller
        task = asyncio.get_running_loop().create_task(job.run(self.services, self.bot))
        self._running[task] = job.name
        try:
            await asyncio.shield(task)
            self.services.metrics.jobs.labels(job=job.name).inc()
        except asyncio.CancelledError:
            if task.cancelled():
                log.info("job cancelled job=%s", job.name)
            elif not self.stopping:
                raise
            # else: the scheduler cancels its calls when it shuts down; the job itself goes on
            # in its own task, and stop() waits for it or cancels it

        except Exception:
            log.exception("job failed job=%s", job.name)
        finally:
            if task.done():
                self._running.pop(task, None)

    async def stop(self, grace: float) -> None:
        """Take no more work; wait up to ``grace`` seconds for the jobs running, cancel the rest."""
        self.stopping = True
        tasks = list(self._running)
        if not tasks:
            return
        log.info("waiting for running jobs jobs=%s", ",".join(sorted(self._running.values())))
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            log.warning("job cancelled at shutdown job=%s", self._running.get(task, "?"))
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        for task in tasks:
            self._running.pop(task, None)

    async def run_named(self, name: str) -> None:
        for job in self.jobs:
            if job.name == name:
                await self.run(job)
