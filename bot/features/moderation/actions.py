"""The moderation steps the filters and the moderators' commands share: mute, warn (muting at the
warn limit), each Bot API call checked for missing rights, and every step written to the audit log
and, when the group has one, to its log chat.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Filter
from aiogram.types import Message, User

from bot.actions import make_read_only
from bot.features.moderation.rights import rights_missing
from bot.features.moderation.state import moderation_state
from bot.i18n import Translate
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc, mention_name
from bot.timefmt import local_text
from deliberation.moderation import warn_decision
from deliberation.policy import GroupPolicy
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# Telegram's words for "the bot lacks an administrator right" (deleteMessage says the last one).
RIGHTS_ERRORS = ("not enough rights", "chat_admin_required", "need administrator rights",
                 "message can't be deleted")
FAILED = {"rights": "moderation-failed-rights", "failed": "moderation-failed"}
AUTOMATIC_REASONS = {"banned word": "moderation-reason-banned-word", "flood": "moderation-reason-flood",
                     "warn limit": "moderation-reason-warn-limit"}


@dataclass(frozen=True, slots=True)
class Act:
    """One moderation step: where, by whom (None: the bot's own filters), in which unit of work.
    ``key`` names the message that caused it, so a log notice is queued once per step."""

    services: Services
    bot: Bot
    uow: UnitOfWork
    group: GroupPolicy
    t: Translate
    actor: User | None
    key: str
    now: datetime

    @property
    def chat_id(self) -> int:
        return self.group.chat_id


class Acting(Filter):
    """Passes ``act`` to the handler. Last in a handler's filters: built only for a step to take."""

    def __init__(self, *, by_bot: bool = False) -> None:
        self.by_bot = by_bot

    async def __call__(self, message: Message, services: Services, bot: Bot, uow: UnitOfWork,
                       group: GroupPolicy, t: Translate, event_from_user: User) -> dict[str, Any]:
        actor = None if self.by_bot else event_from_user
        key = f"{group.chat_id}:{message.message_id}"
        return {"act": Act(services, bot, uow, group, t, actor, key, services.clock.now())}


def who(user: User) -> str:
    return mention_name(user.id, user.first_name, user.last_name)


def reason_text(act: Act, reason: str | None) -> str:
    if not reason:
        return act.t("moderation-reason-none")
    return act.t(AUTOMATIC_REASONS[reason]) if reason in AUTOMATIC_REASONS else esc(reason)


def until_text(act: Act, until: datetime) -> str:
    return local_text(until, act.group.timezone)


async def call(act: Act, right: str, request: Awaitable[Any]) -> str | None:
    """Make a Bot API call; None on success, else "rights" (reported once) or "failed"."""
    try:
        await request
        return None
    except TelegramBadRequest as exc:
        log.warning("moderation call failed chat_id=%s error=%s", act.chat_id, exc.message)
        if any(words in exc.message.lower() for words in RIGHTS_ERRORS):
            known = moderation_state(act.services).missing.get(act.chat_id, frozenset())
            if right not in known:
                await rights_missing(act.services, act.uow, act.group, known | {right})
            return "rights"
    except TelegramAPIError as exc:
        log.warning("moderation call failed chat_id=%s error=%s", act.chat_id, type(exc).__name__)
    return "failed"


async def record(act: Act, action: str, subject: User, reason: str | None,
                 until: datetime | None = None) -> None:
    extra = {"until": until.isoformat()} if until is not None else {}
    act.uow.audit.add(at=act.now, action=action, chat_id=act.chat_id,
                      actor_id=act.actor.id if act.actor else None, subject_id=subject.id,
                      reason=(reason or "")[:256] or None, **extra)
    if act.group.moderation.log_chat_id:
        t = act.t
        text = t("moderation-log", action=t(f"moderation-action-{action}"), subject=who(subject),
                 actor=who(act.actor) if act.actor else t("moderation-the-bot"),
                 reason=reason_text(act, reason),
                 until=t("moderation-log-until", until=until_text(act, until)) if until else "")
        await tell_moderators(act.services, act.uow, act.chat_id, f"modlog:{act.key}:{action}", text)


async def mute(act: Act, user: User, until: datetime, reason: str | None) -> str | None:
    failure = await call(act, "can_restrict_members", make_read_only(act.bot, act.chat_id, user.id, until))
    if failure is None:
        await act.uow.chats.update_member(act.chat_id, user.id, muted_until=until)
        await record(act, "mute", user, reason, until)
    return failure


async def warn(act: Act, user: User, reason: str | None) -> tuple[str, datetime | None]:
    """One more warning; at the limit the member is muted. Returns the group's notice and the
    end of the mute, if there was one."""
    chats = act.uow.chats
    member = await chats.get_member(act.chat_id, user.id) or await chats.ensure_member(
        act.chat_id, user.id, first_name=user.first_name, last_name=user.last_name, is_bot=user.is_bot,
        now=act.now,
    )
    decision = warn_decision(member.warn_count, act.group.moderation, act.now)
    await record(act, "warn", user, reason)
    if decision.mute_until is not None and await mute(act, user, decision.mute_until, "warn limit") is None:
        await chats.update_member(act.chat_id, user.id, warn_count=0)
        return act.t("moderation-warned-muted", name=who(user), limit=decision.limit,
                     until=until_text(act, decision.mute_until),
                     reason=reason_text(act, reason)), decision.mute_until
    count = decision.new_count or decision.limit  # a mute that failed leaves the member at the limit
    await chats.update_member(act.chat_id, user.id, warn_count=count)
    return act.t("moderation-warned", name=who(user), count=count, limit=decision.limit,
                 reason=reason_text(act, reason)), None
