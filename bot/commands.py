"""The command menus each role sees, registered with setMyCommands per scope and language.

Menus are a convenience: each is set on its own, a failure (an official who never opened a chat
has no chat scope yet; an answer that cannot be decoded) is logged and skipped, and the rest are
still set. Start-up never fails over them.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BotCommandScopeUnion,
)

from bot.features import FEATURES
from bot.i18n import LANGUAGES
from bot.services import Services
from bot.telegram.send import describe, failure_kind, options

log = logging.getLogger(__name__)

def _role(role: str) -> tuple[str, ...]:
    """A role's menu as the features declare it, in routing order: a feature adds a command to a
    menu in its own ``FEATURE``, nowhere else."""
    return tuple(dict.fromkeys(name for feature in FEATURES for name in feature.menu.get(role, ())))


MEMBER_PRIVATE = _role("private")
MEMBER_GROUP = _role("group")
MODERATOR = (*MEMBER_GROUP, *_role("moderator"))
OFFICIAL = (*MEMBER_PRIVATE, *_role("official"))
LEADER = (*MEMBER_PRIVATE, *_role("leader"))


def menu(services: Services, lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    t = services.translator.bind(lang)
    return [BotCommand(command=name, description=t(f"cmd-{name}")) for name in names]


async def publish_commands(services: Services, bot: Bot) -> int:
    """Set every menu; returns how many could not be set."""
    scopes: list[tuple[BotCommandScopeUnion, tuple[str, ...]]] = [
        (BotCommandScopeDefault(), MEMBER_PRIVATE),
        (BotCommandScopeAllPrivateChats(), MEMBER_PRIVATE),
        (BotCommandScopeAllGroupChats(), MEMBER_GROUP),
        (BotCommandScopeAllChatAdministrators(), MODERATOR),
    ]
    scopes += [(BotCommandScopeChat(chat_id=uid), LEADER) for uid in sorted(services.settings.leaders())
               if uid not in services.officials]
    scopes += [(BotCommandScopeChat(chat_id=uid), (*OFFICIAL, "adopt") if uid in services.settings.leaders()
                else OFFICIAL) for uid in sorted(services.officials)]
    failed = 0
    for scope, names in scopes:
        for lang in LANGUAGES:
            code = None if lang == services.translator.default else lang
            try:
                with options(attempts=2):
                    await bot.set_my_commands(menu(services, lang, names), scope=scope, language_code=code)
            except Exception as exc:  # optional: whatever went wrong, the other menus are still set
                failed += 1
                log.warning("setMyCommands skipped scope=%s chat_id=%s lang=%s kind=%s cause=%s",
                            getattr(scope.type, "value", scope.type), getattr(scope, "chat_id", None),
                            code or "-", failure_kind(exc), describe(exc))
    if failed:
        log.warning("command menus set=%d skipped=%d", len(scopes) * len(LANGUAGES) - failed, failed)
    return failed
