"""The privacy feature's state: the policy, built once from the settings, and the job's progress."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from bot.settings.privacy import privacy_policy
from deliberation.privacy import PrivacyPolicy


@dataclass(eq=False)
class PrivacyState:
    policy: PrivacyPolicy
    separators: tuple[str, ...]  # every group's, to find the parts of a name in other texts
    caught_up: bool = False  # the first retention run of a process goes ahead even when claimed

    @classmethod
    def of(cls, services: Services) -> PrivacyState:
        settings = services.settings
        separators = {s for g in services.groups.values() for s in g.nickname.separators}
        separators.update(settings.nickname.separators)
        return cls(privacy_policy(settings.privacy, settings.groups), tuple(sorted(separators)))


def privacy_state(services: Services) -> PrivacyState:
    return services.state(PrivacyState)
