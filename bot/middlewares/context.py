"""Who and where: the group's policy (None outside configured groups), language and texts."""

from __future__ import annotations

from typing import Any

from aiogram.types import Chat, TelegramObject, User

from bot.groups import discover
from bot.middlewares.base import Handler, ServiceMiddleware


class ContextMiddleware(ServiceMiddleware):
    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        services = self.services
        chat: Chat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        chat_id = chat.id if chat is not None else None
        group = services.groups.get(chat_id) if chat_id is not None else None
        lang = group.locale if group is not None else services.translator.language(
            user.language_code if user is not None else None
        )
        if group is not None and chat_id not in services.roster.admins:
            await discover(services, data["bot"], data["uow"], group)
        data["group"] = group
        data["lang"] = lang
        data["t"] = services.translator.bind(lang)
        return await handler(event, data)
