"""The real-name rule (实名制) in the groups: "姓名-单位", or read-only and then removal.

Deliberation only works when everyone knows who speaks for whom (SPEC "Real names"). A member who
joins or posts without complying is made read-only and told, by mention, what to change and by
when. A read-only member cannot post, so any other sign of them counts: the notice's button, a
private message, ``/iam`` in register mode, a ``chat_member`` update, and a re-check every minute
(``getChatMember`` gives the current name). As soon as they comply their rights come back; when
the grace runs out they are removed, free to rejoin. The verdicts come from
``deliberation.nicknames``; this module only acts on them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandStart, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    User,
)

from bot.actions import make_read_only, remove_member, restore_rights
from bot.deps import Services
from bot.filters.common import FreshJoin, IsReply, Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator, PrivateChat
from bot.i18n import Translate
from bot.jobs.runner import JobRunner
from bot.notify import tell_moderators
from bot.roster import Snapshot
from bot.texts import display_name, esc, mention
from bot.timefmt import local_day, local_text
from deliberation.nicknames import NameChecker, NameVerdict, parse_registration, shorten_tag
from deliberation.policy import GroupPolicy
from storage.records import MemberRecord
from storage.repositories.names import NameRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.names")
RECHECK_EVERY = timedelta(minutes=1)
LIST_LIMIT = 50
_USER_LINK = re.compile(r"tg://user\?id=(\d+)")


class Recheck(CallbackData, prefix="names"):
    action: str
    user_id: int


@dataclass(eq=False)
class NamesState:
    checkers: dict[int, NameChecker]  # one memoised checker per group, built once
    no_tag_right: set[int] = field(default_factory=set)  # groups where setChatMemberTag is refused
    restricted_users: set[int] | None = None  # read-only somewhere; loaded on the first private message


def setup(services: Services) -> None:
    checkers = {chat_id: NameChecker(g.nickname) for chat_id, g in services.groups.items()}
    services.features["names"] = NamesState(checkers)


def _state(services: Services) -> NamesState:
    state: NamesState = services.features["names"]
    return state


# -- judging and texts -----------------------------------------------------------------------------
async def judge(
    services: Services, uow: UnitOfWork, group: GroupPolicy, user_id: int, first: str, last: str | None
) -> NameVerdict:
    """The display name; in register mode a registration (/iam) that fits the group counts too."""
    checker = _state(services).checkers[group.chat_id]
    verdict = checker.check(user_id, first, last)
    if verdict.ok or group.nickname.mode != "register":
        return verdict
    user = await uow.chats.get_user(user_id)
    if user is not None and user.real_name and user.unit:
        sep = group.nickname.separators[0] if group.nickname.separators else "-"
        registered = checker.check(user_id, f"{user.real_name}{sep}{user.unit}", None)
        if registered.ok:
            return registered
    return verdict


def reason_text(t: Translate, verdict: NameVerdict, *, html: bool = True) -> str:
    """One text per reason code of ``deliberation.nicknames.REASONS``, filled from the detail."""
    if verdict.ok or verdict.reason is None:
        return t("names-reason-recheck")
    detail = {k: esc(v) if html and isinstance(v, str) else v for k, v in verdict.detail.items()}
    return t("names-reason-" + verdict.reason.replace("_", "-"), **detail)


def example(t: Translate, group: GroupPolicy, sep: str | None = None) -> str:
    policy = group.nickname
    unit = policy.units[0] if policy.units else t("names-example-unit")
    if sep is None:
        sep = next((s for s in policy.separators if s.strip()), " ")
    return f"{t('names-example-name')}{sep}{unit}"


def notice(
    services: Services, t: Translate, group: GroupPolicy, user: User, verdict: NameVerdict, deadline: Any
) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "names-notice", mention=mention(user.id, display_name(user.first_name, user.last_name)),
        reason=reason_text(t, verdict), example=esc(example(t, group)),
        deadline=local_text(deadline, group.timezone),
    )
    data = Recheck(action="recheck", user_id=user.id).pack()
    rows = [[InlineKeyboardButton(text=t("names-button-renamed"), callback_data=data)]]
    if group.nickname.mode == "register" and services.bot_username:
        link = f"https://t.me/{services.bot_username}?start=iam"
        text += "\n" + t("names-notice-register", link=link)
        rows.append([InlineKeyboardButton(text=t("names-button-register"), url=link)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _who(user_id: int, first: str, last: str | None) -> str:
    return mention(user_id, display_name(first, last))


async def _try(call: Awaitable[Any], what: str, chat_id: int, user_id: int) -> bool:
    try:
        await call
    except TelegramAPIError as exc:
        log.warning("%s failed chat_id=%s user_id=%s error=%s", what, chat_id, user_id, type(exc).__name__)
        return False
    return True


async def _refresh(services: Services, uow: UnitOfWork, chat_id: int, user_id: int) -> None:
    record = await uow.chats.get_member(chat_id, user_id)
    if record is not None and record.present:
        services.roster.put(record)
    else:
        services.roster.forget(chat_id, user_id)


# -- acting ----------------------------------------------------------------------------------------
async def restrict(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, user: User, verdict: NameVerdict
) -> None:
    """Read-only until compliant. The decision (and its deadline) is committed before Telegram is
    asked, so the re-check job removes on time even if the bot stops right after."""
    chat_id, now = group.chat_id, services.clock.now()
    until = now + group.nickname.grace
    await uow.chats.update_member(
        chat_id, user.id, first_name=user.first_name, last_name=user.last_name, name_ok=False,
        name_reason=verdict.reason, grace_until=until, restricted_by_bot=True, updated_at=now,
    )
    uow.audit.add(
        at=now, action="name_restricted", chat_id=chat_id, subject_id=user.id, reason=verdict.reason
    )
    await uow.chats.bump_day(chat_id, local_day(now, group.timezone), name_problems=1)
    await _refresh(services, uow, chat_id, user.id)
    if (known := _state(services).restricted_users) is not None:
        known.add(user.id)
    await uow.commit()
    text, keyboard = notice(services, services.translator.bind(group.locale), group, user, verdict, until)
    await _try(make_read_only(bot, chat_id, user.id), "restrict", chat_id, user.id)
    await _try(bot.send_message(chat_id, text, reply_markup=keyboard), "name notice", chat_id, user.id)


async def comply(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord,
    user: User, verdict: NameVerdict, *, restricted: bool,
) -> bool:
    """Record a compliant name (and show the unit as a tag); give rights back when the bot took
    them (a running moderation mute is kept until it ends). True when rights came back."""
    chat_id, now = group.chat_id, services.clock.now()
    if restricted:
        if record.restricted_by_bot:
            # claim the release first, committed, so a concurrent path finds nothing left to do
            await uow.commit()
            if not await uow.chats.claim_release(chat_id, user.id):
                await _refresh(services, uow, chat_id, user.id)
                return False
            await uow.commit()
        muted = record.muted_until if record.muted_until and record.muted_until > now else None
        if muted:
            call = make_read_only(bot, chat_id, user.id, muted)
        else:
            call = restore_rights(bot, chat_id, user.id)
        if not await _try(call, "restore", chat_id, user.id):
            await uow.chats.update_member(chat_id, user.id, restricted_by_bot=True)
            return False
        uow.audit.add(at=now, action="name_restored", chat_id=chat_id, subject_id=user.id)
    await set_tag(services, bot, uow, group, user.id, verdict.unit, record.tag)
    await uow.chats.update_member(
        chat_id, user.id, first_name=user.first_name, last_name=user.last_name, name_ok=True,
        name_reason=None, grace_until=None, restricted_by_bot=False, updated_at=now,
    )
    await _refresh(services, uow, chat_id, user.id)
    return restricted


async def set_tag(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, user_id: int,
    unit: str | None, current: str | None,
) -> None:
    """The unit as the member's tag where the bot has ``can_manage_tags``; where it has not, the
    moderators are told once and the bot stops trying in that group."""
    chat_id, state = group.chat_id, _state(services)
    tag = shorten_tag(unit) if unit else ""
    if not tag or tag == current or chat_id in state.no_tag_right:
        return
    chat = await uow.chats.get_chat(chat_id)
    if chat is not None and chat.bot_rights.get("can_manage_tags") is False:
        state.no_tag_right.add(chat_id)  # known from the bot's own member record: already said
        return
    try:
        await bot.set_chat_member_tag(chat_id, user_id, tag)
    except TelegramBadRequest as exc:
        if not any(sign in exc.message.lower() for sign in ("not enough rights", "admin_required")):
            log.warning("setChatMemberTag refused chat_id=%s user_id=%s error=%s",
                        chat_id, user_id, exc.message)
            return
        state.no_tag_right.add(chat_id)
        if await uow.claims.claim("notice", f"tag-right:{chat_id}", now=services.clock.now()):
            text = services.translator.bind(group.locale)("names-tag-right-missing", group=esc(group.title))
            await tell_moderators(services, uow, chat_id, f"names:tag-right:{chat_id}", text)
        return
    except TelegramAPIError as exc:
        log.warning("setChatMemberTag failed chat_id=%s user_id=%s error=%s",
                    chat_id, user_id, type(exc).__name__)
        return
    await uow.chats.update_member(chat_id, user_id, tag=tag)


async def release(
    services: Services, bot: Bot, uow: UnitOfWork, record: MemberRecord, *, call: bool, **values: Any
) -> None:
    """No longer held to the rule (exempted, promoted): the bot's restriction is lifted."""
    chat_id, user_id = record.chat_id, record.user_id
    await uow.chats.update_member(
        chat_id, user_id, restricted_by_bot=False, grace_until=None, updated_at=services.clock.now(),
        **values,
    )
    await _refresh(services, uow, chat_id, user_id)
    if call and record.restricted_by_bot:
        await uow.commit()
        await _try(restore_rights(bot, chat_id, user_id), "restore", chat_id, user_id)


