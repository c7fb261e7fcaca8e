"""The command menus each role sees, registered with setMyCommands per scope and language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)

from bot.i18n import LANGUAGES
from bot.services import Services

log = logging.getLogger(__name__)

MEMBER_PRIVATE = ("start", "help", "my", "proposal", "propose", "iam", "id")
MEMBER_GROUP = ("propose", "my", "proposal", "report", "id")
MODERATOR = (*MEMBER_GROUP, "warn", "unwarn", "mute", "unmute", "ban", "unban", "names", "exempt", "prune")
OFFICIAL = (
    *MEMBER_PRIVATE, "queue", "accept", "answer", "assign", "reject", "merge", "close", "history",
)


def menu(services: Services, lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    t = services.translator.bind(lang)
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in names]


async def publish_commands(services: Services, bot: Bot) -> None:
    scopes = [
        (BotCommandScopeDefault(), MEMBER_PRIVATE),
        (BotCommandScopeAllPrivateChats(), MEMBER_PRIVATE),
        (BotCommandScopeAllGroupChats(), MEMBER_GROUP),
        (BotCommandScopeAllChatAdministrators(), MODERATOR),
    ]
    scopes += [(BotCommandScopeChat(chat_id=uid), OFFICIAL) for uid in sorted(services.officials)]
    try:
        for scope, names in scopes:
            for lang in LANGUAGES:
                code = None if lang == services.translator.default else lang
                await bot.set_my_commands(menu(services, lang, names), scope=scope, language_code=code)
    except TelegramAPIError as exc:
        # an official who never opened a chat cannot have a chat scope yet; not worth failing over
        log.warning("setMyCommands failed error=%s", type(exc).__name__)
