"""The points where one feature's event concerns another, as typed lists filled at set-up.

A feature never reaches into another's internals: proposals announce a new proposal, pruning
announces freed seats, the outbox announces a notice it could not deliver, and whichever feature
cares registers a hook here in its ``setup``. Hooks run in registration order, which is the order
of ``bot.features.FEATURES``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aiogram import Bot

from deliberation.outbox import OutboxRecord
from deliberation.policy import GroupPolicy
from deliberation.proposals import ProposalRecord
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.jobs.runner import JobRunner
    from bot.services import Services

# in the proposal's own transaction, in a savepoint of its own: write only through ``uow``
ProposalCreated = Callable[["Services", UnitOfWork, Bot, ProposalRecord], Awaitable[None]]
# a notice the outbox gave up on (the person never opened a private chat, no fallback chat)
Undeliverable = Callable[["Services", UnitOfWork, OutboxRecord], Awaitable[None]]
# seats came free in a group (members removed or gone): the waiting list may admit
SeatsFreed = Callable[["Services", Bot, GroupPolicy], Awaitable[object]]
# several replicas: another replica changed this member (chat id, user id); drop what is cached
MemberChanged = Callable[["Services", int, int], None]
# production only: add cron-style triggers next to the runner's interval tick
Schedule = Callable[["AsyncIOScheduler", "JobRunner"], object]


@dataclass(eq=False)
class Hooks:
    proposal_created: list[ProposalCreated] = field(default_factory=list)
    undeliverable: list[Undeliverable] = field(default_factory=list)
    seats_freed: list[SeatsFreed] = field(default_factory=list)
    schedule: list[Schedule] = field(default_factory=list)
    member_changed: list[MemberChanged] = field(default_factory=list)
