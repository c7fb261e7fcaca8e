"""What the real-name rule keeps in memory, built once in ``setup``: a memoised name checker per
rule (groups under the same rule share it), the groups where the bot may not set tags, and who is
read-only somewhere (so a private message from anyone else costs no database round-trip)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from bot.services import Services
from deliberation.nicknames import NameChecker
from deliberation.policy import NicknamePolicy

log = logging.getLogger("delibot.names")  # one logger for the whole feature, whatever the module


@dataclass(eq=False)
class NamesState:
    checkers: dict[int, NameChecker]  # the memoised checker of each group, built once
    no_tag_right: set[int] = field(default_factory=set)  # groups where setChatMemberTag is refused
    restricted_users: set[int] | None = None  # read-only somewhere; loaded on the first private message

    @classmethod
    def of(cls, services: Services) -> NamesState:
        shared: dict[NicknamePolicy, NameChecker] = {}  # groups under the same rule share one
        checkers: dict[int, NameChecker] = {}
        for chat_id, group in services.groups.items():
            checker = shared.get(group.nickname)
            if checker is None:
                checker = shared[group.nickname] = NameChecker(group.nickname)
            checkers[chat_id] = checker
        return cls(checkers)


def names_state(services: Services) -> NamesState:
    state = services.state(NamesState)
    return state