async def recheck_everywhere(services: Services, bot: Bot, uow: UnitOfWork, user: User) -> int:
    """Any news of a member counts: restore them wherever their name (or registration) now
    complies. Returns in how many groups rights came back."""
    restored = 0
    records = await uow.repo(NameRepository).restricted_of_user(user.id)
    for record in records:
        group = services.groups.get(record.chat_id)
        if group is None:
            continue
        verdict = await judge(services, uow, group, user.id, user.first_name, user.last_name)
        if verdict.ok and await comply(services, bot, uow, group, record, user, verdict, restricted=True):
            restored += 1
            text = services.translator.bind(group.locale)(
                "names-restored", mention=_who(user.id, user.first_name, user.last_name)
            )
            await _try(bot.send_message(group.chat_id, text), "restored notice", group.chat_id, user.id)
    if restored == len(records) and (known := _state(services).restricted_users) is not None:
        known.discard(user.id)
    return restored


# -- filters ---------------------------------------------------------------------------------------
class NameCheckDue(Filter):
    """The hot path: passes only when the rule has something to do (a new name, or one never
    judged or failing). The common case, same name and compliant, costs two comparisons."""

    async def __call__(
        self, message: Message, services: Services, member: Snapshot | None = None,
        event_from_user: User | None = None,
    ) -> bool:
        user = event_from_user
        if member is None or user is None:
            return False
        if member.first_name == user.first_name and member.last_name == user.last_name and (
            member.name_ok or member.restricted_by_bot
        ):
            return False
        if user.is_bot or message.new_chat_members or message.left_chat_member is not None:
            return False
        return not services.is_exempt(message.chat.id, user.id)


