"""Carrying out the real-name rule's decisions (``deliberation.nicknames``) on a member, shared by
the handlers, the button and the re-check job: gather what the rule reads, make read-only, give
rights back (once), show the unit as a tag, release someone no longer held to the rule.

Nothing here commits but :func:`give_back`, whose claim must be committed before Telegram is asked
(see there); every other write is committed by whoever owns the unit of work (the update
middleware, or the job), and the Bot API calls that must follow a write wait for that commit
(``uow.after_commit``), so a stop in between neither forgets a deadline nor gives rights back twice.
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
from deliberation.nicknames import (
    DisplayName,
    NameChecker,
    NameStanding,
    Notify,
    Registration,
    Release,
    Restrict,
    decide_on_sign,
    shorten_tag,
)
from deliberation.policy import GroupPolicy
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork


def display(user: User) -> DisplayName:
    return DisplayName(user.first_name, user.last_name)


def checker_of(services: Services, group: GroupPolicy) -> NameChecker:
    return names_state(services).checkers[group.chat_id]


async def registration_of(uow: UnitOfWork, group: GroupPolicy, user_id: int) -> Registration | None:
    """The member's /iam registration; read only in register mode, the one place it counts."""
    if group.nickname.mode != "register":
        return None
    user = await uow.chats.get_user(user_id)
    if user is None or not user.real_name or not user.unit:
        return None
    return Registration(user.real_name, user.unit)


def standing_of(
    record: MemberRecord, *, exempt: bool = False, registration: Registration | None = None
) -> NameStanding:
    """What the rule reads of a member's record (``exempt`` adds what the services know: admins,
    moderators, officials, bots)."""
    return NameStanding(
        record.user_id, DisplayName(record.first_name, record.last_name),
        restricted=record.restricted_by_bot, deadline=record.grace_until,
        exempt=exempt or record.exempt, present=record.present, registration=registration,
        muted_until=record.muted_until,
    )


async def gather(
    services: Services, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord, *, exempt: bool = False
) -> NameStanding:
    registration = await registration_of(uow, group, record.user_id)
    return standing_of(record, exempt=exempt, registration=registration)


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
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, user: User, decision: Restrict
) -> None:
    """Read-only until compliant. The decision (and its deadline) is committed before Telegram is
    asked, so the re-check job removes on time even if the bot stops right after."""
    chat_id, now, verdict = group.chat_id, services.clock.now(), decision.verdict
    await uow.chats.update_member(
        chat_id, user.id, first_name=user.first_name, last_name=user.last_name, name_ok=False,
        name_reason=decision.reason, grace_until=decision.deadline, restricted_by_bot=True, updated_at=now,
    )
    uow.audit.add(
        at=now, action="name_restricted", chat_id=chat_id, subject_id=user.id, reason=decision.reason
    )
    await uow.chats.bump_day(chat_id, local_day(now, group.timezone), name_problems=1)
    await refresh(services, uow, chat_id, user.id)
    if (known := names_state(services).restricted_users) is not None:
        known.add(user.id)
    text, keyboard = notice(
        services, services.translator.bind(group.locale), group, user, verdict, decision.deadline
    )

    async def tell() -> None:
        await try_call(make_read_only(bot, chat_id, user.id), "restrict", chat_id, user.id)
        sent = bot.send_message(chat_id, text, reply_markup=keyboard)
        await try_call(sent, "name notice", chat_id, user.id)

    uow.after_commit(tell)


async def note(services: Services, uow: UnitOfWork, group: GroupPolicy, user: User, decision: Notify) -> None:
    """Still wrong while read-only: the name they now carry and its reason; the deadline stands."""
    if not decision.record:
        return
    await uow.chats.update_member(
        group.chat_id, user.id, first_name=user.first_name, last_name=user.last_name,
        name_reason=decision.verdict.reason,
    )
    await refresh(services, uow, group.chat_id, user.id)


