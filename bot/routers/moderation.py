"""群管理: the banned-word and flood filters, moderator commands, /report, and the bot's own rights.

The filters are this router's first handlers and the router is the first feature router, so a
banned word is deleted before the real-name rule or the proposal recogniser looks at the message.
They run on every group message: per-group automatons and one flood detector are built once in
``setup``; the database is touched only when a message breaks a rule. Every step is written to
the audit log and, when the group has one, to its log chat.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import ChatMember, ChatMemberUpdated, Message, User

from bot.actions import make_read_only, restore_rights
from bot.deps import Services
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator
from bot.i18n import Translate
from bot.jobs.runner import JobRunner
from bot.notify import tell_moderators
from bot.texts import display_name, esc, mention, message_link
from bot.timefmt import local_text
from deliberation.durations import format_duration
from deliberation.moderation import (
    BannedWords,
    FloodDetector,
    MuteDurationError,
    can_act_on,
    parse_mute_duration,
    parse_target,
    unwarn,
    warn_decision,
)
from deliberation.policy import GroupPolicy
from storage.repositories.moderation import ModerationRepository
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# What the bot needs as an administrator: delete banned words, mute and remove, approve join
# requests, and set the real-name tags.
NEEDED_RIGHTS = ("can_delete_messages", "can_restrict_members", "can_invite_users", "can_manage_tags")
# Telegram's words for "the bot lacks an administrator right" (deleteMessage says the last one).
RIGHTS_ERRORS = ("not enough rights", "chat_admin_required", "need administrator rights",
                 "message can't be deleted")
FAILED = {"rights": "moderation-failed-rights", "failed": "moderation-failed"}
TARGET_COMMANDS = ("warn", "unwarn", "mute", "unmute", "ban", "unban")
AUTOMATIC_REASONS = {"banned word": "moderation-reason-banned-word", "flood": "moderation-reason-flood",
                     "warn limit": "moderation-reason-warn-limit"}


@dataclass(eq=False)
class ModerationState:
    banned: dict[int, BannedWords]
    flood: FloodDetector
    missing: dict[int, frozenset[str]] = field(default_factory=dict)  # rights the bot lacks, per group
    checked: set[int] = field(default_factory=set)  # groups whose rights were checked since start


def setup(services: Services) -> None:
    floods = {chat_id: group.moderation.flood for chat_id, group in services.groups.items()}
    services.features["moderation"] = ModerationState(
        banned={chat_id: BannedWords.from_policy(g.moderation) for chat_id, g in services.groups.items()},
        flood=FloodDetector(floods.__getitem__),
    )


def register_jobs(runner: JobRunner) -> None:
    runner.add("moderation-rights", timedelta(minutes=1), check_rights)


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


def _who(user: User) -> str:
    return mention(user.id, display_name(user.first_name, user.last_name))


def _reason(act: Act, reason: str | None) -> str:
    if not reason:
        return act.t("moderation-reason-none")
    return act.t(AUTOMATIC_REASONS[reason]) if reason in AUTOMATIC_REASONS else esc(reason)


async def _call(act: Act, right: str, request: Awaitable[Any]) -> str | None:
    """Make a Bot API call; None on success, else "rights" (reported once) or "failed"."""
    try:
        await request
        return None
    except TelegramBadRequest as exc:
        log.warning("moderation call failed chat_id=%s error=%s", act.chat_id, exc.message)
        if any(words in exc.message.lower() for words in RIGHTS_ERRORS):
            state: ModerationState = act.services.features["moderation"]
            known = state.missing.get(act.chat_id, frozenset())
            if right not in known:
                await rights_missing(act.services, act.uow, act.group, known | {right})
            return "rights"
    except TelegramAPIError as exc:
        log.warning("moderation call failed chat_id=%s error=%s", act.chat_id, type(exc).__name__)
    return "failed"


async def _record(act: Act, action: str, subject: User, reason: str | None,
                  until: datetime | None = None) -> None:
    extra = {"until": until.isoformat()} if until is not None else {}
    act.uow.audit.add(at=act.now, action=action, chat_id=act.chat_id,
                      actor_id=act.actor.id if act.actor else None, subject_id=subject.id,
                      reason=(reason or "")[:256] or None, **extra)
    if act.group.moderation.log_chat_id:
        t = act.t
        text = t("moderation-log", action=t(f"moderation-action-{action}"), subject=_who(subject),
                 actor=_who(act.actor) if act.actor else t("moderation-the-bot"), reason=_reason(act, reason),
                 until=t("moderation-log-until", until=_until(act, until)) if until else "")
        await tell_moderators(act.services, act.uow, act.chat_id, f"modlog:{act.key}:{action}", text)


def _until(act: Act, until: datetime) -> str:
    return local_text(until, act.group.timezone)


async def mute(act: Act, user: User, until: datetime, reason: str | None) -> str | None:
    failure = await _call(act, "can_restrict_members", make_read_only(act.bot, act.chat_id, user.id, until))
    if failure is None:
        await act.uow.chats.update_member(act.chat_id, user.id, muted_until=until)
        await _record(act, "mute", user, reason, until)
    return failure


async def warn(act: Act, user: User, reason: str | None) -> tuple[str, datetime | None]:
    """One more warning; at the limit the member is muted. Returns the group's notice and the
    end of the mute, if there was one."""
    chats = act.uow.chats
    record = await chats.get_member(act.chat_id, user.id) or await chats.ensure_member(
        act.chat_id, user.id, first_name=user.first_name, last_name=user.last_name, is_bot=user.is_bot,
        now=act.now,
    )
    decision = warn_decision(record.warn_count, act.group.moderation, act.now)
    await _record(act, "warn", user, reason)
    if decision.mute_until is not None and await mute(act, user, decision.mute_until, "warn limit") is None:
        await chats.update_member(act.chat_id, user.id, warn_count=0)
        return act.t("moderation-warned-muted", name=_who(user), limit=decision.limit,
                     until=_until(act, decision.mute_until), reason=_reason(act, reason)), decision.mute_until
    count = decision.new_count or decision.limit  # a mute that failed leaves the member at the limit
    await chats.update_member(act.chat_id, user.id, warn_count=count)
    return act.t("moderation-warned", name=_who(user), count=count, limit=decision.limit,
                 reason=_reason(act, reason)), None


async def _say(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        log.warning("moderation notice failed chat_id=%s error=%s", chat_id, type(exc).__name__)


# -- the filters on every group message ------------------------------------------------------------
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
        state: ModerationState = services.features["moderation"]
        text = message.text or message.caption
        word = state.banned[group.chat_id].find(text) if text else None
        flooding = self.count_flood and state.flood.hit(group.chat_id, user_id, services.clock.now())
        if word is None and not flooding:
            return False
        return {"banned_word": word, "flooding": flooding}


async def on_violation(message: Message, banned_word: str | None, flooding: bool, act: Act,
                       event_from_user: User) -> None:
    user, notices, muted_until = event_from_user, [], None
    if banned_word is not None:
        request = act.bot.delete_message(act.chat_id, message.message_id)
        if await _call(act, "can_delete_messages", request) is None:
            await _record(act, "delete", user, "banned word")
        notice, muted_until = await warn(act, user, "banned word")
        notices.append(notice)
    flood = act.group.moderation.flood
    until = act.now + flood.mute_for
    # a mute for the warn limit that lasts longer already covers the flood
    longer = muted_until is not None and muted_until >= until
    if flooding and not longer and await mute(act, user, until, "flood") is None:
        duration = format_duration(flood.mute_for)
        notices.append(act.t("moderation-flood-muted", name=_who(user), duration=duration))
    if notices:
        await _say(act.bot, act.chat_id, "\n".join(notices))


# -- moderator commands ----------------------------------------------------------------------------
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
    if reply is not None and reply.from_user is not None and reply.forum_topic_created is None:
        user, rest, user_id = reply.from_user, args, reply.from_user.id
    elif (user_id := parse_target(args)) is not None:
        rest = "".join(args.split(None, 1)[1:])
    else:
        await message.answer(act.t("moderation-need-target"))
        return None
    status = "member"
    try:  # the current status: an admin promoted while the bot was away is still protected
        found: ChatMember = await act.bot.get_chat_member(act.chat_id, user_id)
        user, status = found.user, found.status
    except TelegramAPIError:
        if user is None:
            await message.answer(act.t("moderation-unknown-user", id=str(user_id)))
            return None
    is_admin = status in ("administrator", "creator")
    services = act.services
    if protect and (user_id == services.bot_id or services.is_moderator(act.chat_id, user_id)
                    or not can_act_on(user_id, is_admin, act.group.moderation)):
        await message.answer(act.t("moderation-protected", name=_who(user)))
        return None
    return Target(user, rest.strip())


async def _done(act: Act, message: Message, right: str, request: Awaitable[Any]) -> bool:
    """Make the call; when it fails, tell the moderator who asked."""
    failure = await _call(act, right, request)
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
    record = await act.uow.chats.get_member(act.chat_id, target.user.id)
    count = unwarn(record.warn_count if record is not None else 0)
    await act.uow.chats.update_member(act.chat_id, target.user.id, warn_count=count)
    await _record(act, "unwarn", target.user, target.rest or None)
    await message.answer(act.t("moderation-unwarned", name=_who(target.user), count=count,
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
    await message.answer(act.t("moderation-muted", name=_who(target.user), until=_until(act, until),
                               duration=format_duration(duration)))


async def cmd_unmute(message: Message, command: CommandObject, act: Act) -> None:
    target = await _target(act, message, command, protect=False)
    if target is not None and await _done(
        act, message, "can_restrict_members", restore_rights(act.bot, act.chat_id, target.user.id)
    ):
        await act.uow.chats.update_member(act.chat_id, target.user.id, muted_until=None)
        await _record(act, "unmute", target.user, target.rest or None)
        await message.answer(act.t("moderation-unmuted", name=_who(target.user)))


async def cmd_ban(message: Message, command: CommandObject, act: Act) -> None:
    target = await _target(act, message, command, protect=True)
    if target is not None and await _done(
        act, message, "can_restrict_members", act.bot.ban_chat_member(act.chat_id, target.user.id)
    ):
        await _record(act, "ban", target.user, target.rest or None)
        reason = _reason(act, target.rest)
        await message.answer(act.t("moderation-banned", name=_who(target.user), reason=reason))


async def cmd_unban(message: Message, command: CommandObject, act: Act) -> None:
    target = await _target(act, message, command, protect=False)
    if target is not None and await _done(
        act, message, "can_restrict_members",
        act.bot.unban_chat_member(act.chat_id, target.user.id, only_if_banned=True),
    ):
        await _record(act, "unban", target.user, target.rest or None)
        await message.answer(act.t("moderation-unbanned", name=_who(target.user)))


async def cmd_refused(message: Message, t: Translate) -> None:
    await message.answer(t("refused-not-moderator"))


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
        text = t("moderation-report-notice", title=esc(group.title), reporter=_who(event_from_user),
                 reported=_who(reported) if reported else "—", excerpt=esc(excerpt),
                 link=message_link(group.chat_id, reply.message_id))
        key = f"report:{group.chat_id}:{reply.message_id}"
        await tell_moderators(services, uow, group.chat_id, key, text)
    await message.reply(t("moderation-report-thanks" if first else "moderation-report-already"))


# -- the bot's own rights --------------------------------------------------------------------------
def missing_rights(member: ChatMember) -> frozenset[str]:
    if member.status == "creator":
        return frozenset()
    if member.status != "administrator":
        return frozenset(NEEDED_RIGHTS)
    # older payloads have no can_manage_tags: missing counts as not granted
    return frozenset(r for r in NEEDED_RIGHTS if not getattr(member, r, None))


async def rights_missing(
    services: Services, uow: UnitOfWork, group: GroupPolicy, missing: frozenset[str]
) -> None:
    """Remember what the bot lacks and tell the moderators, once per set of missing rights."""
    services.features["moderation"].missing[group.chat_id] = missing
    now = services.clock.now()
    if not missing or not await uow.claims.claim(
        "notice", f"rights:{group.chat_id}:{sorted(missing)}", now=now, owner=services.instance
    ):
        return
    t = services.translator.bind(group.locale)
    lines = [t("moderation-right-line", label=t(f"moderation-right-{r}"), right=r) for r in sorted(missing)]
    text = t("moderation-rights-missing", title=esc(group.title), rights="\n".join(lines))
    key = f"rights:{group.chat_id}:{'+'.join(sorted(missing))}"
    await tell_moderators(services, uow, group.chat_id, key, text)


async def note_rights(services: Services, uow: UnitOfWork, group: GroupPolicy, member: ChatMember) -> None:
    services.features["moderation"].checked.add(group.chat_id)
    rights = {k: bool(v) for k, v in member.model_dump().items() if k.startswith("can_")}
    await uow.chats.update_chat(group.chat_id, bot_rights={"status": member.status, **rights})
    await rights_missing(services, uow, group, missing_rights(member))


async def on_bot_rights_changed(event: ChatMemberUpdated, services: Services, uow: UnitOfWork,
                                group: GroupPolicy) -> None:
    await note_rights(services, uow, group, event.new_chat_member)
    raise SkipHandler  # later features watch the bot's promotion too (names: tags)


async def check_rights(services: Services, bot: Bot) -> None:
    """Once per group and process start: promotions made while the bot was down send no update."""
    state: ModerationState = services.features["moderation"]
    for chat_id, group in services.groups.items():
        if chat_id in state.checked:
            continue
        state.checked.add(chat_id)
        try:
            member = await bot.get_chat_member(chat_id, services.bot_id)
        except TelegramAPIError as exc:
            log.warning("rights check failed chat_id=%s error=%s", chat_id, type(exc).__name__)
            continue
        async with services.uow() as uow:
            await uow.chats.upsert_chat(chat_id, title=group.title, type="supergroup", configured=True,
                                        now=services.clock.now())
            await note_rights(services, uow, group, member)
            await uow.commit()


def build_router() -> Router:
    router = Router(name="moderation")
    router.message.register(on_violation, Violation(), Acting(by_bot=True))
    router.edited_message.register(on_violation, Violation(count_flood=False), Acting(by_bot=True))
    moderated = (ConfiguredGroup(), IsModerator(), Acting())
    for name, handler in (("warn", cmd_warn), ("unwarn", cmd_unwarn), ("mute", cmd_mute),
                          ("unmute", cmd_unmute), ("ban", cmd_ban), ("unban", cmd_unban)):
        router.message.register(handler, Command(name), *moderated)
    router.message.register(cmd_refused, Command(*TARGET_COMMANDS), ConfiguredGroup(), NotModerator())
    router.message.register(cmd_report, Command("report"), ConfiguredGroup())
    router.my_chat_member.register(
        on_bot_rights_changed, ConfiguredGroup(),
        Where(lambda e: e.new_chat_member.status in ("administrator", "creator", "member", "restricted")),
    )
    return router
