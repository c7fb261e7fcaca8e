"""Where a handler applies and who may use it. All async: aiogram runs sync filters in a thread."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, User

from bot.services import Services


class ConfiguredGroup(Filter):
    """A group listed in the configuration (``group`` is set by the context middleware)."""

    async def __call__(self, event: TelegramObject, group: Any = None) -> bool:
        return group is not None


class UnconfiguredGroup(Filter):
    async def __call__(
        self, event: TelegramObject, event_chat: Chat | None = None, group: Any = None
    ) -> bool:
        return event_chat is not None and event_chat.type in ("group", "supergroup") and group is None


class PrivateChat(Filter):
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