class RestrictedByBot(Filter):
    """A chat_member update about someone the bot made read-only: it carries their current name."""

    async def __call__(self, event: ChatMemberUpdated, services: Services) -> bool:
        snapshot = services.roster.get(event.chat.id, event.new_chat_member.user.id)
        return snapshot is not None and snapshot.restricted_by_bot


class RestrictedSomewhere(Filter):
    """A private message from a member the bot made read-only in some group."""

    async def __call__(
        self, event: Message, services: Services, uow: UnitOfWork, event_from_user: User | None = None
    ) -> bool:
        state = _state(services)
        if state.restricted_users is None:
            state.restricted_users = await uow.repo(NameRepository).restricted_user_ids()
        return event_from_user is not None and event_from_user.id in state.restricted_users


# -- handlers --------------------------------------------------------------------------------------
async def on_join(
    event: Message | ChatMemberUpdated, new_users: tuple[User, ...], services: Services, bot: Bot,
    uow: UnitOfWork, group: GroupPolicy,
) -> None:
    for user in new_users:
        if user.is_bot or services.is_exempt(group.chat_id, user.id):
            continue
        record = await uow.chats.get_member(group.chat_id, user.id)
        if record is None:
            continue
        verdict = await judge(services, uow, group, user.id, user.first_name, user.last_name)
        if not verdict.ok:
            await restrict(services, bot, uow, group, user, verdict)
            continue
        # Telegram keeps a restriction across leaving and rejoining
        last = await uow.repo(NameRepository).last_action(group.chat_id, user.id)
        await comply(services, bot, uow, group, record, user, verdict, restricted=last == "name_restricted")
    raise SkipHandler()  # joins concern other features too


