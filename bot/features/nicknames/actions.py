"""The steps the real-name rule takes on a member, shared by the handlers, the button and the
re-check job: judge a name, make read-only, give rights back (once), show the unit as a tag, and
release someone no longer held to the rule.

Each decision is recorded before Telegram is asked, so a stop in between neither forgets a
deadline nor gives rights back twice.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import User

from bot.actions import make_read_only, restore_rights
from bot.features.nicknames.render import notice, who
from bot.features.nicknames.state import log, names_state
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc
from bot.timefmt import local_day
from deliberation.chats import MemberRecord
from deliberation.nicknames import NameVerdict, shorten_tag
from deliberation.policy import GroupPolicy
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork


async def judge(
    services: Services, uow: UnitOfWork, group: GroupPolicy, user_id: int, first: str, last: str | None
) -> NameVerdict:
    """The display name; in register mode a registration (/iam) that fits the group counts too."""
    checker = names_state(services).checkers[group.chat_id]
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


async def try_call(call: Awaitable[Any], what: str, chat_id: int, user_id: int) -> bool:
    try:
        await call
    except TelegramAPIError as exc:
        log.warning("%s failed chat_id=%s user_id=%s error=%s", what, chat_id, user_id, type(exc).__name__)
        return False
    return True


async def refresh(services: Services, uow: UnitOfWork, chat_id: int, user_id: int) -> None:
    """The roster snapshot the hot path reads follows the record just written."""
    record = await uow.chats.get_member(chat_id, user_id)
    if record is not None and record.present:
        services.roster.put(record)
    else:
        services.roster.forget(chat_id, user_id)


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
    await refresh(services, uow, chat_id, user.id)
    if (known := names_state(services).restricted_users) is not None:
        known.add(user.id)
    await uow.commit()
    text, keyboard = notice(services, services.translator.bind(group.locale), group, user, verdict, until)
    await try_call(make_read_only(bot, chat_id, user.id), "restrict", chat_id, user.id)
    await try_call(bot.send_message(chat_id, text, reply_markup=keyboard), "name notice", chat_id, user.id)


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
                await refresh(services, uow, chat_id, user.id)
                return False
            await uow.commit()
        muted = record.muted_until if record.muted_until and record.muted_until > now else None
        if muted:
            call = make_read_only(bot, chat_id, user.id, muted)
        else:
            call = restore_rights(bot, chat_id, user.id)
        if not await try_call(call, "restore", chat_id, user.id):
            await uow.chats.update_member(chat_id, user.id, restricted_by_bot=True)
            return False
        uow.audit.add(at=now, action="name_restored", chat_id=chat_id, subject_id=user.id)
    tag = await set_tag(services, bot, uow, group, user.id, verdict.unit, record.tag)
    values: dict[str, Any] = {
        "first_name": user.first_name, "last_name": user.last_name, "name_ok": True, "name_reason": None,
        "grace_until": None, "restricted_by_bot": False,
    }
    await uow.chats.update_member(chat_id, user.id, **values, **({"tag": tag} if tag else {}), updated_at=now)
    if restricted:
        await refresh(services, uow, chat_id, user.id)
    elif record.present:
        # the row just written is known: a member judged for the first time costs no read back
        services.roster.put(replace(record, **values))
    else:
        services.roster.forget(chat_id, user.id)
    return restricted


async def set_tag(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, user_id: int,
    unit: str | None, current: str | None,
) -> str | None:
    """The unit as the member's tag where the bot has ``can_manage_tags``; where it has not, the
    moderators are told once and the bot stops trying in that group. Returns the tag Telegram
    took, for the caller to record with the rest of the member's row."""
    chat_id, state = group.chat_id, names_state(services)
    tag = shorten_tag(unit) if unit else ""
    if not tag or tag == current or chat_id in state.no_tag_right:
        return None
    rights = await uow.chats.bot_rights(chat_id)
    if rights is not None and rights.get("can_manage_tags") is False:
        state.no_tag_right.add(chat_id)  # known from the bot's own member record: already said
        return None
    try:
        await bot.set_chat_member_tag(chat_id, user_id, tag)
    except TelegramBadRequest as exc:
        if not any(sign in exc.message.lower() for sign in ("not enough rights", "admin_required")):
            log.warning("setChatMemberTag refused chat_id=%s user_id=%s error=%s",
                        chat_id, user_id, exc.message)
            return None
        state.no_tag_right.add(chat_id)
        if await uow.claims.claim("notice", f"tag-right:{chat_id}", now=services.clock.now()):
            text = services.translator.bind(group.locale)("names-tag-right-missing", group=esc(group.title))
            await tell_moderators(services, uow, chat_id, f"names:tag-right:{chat_id}", text)
        return None
    except TelegramAPIError as exc:
        log.warning("setChatMemberTag failed chat_id=%s user_id=%s error=%s",
                    chat_id, user_id, type(exc).__name__)
        return None
    return tag


async def release(
    services: Services, bot: Bot, uow: UnitOfWork, record: MemberRecord, *, call: bool, **values: Any
) -> None:
    """No longer held to the rule (exempted, promoted): the bot's restriction is lifted."""
    chat_id, user_id = record.chat_id, record.user_id
    await uow.chats.update_member(
        chat_id, user_id, restricted_by_bot=False, grace_until=None, updated_at=services.clock.now(),
        **values,
    )
    await refresh(services, uow, chat_id, user_id)
    if call and record.restricted_by_bot:
        await uow.commit()
        await try_call(restore_rights(bot, chat_id, user_id), "restore", chat_id, user_id)


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
                "names-restored", mention=who(user.id, user.first_name, user.last_name)
            )
            await try_call(bot.send_message(group.chat_id, text), "restored notice", group.chat_id, user.id)
    if restored == len(records) and (known := names_state(services).restricted_users) is not None:
        known.discard(user.id)
    return restored
