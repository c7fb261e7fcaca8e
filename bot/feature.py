"""What a feature hands the composition root: a router factory, a set-up step, its jobs.

Each package under ``bot/features/`` exports one ``FEATURE``; ``bot.features.FEATURES`` lists them
in the order their routers see an update.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from aiogram import Router

if TYPE_CHECKING:
    from bot.jobs.runner import JobRunner
    from bot.services import Services


@dataclass(frozen=True)
class Feature:
    name: str
    # built once per dispatcher; None for a feature that only runs scheduled work
    router: Callable[[], Router] | None = None
    # builds the feature's state (``services.keep``) and registers its hooks (``services.hooks``)
    setup: Callable[[Services], None] | None = None
    jobs: Callable[[JobRunner], None] | None = None
    # the commands it puts in each role's menu (private, group, moderator, official, leader);
    # each needs a ``cmd-<name>`` text in the feature's catalogue
    menu: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
