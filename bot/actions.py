"""Member actions several features take, done the same way everywhere.

Removal is a ban followed by an unban with ``only_if_banned``: the member leaves but may come
back (with a proper name, or after being pruned) — the practice wants seats freed, not people
banned.

Lifting a restriction gives back what the chat allows everyone (its default permissions, from
``getChat``), not a hand-written set: Telegram reads a permission left out as false, so a set
without ``can_pin_messages`` in a group that lets members pin leaves the member "restricted". The
defaults are cached per group for a few minutes; when they cannot be read, the full set is used.
"""

from __future__ import annotations

import logging
import time
import weakref
from datetime import datetime

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatPermissions

log = logging.getLogger(__name__)
DEFAULTS_FOR = 600.0  # seconds a group's default permissions are trusted

READ_ONLY = ChatPermissions(
    can_send_messages=False, can_send_audios=False, can_send_documents=False, can_send_photos=False,
    can_send_videos=False, can_send_video_notes=False, can_send_voice_notes=False, can_send_polls=False,
    can_send_other_messages=False, can_add_web_page_previews=False,
)
FULL = ChatPermissions(
    can_send_messages=True, can_send_audios=True, can_send_documents=True, can_send_photos=True,
    can_send_videos=True, can_send_video_notes=True, can_send_voice_notes=True, can_send_polls=True,
    can_send_other_messages=True, can_add_web_page_previews=True, can_invite_users=True,
    can_react_to_messages=True, can_edit_tag=True,
)


async def remove_member(bot: Bot, chat_id: int, user_id: int) -> None:
    await bot.ban_chat_member(chat_id, user_id)
    await bot.unban_chat_member(chat_id, user_id, only_if_banned=True)


async def make_read_only(bot: Bot, chat_id: int, user_id: int, until: datetime | None = None) -> None:
    await bot.restrict_chat_member(
        chat_id, user_id, permissions=READ_ONLY, until_date=until, use_independent_chat_permissions=True
    )


# per client session (one per running bot), so a bot made afresh never reads another's cache
_DEFAULTS: weakref.WeakKeyDictionary[BaseSession, dict[int, tuple[float, ChatPermissions]]] = (
    weakref.WeakKeyDictionary())


async def chat_defaults(bot: Bot, chat_id: int) -> ChatPermissions:
    """What the chat lets every member do (``getChat`` -> ``permissions``), cached."""
    cache = _DEFAULTS.setdefault(bot.session, {})
    found = cache.get(chat_id)
    now = time.monotonic()
    if found is not None and found[0] > now:
        return found[1]
    try:
        chat = await bot.get_chat(chat_id)
    except TelegramAPIError as exc:
        log.warning("chat permissions unknown chat_id=%s error=%s", chat_id, type(exc).__name__)
        return FULL
    permissions = chat.permissions or FULL
    cache[chat_id] = (now + DEFAULTS_FOR, permissions)
    return permissions


async def restore_rights(bot: Bot, chat_id: int, user_id: int) -> None:
    permissions = await chat_defaults(bot, chat_id)
    await bot.restrict_chat_member(chat_id, user_id, permissions=permissions,
                                   use_independent_chat_permissions=True)
