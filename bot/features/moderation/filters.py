"""The filters on every group message: a banned word is deleted and earns a warning, one message
too many within the flood window earns a mute.

This runs on the hot path, so it touches only what ``setup`` built in memory (the group's
automaton and the flood counter; with several replicas the counter asks Redis, one round trip);
the database is used only when a message breaks a rule.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.types import Message, User

from bot.features.moderation.actions import Act, call, mute, record, warn, who
from bot.features.moderation.state import moderation_state
from bot.services import Services
from deliberation.durations import format_duration
from deliberation.policy import GroupPolicy

log = logging.getLogger(__name__)


class Violation(Filter):
    """A banned word, or one message too many within the flood window. Moderators, the bot and
    posts on behalf of a chat (anonymous admins, channels) are not filtered."""

    def __init__(self, *, count_flood: bool = True) -> None:
        self.count_flood = count_flood

    async def __call__(self, message: Message, services: Services, group: GroupPolicy | None = None,
                       event_from_user: User | None = None) -> bool | dict[str, Any]:
        if group is None or event_from_user is None or message.sender_chat is not None:
            return False
        user_id = event_from_user.id
        if message.new_chat_members or message.left_chat_member is not None:
            return False
        if user_id == services.bot_id or services.is_moderator(group.chat_id, user_id):
            return False
        state = moderation_state(services)
        text = message.text or message.caption
        word = state.banned[group.chat_id].find(text) if text else None
        flooding = self.count_flood and await state.flood.hit(group.chat_id, user_id, services.clock.now())
        if word is None and not flooding:
            return False
        return {"banned_word": word, "flooding": flooding}


async def _say(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        log.warning("moderation notice failed chat_id=%s error=%s", chat_id, type(exc).__name__)


async def on_violation(message: Message, banned_word: str | None, flooding: bool, act: Act,
                       event_from_user: User) -> None:
    user, notices, muted_until = event_from_user, [], None
    if banned_word is not None:
        request = act.bot.delete_message(act.chat_id, message.message_id)
        if await call(act, "can_delete_messages", request) is None:
            await record(act, "delete", user, "banned word")
        notice, muted_until = await warn(act, user, "banned word")
        notices.append(notice)
    flood = act.group.moderation.flood
    until = act.now + flood.mute_for
    # a mute for the warn limit that lasts longer already covers the flood
    longer = muted_until is not None and muted_until >= until
    if flooding and not longer and await mute(act, user, until, "flood") is None:
        duration = format_duration(flood.mute_for)
        notices.append(act.t("moderation-flood-muted", name=who(user), duration=duration))
    if notices:
        await _say(act.bot, act.chat_id, "\n".join(notices))
