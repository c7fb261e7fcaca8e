"""What the waiting list keeps in memory in one process: one lock per group for admissions, and
the answers to join requests under way.

Everything that must survive a restart is in the database; this only keeps two tasks of the same
process from handing out the same seat or sending the same answer at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.services import Services


@dataclass(eq=False)
class WaitlistState:
    locks: dict[int, asyncio.Lock] = field(default_factory=dict)
    in_flight: set[tuple[str, str]] = field(default_factory=set)

    def lock(self, chat_id: int) -> asyncio.Lock:
        """One admission at a time per group, so two seat counts never hand out the same seat."""
        return self.locks.setdefault(chat_id, asyncio.Lock())


def waitlist_state(services: Services) -> WaitlistState:
    return services.state(WaitlistState)
