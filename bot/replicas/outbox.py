"""Outbox leases of replicas that died are given back within seconds, not after the lease.

A replica killed mid-delivery leaves its rows ``sending`` under its name (``host#run#take``) for
``LEASE`` (ten minutes). With several replicas each checks, every few seconds, which lease holders
still beat (``bot.replicas.coordination``) and makes the rows of those that do not due again, so a
live replica sends them. At worst the one message the dead replica had in flight goes twice
(Telegram offers no idempotency key); none is lost. This replaces the single process's start-up
``release_stale``, which would take rows from a live replica on the same host.
"""

from __future__ import annotations

import logging

from aiogram import Bot

from bot.replicas.coordination import coordination
from bot.services import Services

log = logging.getLogger("delibot.replicas")


async def release_dead_leases(services: Services, bot: Bot | None = None) -> int:
    c = coordination(services)
    if c is None:
        return 0
    async with services.uow.transaction() as uow:
        runs = await uow.outbox.leased_runs()
        dead = sorted(runs - await c.alive(sorted(runs)))
        released = 0
        for run in dead:
            released += await uow.outbox.release_run(run, services.clock.now())
    if released:
        log.info("outbox rows of a gone replica released count=%d runs=%s", released, ",".join(dead))
    return released
