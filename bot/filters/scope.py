"""Where a handler applies and who may use it. All async: aiogram runs sync filters in a thread."""

from __future__ import annotations

from typing import Any, ClassVar

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, User

from bot.services import Services

# the kinds of chat a message comes from, as bot.routing sorts its handlers: a filter's ``scopes``
# are those in which it may pass at all
SCOPES = frozenset({"private", "group", "other"})  # "group": a configured group


def scope_of(event_chat: Chat | None, group: Any) -> str:
    if group is not None:
        return "group"
    return "private" if event_chat is not None and event_chat.type == "private" else "other"


class ConfiguredGroup(Filter):
    """A group listed in the configuration (``group`` is set by the context middleware)."""

    scopes: ClassVar[frozenset[str]] = frozenset({"group"})

    async def __call__(self, event: TelegramObject, group: Any = None) -> bool:
        return group is not None


class UnconfiguredGroup(Filter):
    scopes: ClassVar[frozenset[str]] = frozenset({"other"})

    async def __call__(
        self, event: TelegramObject, event_chat: Chat | None = None, group: Any = None
    ) -> bool:
        return event_chat is not None and event_chat.type in ("group", "supergroup") and group is None


class PrivateChat(Filter):
    scopes: ClassVar[frozenset[str]] = frozenset({"private"})

    async def __call__(self, event: TelegramObject, event_chat: Chat | None = None) -> bool:
        return event_chat is not None and event_chat.type == "private"


class IsModerator(Filter):
    """Group admins, configured moderators (global and per group)."""

    async def __call__(
        self, event: TelegramObject, services: Services, event_from_user: User | None = None,
        event_chat: Chat | None = None,
    ) -> bool:
        if event_from_user is None:
            return False
        chat_id = event_chat.id if event_chat is not None else None
        return services.is_moderator(chat_id, event_from_user.id)


class NotModerator(IsModerator):
    """For the polite refusal handler registered after a moderator command's own handler."""

    async def __call__(
        self, event: TelegramObject, services: Services, event_from_user: User | None = None,
        event_chat: Chat | None = None,
    ) -> bool:
        return event_from_user is not None and not await super().__call__(
            event, services, event_from_user, event_chat
        )


class IsOfficial(Filter):
    async def __call__(
        self, event: Message | CallbackQuery, services: Services, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        departments = services.officials.get(event_from_user.id)
        return {"departments": departments} if departments else False