async def on_group_message(
    message: Message, event_from_user: User, services: Services, bot: Bot, uow: UnitOfWork,
    group: GroupPolicy, t: Translate,
) -> None:
    user = event_from_user
    record = await uow.chats.get_member(group.chat_id, user.id)
    if record is None:
        raise SkipHandler()
    verdict = await judge(services, uow, group, user.id, user.first_name, user.last_name)
    if verdict.ok:
        restricted = record.restricted_by_bot
        if await comply(services, bot, uow, group, record, user, verdict, restricted=restricted):
            await message.answer(t("names-restored", mention=_who(user.id, user.first_name, user.last_name)))
        raise SkipHandler()  # an ordinary message from a compliant member: the rest may use it
    if record.restricted_by_bot:  # the restriction did not take; the deadline stands
        await uow.chats.update_member(
            group.chat_id, user.id, first_name=user.first_name, last_name=user.last_name,
            name_reason=verdict.reason,
        )
        await _refresh(services, uow, group.chat_id, user.id)
        return
    await restrict(services, bot, uow, group, user, verdict)


async def on_member_update(
    event: ChatMemberUpdated, services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy,
) -> None:
    user = event.new_chat_member.user
    record = await uow.chats.get_member(group.chat_id, user.id)
    if record is not None and record.restricted_by_bot and record.present:
        if services.is_exempt(group.chat_id, user.id):
            await release(services, bot, uow, record, call=event.new_chat_member.status == "restricted")
        else:
            await recheck_everywhere(services, bot, uow, user)
    raise SkipHandler()


async def on_bot_rights(event: ChatMemberUpdated, services: Services) -> None:
    """Granted the tag right again: try tags again in that group."""
    _state(services).no_tag_right.discard(event.chat.id)
    raise SkipHandler()


async def on_private_message(message: Message, event_from_user: User, services: Services, bot: Bot,
                             uow: UnitOfWork) -> None:
    await recheck_everywhere(services, bot, uow, event_from_user)
    raise SkipHandler()  # the message itself is for whoever handles it


async def cmd_iam(
    message: Message, event_from_user: User, services: Services, bot: Bot, uow: UnitOfWork, t: Translate,
) -> None:
    groups = [g for g in services.groups.values() if g.nickname.mode == "register"]
    if not groups:
        await recheck_everywhere(services, bot, uow, event_from_user)
        any_group = next(iter(services.groups.values()), None)
        sample = example(t, any_group) if any_group is not None else t("names-example-name")
        await message.answer(t("names-iam-not-needed", example=esc(sample)))
        return
    verdicts = [parse_registration(message.text or "", g.nickname) for g in groups]
    good = next((v for v in verdicts if v.ok), None)
    if good is None:
        await message.answer(t("names-iam-bad", reason=reason_text(t, verdicts[0]),
                               example=esc(example(t, groups[0], " "))))
        return
    await uow.chats.update_user(event_from_user.id, real_name=good.name, unit=good.unit,
                                updated_at=services.clock.now())
    restored = await recheck_everywhere(services, bot, uow, event_from_user)
    await message.answer(t("names-iam-saved", name=esc(good.name), unit=esc(good.unit), count=restored))


