"""The real-name rule's re-check (实名制), every minute: rights back for those who renamed,
removal for those whose grace ran out, and removals a stop interrupted finished.

A read-only member cannot post, so ``getChatMember`` is asked for their current name. Deadlines
live in the database, so a restart during the grace still removes on time; a removal is recorded
before the ban, so a restart finishes it exactly once, and its notices are queued once Telegram
confirmed the ban (the outbox's keys keep them single), so nobody hears of a removal that failed.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import User

from bot.actions import remove_member
from bot.features.nicknames.actions import checker_of, display, gather, give_back, note, release
from bot.features.nicknames.render import reason_text, who
from bot.features.nicknames.state import log
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc
from bot.timefmt import local_day
from deliberation.chats import MemberRecord
from deliberation.nicknames import Forget, Notify, Release, Remove, Seen, decide_recheck
from deliberation.policy import GroupPolicy
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork


async def run_recheck(services: Services, bot: Bot) -> None:
    """Every minute: finish removals a stop interrupted, give rights back to those who renamed
    (a read-only member cannot post, so ask getChatMember), remove those whose grace ran out.
    Deadlines live in the database, so a restart during the grace still removes on time. Each
    member's re-check is a unit of work of its own: one member's failure holds no other back."""
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
    seen = None
    if member is not None:
        seen = Seen(member.status, display(member.user), getattr(member, "is_member", True))
    now, t = services.clock.now(), services.translator.bind(group.locale)
    removing = False
    async with services.uow() as uow:
        current = await uow.chats.get_member(chat_id, user_id)
        if current is None:
            return  # nothing recorded: nothing to decide
        record = current
        exempt = services.is_name_exempt(chat_id, user_id)
        standing = await gather(services, uow, group, record, exempt=exempt)
        decision = decide_recheck(seen, standing, group.nickname, now, checker=checker_of(services, group))
        user = member.user if member is not None else None  # Telegram's word on their name
        match decision:
            case Forget():
                await uow.chats.update_member(chat_id, user_id, status="left", restricted_by_bot=False,
                                              grace_until=None, updated_at=now)
                services.roster.forget(chat_id, user_id)
            case Release(verdict=None):
                await release(services, bot, uow, record, decision)
            case Release() if user is not None:
                if await give_back(services, bot, uow, group, record, user, decision):
                    stamp = int(record.grace_until.timestamp()) if record.grace_until else 0
                    text = t("names-restored", mention=who(user_id, user.first_name, user.last_name))
                    await uow.outbox.enqueue(key=f"names:restored:{chat_id}:{user_id}:{stamp}", kind="names",
                                             chat_id=chat_id, params={"text": text}, now=now)
            case Remove() if user is not None:
                await record_removal(services, uow, group, record, user, decision)
                removing = True
            case Notify() if user is not None:
                await note(services, uow, group, user, decision)
        await uow.commit()  # own commit: this member's re-check is its own unit of work (the job owns it)
    if removing:
        # the removal is committed, with its notices, before the ban: a restart finishes it once
        await finish_removal(services, bot, record)


async def record_removal(
    services: Services, uow: UnitOfWork, group: GroupPolicy, record: MemberRecord, user: User,
    decision: Remove,
) -> None:
    """Recorded before the ban: a restart finishes it exactly once (notices: ``_tell_removed``)."""
    chat_id, user_id, now = group.chat_id, record.user_id, services.clock.now()
    first_name, last_name = user.first_name, user.last_name
    reason = decision.verdict.reason
    await uow.chats.update_member(
        chat_id, user_id, status="removing", restricted_by_bot=False, name_ok=False,
        name_reason=reason, first_name=first_name, last_name=last_name, updated_at=now,
    )
    uow.audit.add(at=now, action="name_removed", chat_id=chat_id, subject_id=user_id, reason=reason)
    await uow.chats.bump_day(chat_id, local_day(now, group.timezone), removals=1)
    services.roster.forget(chat_id, user_id)


async def _tell_removed(services: Services, uow: UnitOfWork, record: MemberRecord) -> None:
    """Once Telegram confirmed the ban: the moderators and the group hear of what happened."""
    group = services.groups.get(record.chat_id)
    if group is None:
        return
    chat_id, user_id, now = record.chat_id, record.user_id, services.clock.now()
    t = services.translator.bind(group.locale)
    stamp = int(record.grace_until.timestamp()) if record.grace_until else 0
    key = f"names:removed:{chat_id}:{user_id}:{stamp}"
    mention = who(user_id, record.first_name, record.last_name)
    verdict = checker_of(services, group).check(user_id, record.first_name, record.last_name)
    await tell_moderators(services, uow, chat_id, key, t(
        "names-removed-moderators", mention=mention, user_id=str(user_id), group=esc(group.title),
        reason=reason_text(t, verdict),
    ))
    await uow.outbox.enqueue(key=f"{key}:group", kind="names", chat_id=chat_id,
                             params={"text": t("names-removed-group", mention=mention)}, now=now)


async def finish_removal(services: Services, bot: Bot, record: MemberRecord) -> None:
    chat_id, user_id = record.chat_id, record.user_id
    removed = True
    try:
        await remove_member(bot, chat_id, user_id)
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        # refused for good (no right, gone): retrying every minute cannot help
        log.warning("name removal refused chat_id=%s user_id=%s error=%s", chat_id, user_id, exc.message)
        removed = False
    except TelegramAPIError as exc:
        log.warning("name removal failed chat_id=%s user_id=%s error=%s",
                    chat_id, user_id, type(exc).__name__)
        return  # the next run tries again
    async with services.uow.transaction() as uow:  # a unit of its own: the removal is done
        await uow.repo(NameRepository).finish_removal(chat_id, user_id)
        if removed:  # told once Telegram confirmed the ban
            await _tell_removed(services, uow, record)
