"""The points where one feature's event concerns another, as typed lists filled at set-up.

A feature never reaches into another's internals: proposals announce a new proposal, pruning
announces freed seats, the outbox announces a notice it could not deliver, and whichever feature
cares registers a hook here in its ``setup``. Hooks run in registration order, which is the order
of ``bot.features.FEATURES``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from aiogram import Bot

from deliberation.consultations import ConsultationRecord
from deliberation.handling import HandlingCase
from deliberation.outbox import OutboxRecord
from deliberation.policy import GroupPolicy
from deliberation.proposals import ProposalRecord
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.i18n import Translate
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
# several replicas: another replica changed what ``kind`` ("faq") names about a group, by chat id;
# ("*", None) when changes may have been missed: drop everything cached about every group
GroupChanged = Callable[["Services", str, int | None], None]
# production only: add cron-style triggers next to the runner's interval tick
Schedule = Callable[["AsyncIOScheduler", "JobRunner"], object]
# an answer was decided (case, department label, answer text), in its transaction: queue through ``uow``
ProposalAnswered = Callable[["Services", UnitOfWork, HandlingCase, str, str], Awaitable[None]]
# a conclusion the department reviews first: True when the hook took it (and publishes it later)
ConclusionReview = Callable[["Services", UnitOfWork, Bot, ConsultationRecord, str], Awaitable[bool]]
# a section of every official's digest for (since, until): a renderer, or None when there is nothing
DigestSection = Callable[
    ["Services", UnitOfWork, datetime, datetime], Awaitable[Callable[["Translate"], str] | None]
]


@dataclass(eq=False)
class Hooks:
    proposal_created: list[ProposalCreated] = field(default_factory=list)
    undeliverable: list[Undeliverable] = field(default_factory=list)
    seats_freed: list[SeatsFreed] = field(default_factory=list)
    schedule: list[Schedule] = field(default_factory=list)
    proposal_answered: list[ProposalAnswered] = field(default_factory=list)
    conclusion_review: list[ConclusionReview] = field(default_factory=list)
    digest_sections: list[DigestSection] = field(default_factory=list)
    member_changed: list[MemberChanged] = field(default_factory=list)
    group_changed: list[GroupChanged] = field(default_factory=list)
