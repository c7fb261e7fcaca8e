"""The button that opens the supervision view, in the private chats of those who may use it.

Telegram opens a Mini App only over HTTPS, so the button is offered when the board has a public
``https://`` address (``[web] public_url``). It is set once per person at start-up as the chat's
menu button (``setChatMenuButton``); a failure is logged and skipped, like the command menus.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import MenuButtonWebApp, WebAppInfo

from bot.services import Services
from bot.telegram.send import describe, failure_kind, options

log = logging.getLogger("delibot.web")


def supervisors(services: Services) -> list[int]:
    """Who sees what is overdue: every official (their departments) and every moderator (all)."""
    people = set(services.officials) | set(services.moderators)
    for group in services.groups.values():
        people |= set(group.moderation.moderators)
    return sorted(people)


async def offer_supervision_view(services: Services, bot: Bot) -> int:
    """Set the button for each supervisor; returns how many could not be set."""
    web = services.settings.web
    if not (web.enabled and web.public_url.startswith("https://")):
        return 0
    url = web.public_url.rstrip("/") + "/app"
    t = services.translator.bind(services.translator.default)
    button = MenuButtonWebApp(text=t("web-app-button"), web_app=WebAppInfo(url=url))
    failed = 0
    for user_id in supervisors(services):
        try:
            with options(attempts=2):
                await bot.set_chat_menu_button(chat_id=user_id, menu_button=button)
        except Exception as exc:  # optional: a person who never pressed Start is told of elsewhere
            failed += 1
            log.warning("supervision button skipped user_id=%s kind=%s cause=%s", user_id,
                        failure_kind(exc), describe(exc))
    return failed
