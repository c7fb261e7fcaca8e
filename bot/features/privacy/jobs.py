"""The retention pass (保存期限), once a day and claimed per day like the other jobs.

Members who left longer ago than ``[privacy] departed_after`` are anonymised exactly as
``/forget`` would (in the groups they left; everywhere once they are in none), rows kept for a
sanction that has since ended go, and stored texts older than their kind's time are removed
(``deliberation.privacy.RETENTION``). Every step is safe to repeat, so a pass that stopped
half-way is simply run again by the next process.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from aiogram import Bot

from bot.features.privacy.erasure import erase
from bot.features.privacy.state import privacy_state
from bot.jobs.runner import JobRunner
from bot.services import Services
from deliberation.privacy import departed_due, retention_cutoffs
from storage.repositories.privacy import PrivacyRepository

log = logging.getLogger("delibot.privacy")

JOB = "privacy-retention"
PERIOD = timedelta(days=1)
CHECK_EVERY = timedelta(hours=1)  # how often the runner asks; the claim makes it once a day


async def retention_job(services: Services, bot: Bot) -> None:
    state, now = privacy_state(services), services.clock.now()
    period = str(int(now.timestamp() // PERIOD.total_seconds()))
    async with services.uow.transaction() as uow:  # claimed before the pass: a second replica skips it
        claimed = await uow.claims.claim(JOB, period, now=now, owner=services.instance)
    if not claimed and state.caught_up:
        return
    state.caught_up = True
    await run_retention(services)
    async with services.uow.transaction() as uow:
        await uow.claims.mark_done(JOB, period, now=services.clock.now())


async def run_retention(services: Services) -> dict[str, int]:
    """One pass: departed members, ended sanctions, old texts. Returns counts per kind."""
    state, now = privacy_state(services), services.clock.now()
    async with services.uow() as uow:
        rows = await uow.repo(PrivacyRepository).departures(now - state.policy.departed_after)
    due: dict[int, set[int]] = defaultdict(set)
    for row in departed_due(rows, state.policy, now):
        due[row.user_id].add(row.chat_id)
    for user_id, chats in sorted(due.items()):
        # one member per transaction: a long pass never holds the database for long
        async with services.uow.transaction() as uow:
            repo = uow.repo(PrivacyRepository)
            everywhere = not await repo.still_held(user_id, chats)
            await erase(services, uow, user_id, by="retention",
                        chat_ids=None if everywhere else frozenset(chats))
    async with services.uow.transaction() as uow:
        repo = uow.repo(PrivacyRepository)
        done = {"departed": len(due), "ended_sanctions": await repo.end_sanctions(now)}
        done.update(await repo.apply_retention(retention_cutoffs(now)))
    log.info("retention pass %s", " ".join(f"{k}={v}" for k, v in sorted(done.items())))
    return done


def register_jobs(runner: JobRunner) -> None:
    runner.add(JOB, CHECK_EVERY, retention_job)
