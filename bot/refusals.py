"""The one polite refusal every feature gives a member who tries a moderator's command, and the
answer to a button press nobody took."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translate
from bot.telegram.callbacks import toast


async def cmd_refused(message: Message, t: Translate) -> None:
    """Registered after the command's own handler, with ``NotModerator``: nothing else happens."""
    await message.answer(t("refused-not-moderator"))


async def cb_unknown(query: CallbackQuery, t: Translate) -> None:
    """A press no feature took (an old keyboard, forged data): answered, or the button spins."""
    await toast(query, t("button-unknown"))


def leftovers() -> Router:
    """Included after every feature's router, so it sees only what none of them handled."""
    router = Router(name="leftovers")
    router.callback_query.register(cb_unknown)
    return router
