"""Member actions several features take, done the same way everywhere.

Removal is a ban followed by an unban with ``only_if_banned``: the member leaves but may come
back (with a proper name, or after being pruned) — the practice wants seats freed, not people
banned.
"""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot
from aiogram.types import ChatPermissions

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


async def restore_rights(bot: Bot, chat_id: int, user_id: int) -> None:
    await bot.restrict_chat_member(chat_id, user_id, permissions=FULL, use_independent_chat_permissions=True)
