"""Every service a handler or job may receive, declared in one place.

The composition root (``bot.app.build_services``) fills it once; the dispatcher hands each field to
handlers by parameter name (``clock``, ``uow`` ...), and jobs receive the whole object.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.hooks import Hooks
from bot.i18n import Translator
from bot.metrics import Metrics
from bot.roster import Roster
from bot.telegram.pacing import Pacer
from deliberation.clock import Clock
from deliberation.moderation import moderates, moderates_anywhere
from deliberation.policy import Department, DigestPolicy, GroupPolicy, HandlingPolicy
from deliberation.pruning import ActivityBuffer
from storage.uow import UnitOfWorkFactory

if TYPE_CHECKING:
    from bot.jobs.outbox import OutboxWaker
    from bot.settings import Settings

T = TypeVar("T")


@dataclass(eq=False)
class InFlight:
    """Counts updates being handled, so a graceful stop can wait for them to finish."""

    count: int = 0
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.idle.set()

    def enter(self) -> None:
        self.count += 1
        self.idle.clear()

    def leave(self) -> None:
        self.count -= 1
        if self.count <= 0:
            self.count = 0
            self.idle.set()


@dataclass(eq=False)
class Services:
    settings: Settings
    clock: Clock
    uow: UnitOfWorkFactory
    translator: Translator
    metrics: Metrics
    pacer: Pacer
    groups: dict[int, GroupPolicy]
    handling: HandlingPolicy
    digest: DigestPolicy
    departments: tuple[Department, ...]
    officials: dict[int, tuple[str, ...]]  # user id -> department ids
    moderators: frozenset[int]  # configured globally
    roster: Roster = field(default_factory=Roster)
    in_flight: InFlight = field(default_factory=InFlight)
    instance: str = "main"
    bot_id: int = 0
    bot_username: str = ""
    engine: AsyncEngine | None = None
    activity: ActivityBuffer = field(default_factory=ActivityBuffer)
    hooks: Hooks = field(default_factory=Hooks)
    # set by the runtime once the bot exists: delivers right after an update queued something
    outbox_waker: OutboxWaker | None = None
    # set with several replicas: tells the others what this process changed about a group
    announce: Callable[[str, int], None] | None = None
    # one object per feature state class, each built by its feature's ``setup``
    _states: dict[type, object] = field(default_factory=dict)
    flush_task: asyncio.Task[int] | None = None  # see bot.jobs.activity.flush_soon

    def keep(self, value: T) -> T:
        """Hold a feature's state; ``state(type(value))`` returns it."""
        self._states[type(value)] = value
        return value

    def state(self, kind: type[T]) -> T:
        return cast(T, self._states[kind])

    def group_changed(self, kind: str, chat_id: int) -> None:
        """What features cache about a group (``kind``: "faq") changed here: the other replicas
        drop theirs once the update committed (``hooks.group_changed``); alone, nothing to do."""
        if self.announce is not None:
            self.announce(kind, chat_id)

    def language(self, chat_id: int | None, user_language: str | None = None) -> str:
        """Groups speak their configured language; private chats the user's, else the default."""
        if chat_id is not None and chat_id in self.groups:
            return self.groups[chat_id].locale
        return self.translator.language(user_language)

    def is_moderator(self, chat_id: int | None, user_id: int) -> bool:
        return moderates(user_id, chat_id, self.moderators, self.groups, self.roster.admins)

    def is_moderator_anywhere(self, user_id: int) -> bool:
        return moderates_anywhere(user_id, self.moderators, self.groups, self.roster.admins)

    def is_name_exempt(self, chat_id: int, user_id: int) -> bool:
        """Who the real-name rule leaves alone in a group: admins and bots always; officials and
        moderators only when ``[nickname] exempt_officials`` says so (政府人员…都应采用实名制)."""
        group = self.groups.get(chat_id)
        if group is None or group.nickname.exempt_officials:
            return self.is_exempt(chat_id, user_id)
        snapshot = self.roster.get(chat_id, user_id)
        if snapshot is not None and (snapshot.is_bot or snapshot.exempt or snapshot.is_admin):
            return True
        return user_id in self.roster.admins.get(chat_id, ())

    def is_exempt(self, chat_id: int, user_id: int) -> bool:
        """Admins, moderators, officials and bots are exempt from the real-name rule and pruning."""
        if user_id in self.officials or self.is_moderator(chat_id, user_id):
            return True
        snapshot = self.roster.get(chat_id, user_id)
        return snapshot is not None and (snapshot.is_bot or snapshot.exempt or snapshot.is_admin)