async def cmd_start_iam(message: Message, services: Services, t: Translate) -> None:
    """The notice's link (t.me/<bot>?start=iam) opens the private chat with this hint."""
    group = next((g for g in services.groups.values() if g.nickname.mode == "register"), None)
    sample = example(t, group, " ") if group is not None else t("names-example-name")
    await message.answer(t("names-iam-hint", example=esc(sample)))


async def cmd_names(message: Message, services: Services, uow: UnitOfWork, group: GroupPolicy,
                    t: Translate) -> None:
    records = await uow.repo(NameRepository).non_compliant(group.chat_id)
    if not records:
        await message.answer(t("names-list-empty"))
        return
    checker = _state(services).checkers[group.chat_id]
    lines = [t("names-list-header", count=len(records))]
    for r in records[:LIST_LIMIT]:
        deadline = local_text(r.grace_until, group.timezone) if r.grace_until else t("names-no-deadline")
        lines.append(t(
            "names-list-item", name=esc(display_name(r.first_name, r.last_name)), user_id=str(r.user_id),
            reason=reason_text(t, checker.check(r.user_id, r.first_name, r.last_name)), deadline=deadline,
        ))
    if len(records) > LIST_LIMIT:
        lines.append(t("names-list-more", count=len(records) - LIST_LIMIT))
    await message.answer("\n".join(lines))


def _exempt_target(reply: Message, bot_id: int) -> tuple[int, str, str | None, bool] | None:
    """The member replied to; a reply to the bot's own notice means the member it mentions."""
    sender = reply.from_user
    if sender is not None and sender.id != bot_id:
        return sender.id, sender.first_name, sender.last_name, sender.is_bot
    for entity in reply.entities or ():
        if entity.user is not None:
            return entity.user.id, entity.user.first_name, entity.user.last_name, entity.user.is_bot
        if entity.url and (found := _USER_LINK.fullmatch(entity.url)):
            name = entity.extract_from(reply.text or "")
            return int(found.group(1)), name, None, False
    return None


async def cmd_exempt(
    message: Message, target_message: Message, event_from_user: User, services: Services, bot: Bot,
    uow: UnitOfWork, group: GroupPolicy, t: Translate,
) -> None:
    target = _exempt_target(target_message, services.bot_id)
    if target is None or target[3]:
        await message.answer(t("names-exempt-usage"))
        return
    user_id, first, last, is_bot = target
    now = services.clock.now()
    await services.roster.sight(uow, group.chat_id, user_id, first_name=first, last_name=last,
                                is_bot=is_bot, now=now)
    record = await uow.chats.get_member(group.chat_id, user_id)
    assert record is not None
    uow.audit.add(at=now, action="name_exempted", chat_id=group.chat_id, actor_id=event_from_user.id,
                  subject_id=user_id)
    await release(services, bot, uow, record, call=True, exempt=True)
    await message.answer(t("names-exempted", name=_who(user_id, first, last)))


async def cmd_exempt_usage(message: Message, t: Translate) -> None:
    await message.answer(t("names-exempt-usage"))


async def cmd_refused(message: Message, t: Translate) -> None:
    await message.answer(t("refused-not-moderator"))


async def cb_recheck(
    query: CallbackQuery, callback_data: Recheck, services: Services, bot: Bot, uow: UnitOfWork,
    t: Translate, group: GroupPolicy | None = None,
) -> None:
    """我已改名: only the member themself may press it; every press is answered."""
    answer, alert = t("names-try-later"), False
    try:
        if group is not None:
            answer, alert = await _pressed(query, callback_data.user_id, services, bot, uow, group, t)
    finally:
        await query.answer(answer[:200], show_alert=alert)


