"""First sight of a configured group in this process: record it, learn its administrators and
load the members the database knows into the roster (one query per group, not one per member).

Administrators are moderators and are exempt from the real-name rule and pruning; Telegram tells
a bot who they are only through getChatAdministrators and chat_member updates.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.services import Services
from deliberation.policy import GroupPolicy
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

_NOBODY: frozenset[int] = frozenset()  # one empty set shared by the groups without administrators


async def refresh_admins(services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy) -> None:
    now = services.clock.now()
    try:
        admins = await bot.get_chat_administrators(group.chat_id)
    except TelegramAPIError as exc:
        log.warning("getChatAdministrators failed chat_id=%s error=%s", group.chat_id, type(exc).__name__)
        services.roster.admins.setdefault(group.chat_id, _NOBODY)
        return
    ids = frozenset(a.user.id for a in admins) or _NOBODY
    services.roster.admins[group.chat_id] = ids
    for admin in admins:
        user = admin.user
        if user.id == services.bot_id:
            continue
        record = await uow.chats.ensure_member(
            group.chat_id, user.id, first_name=user.first_name, last_name=user.last_name,
            is_bot=user.is_bot, now=now, is_admin=True,
        )
        services.roster.put(record)
    await uow.chats.set_admins(group.chat_id, set(ids))
    await uow.chats.update_chat(group.chat_id, admins_refreshed_at=now)


async def discover(services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy) -> None:
    await uow.chats.upsert_chat(
        group.chat_id, title=group.title, type="supergroup", configured=True, now=services.clock.now()
    )
    await refresh_admins(services, bot, uow, group)
    await services.roster.load(uow, group.chat_id)
