"""How many seats a group has taken, as pruning and the waiting list both count them."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.services import Services

log = logging.getLogger("delibot.seats")


async def member_count(services: Services, bot: Bot, chat_id: int) -> int:
    """Telegram's count (bots and admins included); the bot's own roster when Telegram fails."""
    try:
        return await bot.get_chat_member_count(chat_id)
    except TelegramAPIError as exc:
        log.warning("getChatMemberCount failed chat_id=%s error=%s", chat_id, type(exc).__name__)
        async with services.uow() as uow:
            return await uow.chats.count_present(chat_id)
