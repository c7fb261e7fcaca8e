"""Every message in a configured group: record the member on first sight and note activity.

Activity goes to an in-memory buffer written in batches (see ``bot.jobs.activity``), never one
commit per message. The member's snapshot reaches handlers and filters as ``member``; on first
sight the record just written comes along as ``member_record``. A post on behalf of a chat has no
member (``by_a_person``).
"""

from __future__ import annotations

from typing import Any

from aiogram.types import Message, TelegramObject

from bot.jobs.activity import FLUSH_SIZE, flush_soon
from bot.middlewares.base import Handler, ServiceMiddleware
from bot.reach import seen_privately
from bot.services import Services

TELEGRAM_SERVICE = 777000  # "Telegram": the sender of automatic forwards from a linked channel


def by_a_person(message: Message) -> bool:
    """Posted by a member as themself: not on behalf of a chat (an anonymous administrator, a
    channel, an automatic forward from the group's linked channel, whose ``from`` is Telegram's
    service account). Such posts have no member to record, judge by name, or prune."""
    if message.sender_chat is not None or message.is_automatic_forward:
        return False
    return message.from_user is not None and message.from_user.id != TELEGRAM_SERVICE


class GroupMemberMiddleware(ServiceMiddleware):
    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        group = data.get("group")
        user = data.get("event_from_user")
        if group is None or user is None or not isinstance(event, Message) or not by_a_person(event):
            return await handler(event, data)
        services = self.services
        chat_id = group.chat_id
        roster = services.roster
        member = roster.get(chat_id, user.id)
        now = services.clock.now()
        if member is None:
            member, record = await roster.sight(
                data["uow"], chat_id, user.id, first_name=user.first_name,
                last_name=user.last_name, is_bot=user.is_bot, now=now,
            )
            if record is not None:
                data["member_record"] = record  # as just written: handlers need not read it again
        data["member"] = member
        if event.new_chat_members is None and event.left_chat_member is None:
            buffer = services.activity
            buffer.touch(chat_id, user.id, now)
            if buffer.size >= FLUSH_SIZE:
                flush_soon(services)
        return await handler(event, data)


class PrivateUserMiddleware(ServiceMiddleware):
    """A private message means the user opened a chat with the bot: it may now write to them."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.seen: set[int] = set()

    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("event_from_user")
        chat = data.get("event_chat")
        if user is not None and chat is not None and chat.type == "private":
            seen_privately(self.services, user.id)
        if user is not None and chat is not None and chat.type == "private" and user.id not in self.seen:
            await data["uow"].chats.upsert_user(
                user.id, first_name=user.first_name, last_name=user.last_name,
                username=user.username, is_bot=user.is_bot, language_code=user.language_code,
                now=self.services.clock.now(), private_chat=True,
            )
            self.seen.add(user.id)
        return await handler(event, data)
