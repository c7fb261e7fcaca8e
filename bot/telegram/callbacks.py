"""Answering button presses."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery

log = logging.getLogger(__name__)


async def toast(query: CallbackQuery, text: str) -> None:
    """Always answer a press (the client spins until then); a press too old to answer changes
    nothing, and the change it asked for stands."""
    try:
        await query.answer(text)
    except TelegramAPIError as exc:
        log.info("callback not answered user_id=%s error=%s", query.from_user.id, type(exc).__name__)
