"""What pruning keeps in memory in one process: the pace of its job and the removals under way.

Everything that must survive a restart is in the database; this only keeps two tasks of the same
process from making the same removal at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.services import Services


@dataclass(eq=False)
class PruningState:
    every: timedelta
    in_flight: set[str] = field(default_factory=set)  # removal keys
    caught_up: bool = False


def pruning_state(services: Services) -> PruningState:
    return services.state(PruningState)
