"""What moderation keeps in memory, built once in ``setup``: a banned-word automaton per group and
one flood counter for the hot path, and what the bot knows of its own administrator rights."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.features.moderation.flood import FloodCounter, LocalFlood
from bot.services import Services
from deliberation.moderation import BannedWords, FloodDetector
from deliberation.policy import FloodPolicy


@dataclass(eq=False)
class ModerationState:
    banned: dict[int, BannedWords]
    floods: dict[int, FloodPolicy]  # each group's flood rule, by chat id
    windows: FloodDetector  # this process's flood windows
    flood: FloodCounter  # what decides: ``windows``, or with several replicas the shared ones
    missing: dict[int, frozenset[str]] = field(default_factory=dict)  # rights the bot lacks, per group
    checked: set[int] = field(default_factory=set)  # groups whose rights were checked since start

    @classmethod
    def of(cls, services: Services) -> ModerationState:
        floods = {chat_id: group.moderation.flood for chat_id, group in services.groups.items()}
        windows = FloodDetector(floods.__getitem__)
        return cls(
            banned={chat_id: BannedWords.from_policy(g.moderation) for chat_id, g in services.groups.items()},
            floods=floods,
            windows=windows,
            flood=LocalFlood(windows),
        )


def moderation_state(services: Services) -> ModerationState:
    return services.state(ModerationState)
