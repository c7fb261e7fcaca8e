"""What proposals keep in memory: each group's topic matcher, built once at set-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from deliberation.keywords import TopicMatcher


@dataclass(eq=False)
class Topics:
    matchers: dict[int, TopicMatcher]

    @classmethod
    def of(cls, services: Services) -> Topics:
        return cls({chat_id: TopicMatcher(group.topics) for chat_id, group in services.groups.items()})


def topics(services: Services) -> dict[int, TopicMatcher]:
    return services.state(Topics).matchers
