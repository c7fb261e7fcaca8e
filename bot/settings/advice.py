"""Warnings on a configuration that is valid but very likely not what the operator meant.

The example's ids (111111, -1001234567890, ...) are well-formed, so validation accepts a copied
example whose moderators and officials are nobody: the bot would run and tell no one anything.
A group without topics is valid too, but there no hashtag makes a proposal. Neither fails
``check-config``: an operator may stage a group before its topics are decided.
"""

from __future__ import annotations

from typing import Any

from .model import Settings

#: The placeholder ids of config.example.toml and of SPEC.md's examples.
PLACEHOLDER_IDS = frozenset({111111, 222222, 333333, 444444, 555555, -1001234567890})


def _ids(value: Any, path: str) -> list[tuple[str, int]]:
    """Every integer in the dumped settings with its key path, as problems spell paths."""
    if isinstance(value, dict):
        return [hit for key, item in value.items() for hit in _ids(item, f"{path}.{key}" if path else key)]
    if isinstance(value, list | tuple):
        return [hit for index, item in enumerate(value) for hit in _ids(item, f"{path}[{index}]")]
    if isinstance(value, int) and not isinstance(value, bool):
        return [(path, value)]
    return []


def config_warnings(settings: Settings) -> list[str]:
    """``key.path: what looks wrong`` for each placeholder id and each group without topics."""
    dumped = settings.model_dump(by_alias=True, exclude={"telegram", "webhook", "database"})
    warnings = [
        f"{path}: {value} is the example's placeholder; put the real id (the bot's /id command tells it)"
        for path, value in _ids(dumped, "")
        if value in PLACEHOLDER_IDS
    ]
    warnings += [
        f"groups[{index}].topics: {group.title} has no topics, so no hashtag files a proposal there "
        "(only /propose does, and those go to the moderators to assign)"
        for index, group in enumerate(settings.groups)
        if not group.topics
    ]
    return warnings