async def _pressed(
    query: CallbackQuery, user_id: int, services: Services, bot: Bot, uow: UnitOfWork,
    group: GroupPolicy, t: Translate,
) -> tuple[str, bool]:
    if query.from_user.id != user_id:
        return t("names-not-yours"), False
    record = await uow.chats.get_member(group.chat_id, user_id)
    if record is None or not record.restricted_by_bot or not record.present:
        return t("names-already-ok"), False
    try:
        member = await bot.get_chat_member(group.chat_id, user_id)  # it carries the current name
    except TelegramAPIError as exc:
        log.warning("getChatMember failed chat_id=%s user_id=%s error=%s",
                    group.chat_id, user_id, type(exc).__name__)
        return t("names-try-later"), False
    user = member.user
    verdict = await judge(services, uow, group, user.id, user.first_name, user.last_name)
    if not verdict.ok:
        return t("names-still-wrong", reason=reason_text(t, verdict, html=False)), True
    if not await comply(services, bot, uow, group, record, user, verdict, restricted=True):
        return t("names-try-later"), False
    text = t("names-restored", mention=_who(user.id, user.first_name, user.last_name))
    await _try(bot.send_message(group.chat_id, text), "restored notice", group.chat_id, user.id)
    return t("names-restored-toast"), False


# -- the re-check job --------------------------------------------------------------------------------
def register_jobs(runner: JobRunner) -> None:
    runner.add("names", RECHECK_EVERY, run_recheck)


async def run_recheck(services: Services, bot: Bot) -> None:
    """Every minute: finish removals a stop interrupted, give rights back to those who renamed
    (a read-only member cannot post, so ask getChatMember), remove those whose grace ran out.
    Deadlines live in the database, so a restart during the grace still removes on time."""
    async with services.uow() as uow:
        stuck = await uow.repo(NameRepository).removing()
        waiting = await uow.chats.restricted_by_bot()
    for record in stuck:
        await finish_removal(services, bot, record)
    for record in waiting:
        group = services.groups.get(record.chat_id)
        if group is not None:
            await recheck_member(services, bot, group, record)


async def recheck_member(services: Services, bot: Bot, group: GroupPolicy, record: MemberRecord) -> None:
    chat_id, user_id = record.chat_id, record.user_id
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramBadRequest:
        member = None  # not in the chat any more
    except TelegramAPIError as exc:
        log.warning("getChatMember failed chat_id=%s user_id=%s error=%s",
                    chat_id, user_id, type(exc).__name__)
        return
    now, t = services.clock.now(), services.translator.bind(group.locale)
    removing = False
    async with services.uow() as uow:
        current = await uow.chats.get_member(chat_id, user_id)
        if current is None or not current.restricted_by_bot or not current.present:
            return  # settled meanwhile (the button, a private message, /exempt)
        record = current
        if member is None or member.status in ("left", "kicked") or not getattr(member, "is_member", True):
            await uow.chats.update_member(chat_id, user_id, status="left", restricted_by_bot=False,
                                          grace_until=None, updated_at=now)
            services.roster.forget(chat_id, user_id)
        elif member.status in ("administrator", "creator"):
            await release(services, bot, uow, record, call=False)
        elif record.exempt or services.is_exempt(chat_id, user_id):
            await release(services, bot, uow, record, call=True)
        else:
            user = member.user
            verdict = await judge(services, uow, group, user_id, user.first_name, user.last_name)
            if verdict.ok:
                if await comply(services, bot, uow, group, record, user, verdict, restricted=True):
                    stamp = int(record.grace_until.timestamp()) if record.grace_until else 0
                    text = t("names-restored", mention=_who(user_id, user.first_name, user.last_name))
                    await uow.outbox.enqueue(key=f"names:restored:{chat_id}:{user_id}:{stamp}", kind="names",
                                             chat_id=chat_id, params={"text": text}, now=now)
            elif record.grace_until is not None and record.grace_until <= now:
                await decide_removal(services, uow, group, record, user, verdict)
                removing = True
            elif (user.first_name, user.last_name) != (record.first_name, record.last_name):
                await uow.chats.update_member(chat_id, user_id, first_name=user.first_name,
                                              last_name=user.last_name, name_reason=verdict.reason)
                await _refresh(services, uow, chat_id, user_id)
        await uow.commit()
    if removing:
        await finish_removal(services, bot, record)