async def accept(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord, user: User,
    unit: str | None,
) -> None:
    """Record a compliant name (and show the unit as a tag)."""
    values = await _record_compliant(services, bot, uow, group, record, user, unit)
    if record.present:
        # the row just written is known: a member judged for the first time costs no read back
        services.roster.put(replace(record, **values))
    else:
        services.roster.forget(group.chat_id, user.id)


async def give_back(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord, user: User,
    decision: Release,
) -> bool:
    """Rights back for a member who complied (a running moderation mute is kept until it ends),
    and their compliant name recorded. True when rights came back."""
    chat_id, now = group.chat_id, services.clock.now()
    if record.restricted_by_bot:
        claimed = await uow.chats.claim_release(chat_id, user.id)
        # own commit: before Telegram is asked, so that of two paths racing exactly one gives rights back
        await uow.commit()
        if not claimed:
            await refresh(services, uow, chat_id, user.id)
            return False
    if decision.mute_until is not None:
        call = make_read_only(bot, chat_id, user.id, decision.mute_until)
    else:
        call = restore_rights(bot, chat_id, user.id)
    if not await try_call(call, "restore", chat_id, user.id):
        await uow.chats.update_member(chat_id, user.id, restricted_by_bot=True)
        return False
    uow.audit.add(at=now, action="name_restored", chat_id=chat_id, subject_id=user.id)
    unit = decision.verdict.unit if decision.verdict is not None else None
    await _record_compliant(services, bot, uow, group, record, user, unit)
    await refresh(services, uow, chat_id, user.id)
    return True


async def _record_compliant(
    services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord, user: User,
    unit: str | None,
) -> dict[str, Any]:
    tag = await set_tag(services, bot, uow, group, user.id, unit, record.tag)
    values: dict[str, Any] = {
        "first_name": user.first_name, "last_name": user.last_name, "name_ok": True, "name_reason": None,
        "grace_until": None, "restricted_by_bot": False,
    }
    await uow.chats.update_member(
        group.chat_id, user.id, **values, **({"tag": tag} if tag else {}), updated_at=services.clock.now()
    )
    return values


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
    services: Services, bot: Bot, uow: UnitOfWork, record: MemberRecord, decision: Release, **values: Any
) -> None:
    """No longer held to the rule (exempted, promoted): the bot's restriction is lifted, Telegram
    asked once the release is committed (a rolled-back release gives no rights back)."""
    chat_id, user_id = record.chat_id, record.user_id
    await uow.chats.update_member(
        chat_id, user_id, restricted_by_bot=False, grace_until=None, updated_at=services.clock.now(),
        **values,
    )
    await refresh(services, uow, chat_id, user_id)
    if decision.lift and record.restricted_by_bot:
        uow.after_commit(lambda: try_call(restore_rights(bot, chat_id, user_id), "restore", chat_id, user_id))


async def recheck_everywhere(services: Services, bot: Bot, uow: UnitOfWork, user: User) -> int:
    """Any news of a member counts: restore them wherever their name (or registration) now
    complies. Returns in how many groups rights came back."""
    restored = 0
    records = await uow.repo(NameRepository).restricted_of_user(user.id)
    for record in records:
        group = services.groups.get(record.chat_id)
        if group is None:
            continue
        standing = await gather(services, uow, group, record)
        decision = decide_on_sign(
            display(user), standing, group.nickname, services.clock.now(), checker=checker_of(services, group)
        )
        if not isinstance(decision, Release):
            continue  # still wrong: the deadline stands
        if await give_back(services, bot, uow, group, record, user, decision):
            restored += 1
            text = services.translator.bind(group.locale)(
                "names-restored", mention=who(user.id, user.first_name, user.last_name)
            )
            await try_call(bot.send_message(group.chat_id, text), "restored notice", group.chat_id, user.id)
    if restored == len(records) and (known := names_state(services).restricted_users) is not None:
        known.discard(user.id)
    return restored
