"""What pruning and the waiting list keep in memory in one process: the pace of the pruning job,
one lock per group for admissions, and the Bot API calls under way.

Everything that must survive a restart is in the database; this only keeps two tasks of the same
process from handing out the same seat or making the same removal or answer at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

from bot.services import Services
from deliberation.policy import GroupPolicy


@dataclass(eq=False)
class PruningState:
    every: timedelta
    locks: dict[int, asyncio.Lock] = field(default_factory=dict)
    in_flight: set[tuple[str, str]] = field(default_factory=set)
    caught_up: bool = False

    def lock(self, chat_id: int) -> asyncio.Lock:
        """One admission at a time per group, so two seat counts never hand out the same seat."""
        return self.locks.setdefault(chat_id, asyncio.Lock())


def job_interval(groups: list[GroupPolicy]) -> timedelta:
    """Hourly in practice (policies speak in days); finer for short policies, so that a warning or
    a removal is never late by more than a tenth of the time it is about."""
    spans = [
        s for g in groups for s in (g.pruning.warn_before, g.pruning.inactive_after - g.pruning.warn_before)
    ]
    return max(timedelta(seconds=5), min([timedelta(hours=1), *(s / 10 for s in spans if s > timedelta(0))]))


def pruning_state(services: Services) -> PruningState:
    return services.features["pruning"]
