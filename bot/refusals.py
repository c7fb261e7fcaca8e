"""The one polite refusal every feature gives a member who tries a moderator's command."""

from __future__ import annotations

from aiogram.types import Message

from bot.i18n import Translate


async def cmd_refused(message: Message, t: Translate) -> None:
    """Registered after the command's own handler, with ``NotModerator``: nothing else happens."""
    await message.answer(t("refused-not-moderator"))