async def decide_removal(
    services: Services, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord, user: User,
    verdict: NameVerdict,
) -> None:
    """Recorded, with its notices, before the ban: a restart finishes it exactly once."""
    chat_id, user_id, now = group.chat_id, user.id, services.clock.now()
    t = services.translator.bind(group.locale)
    await uow.chats.update_member(
        chat_id, user_id, status="removing", restricted_by_bot=False, name_ok=False,
        name_reason=verdict.reason, first_name=user.first_name, last_name=user.last_name, updated_at=now,
    )
    uow.audit.add(at=now, action="name_removed", chat_id=chat_id, subject_id=user_id, reason=verdict.reason)
    await uow.chats.bump_day(chat_id, local_day(now, group.timezone), removals=1)
    stamp = int(record.grace_until.timestamp()) if record.grace_until else int(now.timestamp())
    key = f"names:removed:{chat_id}:{user_id}:{stamp}"
    who = _who(user_id, user.first_name, user.last_name)
    await tell_moderators(services, uow, chat_id, key, t(
        "names-removed-moderators", mention=who, user_id=str(user_id), group=esc(group.title),
        reason=reason_text(t, verdict),
    ))
    await uow.outbox.enqueue(key=f"{key}:group", kind="names", chat_id=chat_id,
                             params={"text": t("names-removed-group", mention=who)}, now=now)
    services.roster.forget(chat_id, user_id)


async def finish_removal(services: Services, bot: Bot, record: MemberRecord) -> None:
    chat_id, user_id = record.chat_id, record.user_id
    try:
        await remove_member(bot, chat_id, user_id)
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        # refused for good (no right, gone): retrying every minute cannot help
        log.warning("name removal refused chat_id=%s user_id=%s error=%s", chat_id, user_id, exc.message)
    except TelegramAPIError as exc:
        log.warning("name removal failed chat_id=%s user_id=%s error=%s",
                    chat_id, user_id, type(exc).__name__)
        return  # the next run tries again
    async with services.uow() as uow:
        await uow.repo(NameRepository).finish_removal(chat_id, user_id)
        await uow.commit()


def build_router() -> Router:
    router = Router(name="names")
    in_group = ConfiguredGroup()
    router.message.register(on_join, in_group, FreshJoin())
    router.chat_member.register(on_join, in_group, FreshJoin())
    router.chat_member.register(on_member_update, in_group, RestrictedByBot())
    router.my_chat_member.register(
        on_bot_rights, in_group, Where(lambda e: getattr(e.new_chat_member, "can_manage_tags", False))
    )
    router.message.register(on_group_message, in_group, NameCheckDue())
    router.message.register(cmd_names, Command("names"), in_group, IsModerator())
    router.message.register(cmd_exempt, Command("exempt"), in_group, IsModerator(), IsReply())
    router.message.register(cmd_exempt_usage, Command("exempt"), in_group, IsModerator())
    router.message.register(cmd_refused, Command("names", "exempt"), in_group, NotModerator())
    router.message.register(cmd_iam, Command("iam"), PrivateChat())
    router.message.register(
        cmd_start_iam, CommandStart(deep_link=True), PrivateChat(),
        Where(lambda m: (m.text or "").split(maxsplit=1)[1:] == ["iam"]),
    )
    router.message.register(on_private_message, PrivateChat(), RestrictedSomewhere())
    router.callback_query.register(cb_recheck, Recheck.filter())
    return router
