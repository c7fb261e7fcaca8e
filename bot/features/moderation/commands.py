"""The moderators' commands in a group (/warn, /unwarn, /mute, /unmute, /ban, /unban, each on a
replied-to member or a user id) and /report, which anyone may use to alert the moderators.

Admins, moderators and the bot are protected from warn, mute and ban; the member's current status
is asked of Telegram, so an admin promoted while the bot was away is protected too.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject
from aiogram.types import Message, User

from bot.actions import restore_rights
from bot.features.moderation.actions import (
    FAILED,
    Act,
    call,
    mute,
    reason_text,
    record,
    until_text,
    warn,
    who,
)
from bot.i18n import Translate
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc, message_link
from deliberation.durations import format_duration
from deliberation.moderation import MuteDurationError, can_act_on, parse_mute_duration, parse_target, unwarn
from deliberation.policy import GroupPolicy
from storage.repositories.moderation import ModerationRepository
from storage.uow import UnitOfWork

TARGET_COMMANDS = ("warn", "unwarn", "mute", "unmute", "ban", "unban")


@dataclass(frozen=True, slots=True)
class Target:
    user: User
    rest: str  # the command's words after the target (a duration, a reason)


async def _target(act: Act, message: Message, command: CommandObject, *, protect: bool) -> Target | None:
    """The replied-to member, or the user id given as the first argument; answers when there is
    none, or when ``protect`` and the target is a moderator, an admin or the bot."""
    args = (command.args or "").strip()
    reply = message.reply_to_message
    user: User | None = None
    target = parse_target(args)
    if reply is not None and reply.from_user is not None and reply.forum_topic_created is None:
        user, rest, user_id = reply.from_user, args, reply.from_user.id
    elif target is not None:
        user_id, rest = target, "".join(args.split(None, 1)[1:])
    else:
        await message.answer(act.t("moderation-need-target"))
        return None
    status = "member"
    try:  # the current status: an admin promoted while the bot was away is still protected
        found = await act.bot.get_chat_member(act.chat_id, user_id)
        user, status = found.user, found.status
    except TelegramAPIError:
        if user is None:
            await message.answer(act.t("moderation-unknown-user", id=str(user_id)))
            return None
    is_admin = status in ("administrator", "creator")
    services = act.services
    if protect and (user_id == services.bot_id or services.is_moderator(act.chat_id, user_id)
                    or not can_act_on(user_id, is_admin, act.group.moderation)):
        await message.answer(act.t("moderation-protected", name=who(user)))
        return None
    return Target(user, rest.strip())


async def _done(act: Act, message: Message, right: str, request: Awaitable[Any]) -> bool:
    """Make the call; when it fails, tell the moderator who asked."""
    failure = await call(act, right, request)
    if failure is not None:
        await message.answer(act.t(FAILED[failure]))
    return failure is None


async def cmd_warn(message: Message, command: CommandObject, act: Act) -> None:
    if (target := await _target(act, message, command, protect=True)) is not None:
        notice, _ = await warn(act, target.user, target.rest or None)
        await message.answer(notice)


async def cmd_unwarn(message: Message, command: CommandObject, act: Act) -> None:
    if (target := await _target(act, message, command, protect=False)) is None:
        return
    member = await act.uow.chats.get_member(act.chat_id, target.user.id)
    count = unwarn(member.warn_count if member is not None else 0)
    await act.uow.chats.update_member(act.chat_id, target.user.id, warn_count=count)
    await record(act, "unwarn", target.user, target.rest or None)
    await message.answer(act.t("moderation-unwarned", name=who(target.user), count=count,
                               limit=act.group.moderation.warn_limit))


async def cmd_mute(message: Message, command: CommandObject, act: Act) -> None:
    if (target := await _target(act, message, command, protect=True)) is None:
        return
    words = target.rest.split(None, 1)
    try:
        duration = parse_mute_duration(words[0] if words else "", default=act.group.moderation.mute_for)
    except MuteDurationError as refused:
        await message.answer(act.t("moderation-mute-refused", code=refused.code, value=esc(refused.text)))
        return
    until = act.now + duration
    if (failure := await mute(act, target.user, until, words[1] if len(words) > 1 else None)) is not None:
        await message.answer(act.t(FAILED[failure]))
        return
    await message.answer(act.t("moderation-muted", name=who(target.user), until=until_text(act, until),
                               duration=format_duration(duration)))


async def cmd_unmute(message: Message, command: CommandObject, act: Act) -> None:
    target = await _target(act, message, command, protect=False)
    if target is not None and await _done(
        act, message, "can_restrict_members", restore_rights(act.bot, act.chat_id, target.user.id)
    ):
        await act.uow.chats.update_member(act.chat_id, target.user.id, muted_until=None)
        await record(act, "unmute", target.user, target.rest or None)
        await message.answer(act.t("moderation-unmuted", name=who(target.user)))


async def cmd_ban(message: Message, command: CommandObject, act: Act) -> None:
    target = await _target(act, message, command, protect=True)
    if target is not None and await _done(
        act, message, "can_restrict_members", act.bot.ban_chat_member(act.chat_id, target.user.id)
    ):
        await record(act, "ban", target.user, target.rest or None)
        reason = reason_text(act, target.rest)
        await message.answer(act.t("moderation-banned", name=who(target.user), reason=reason))


async def cmd_unban(message: Message, command: CommandObject, act: Act) -> None:
    target = await _target(act, message, command, protect=False)
    if target is not None and await _done(
        act, message, "can_restrict_members",
        act.bot.unban_chat_member(act.chat_id, target.user.id, only_if_banned=True),
    ):
        await record(act, "unban", target.user, target.rest or None)
        await message.answer(act.t("moderation-unbanned", name=who(target.user)))


async def cmd_report(message: Message, services: Services, uow: UnitOfWork, t: Translate, group: GroupPolicy,
                     event_from_user: User) -> None:
    reply = message.reply_to_message
    if reply is None or reply.forum_topic_created is not None:
        await message.answer(t("moderation-report-how"))
        return
    now, reported = services.clock.now(), reply.from_user
    first = await uow.repo(ModerationRepository).add_report(
        group.chat_id, reply.message_id, reporter_id=event_from_user.id,
        reported_id=reported.id if reported else None, now=now,
    )
    if first:
        uow.audit.add(at=now, action="report", chat_id=group.chat_id, actor_id=event_from_user.id,
                      subject_id=reported.id if reported else None, message_id=reply.message_id)
        excerpt = (reply.text or reply.caption or "")[:200]
        text = t("moderation-report-notice", title=esc(group.title), reporter=who(event_from_user),
                 reported=who(reported) if reported else "—", excerpt=esc(excerpt),
                 link=message_link(group.chat_id, reply.message_id))
        key = f"report:{group.chat_id}:{reply.message_id}"
        await tell_moderators(services, uow, group.chat_id, key, text)
    await message.reply(t("moderation-report-thanks" if first else "moderation-report-already"))
