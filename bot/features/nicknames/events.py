"""The signs a member gives that the real-name rule acts on: a join, a group message, a
``chat_member`` update, a private message, a press of the notice's 我已改名 button.

A read-only member cannot post, so every other sign counts: whichever comes first after they
comply gives their rights back. Events that concern other features too go on to them
(``SkipHandler``).
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, User

from bot.features.nicknames.actions import (
    accept,
    checker_of,
    display,
    gather,
    give_back,
    note,
    recheck_everywhere,
    release,
    restrict,
    try_call,
)
from bot.features.nicknames.render import Recheck, reason_text, who
from bot.features.nicknames.state import log, names_state
from bot.i18n import Translate
from bot.services import Services
from deliberation.chats import MemberRecord
from deliberation.nicknames import (
    NOT_YOURS,
    Accept,
    JudgeAgain,
    Nothing,
    Notify,
    Release,
    Restrict,
    decide_on_join,
    decide_on_member_update,
    decide_on_message,
    decide_on_press,
    decide_on_sign,
)
from deliberation.policy import GroupPolicy
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork


async def on_join(
    event: Message | ChatMemberUpdated, new_users: tuple[User, ...], services: Services, bot: Bot,
    uow: UnitOfWork, group: GroupPolicy,
) -> None:
    for user in new_users:
        if user.is_bot or services.is_name_exempt(group.chat_id, user.id):
            continue  # exempt (SPEC.md "Real names"): nothing to read
        record = await uow.chats.get_member(group.chat_id, user.id)
        if record is None:
            continue
        standing = await gather(services, uow, group, record)
        last = await uow.repo(NameRepository).last_action(group.chat_id, user.id)
        decision = decide_on_join(
            display(user), standing, group.nickname, services.clock.now(),
            still_restricted=last == "name_restricted", checker=checker_of(services, group),
        )
        match decision:
            case Restrict():
                await restrict(services, bot, uow, group, user, decision)
            case Release():
                await give_back(services, bot, uow, group, record, user, decision)
            case Accept(verdict=verdict):
                await accept(services, bot, uow, group, record, user, verdict.unit)
    raise SkipHandler()  # joins concern other features too


async def on_group_message(
    message: Message, event_from_user: User, services: Services, bot: Bot, uow: UnitOfWork,
    group: GroupPolicy, t: Translate, member_record: MemberRecord | None = None,
) -> None:
    user = event_from_user
    record = member_record  # a member seen for the first time: the row this update just wrote
    if record is None or record.restricted_by_bot:
        record = await uow.chats.get_member(group.chat_id, user.id)
    if record is None:
        raise SkipHandler()
    standing = await gather(services, uow, group, record)
    decision = decide_on_message(
        display(user), standing, group.nickname, services.clock.now(), checker=checker_of(services, group)
    )
    match decision:
        case Restrict():
            await restrict(services, bot, uow, group, user, decision)
            return  # the message was the offence: nobody else acts on it
        case Notify():
            await note(services, uow, group, user, decision)
            return
        case Release():
            if await give_back(services, bot, uow, group, record, user, decision):
                mention = who(user.id, user.first_name, user.last_name)
                await message.answer(t("names-restored", mention=mention))
        case Accept(verdict=verdict):
            await accept(services, bot, uow, group, record, user, verdict.unit)
    raise SkipHandler()  # an ordinary message from a compliant member: the rest may use it


async def on_member_update(
    event: ChatMemberUpdated, services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy,
) -> None:
    user = event.new_chat_member.user
    record = await uow.chats.get_member(group.chat_id, user.id)
    if record is not None:
        exempt = services.is_name_exempt(group.chat_id, user.id)
        standing = await gather(services, uow, group, record, exempt=exempt)
        match decide_on_member_update(standing, event.new_chat_member.status):
            case Release() as decision:
                await release(services, bot, uow, record, decision)
            case JudgeAgain():
                await recheck_everywhere(services, bot, uow, user)
    raise SkipHandler()


async def on_bot_rights(event: ChatMemberUpdated, services: Services) -> None:
    """Granted the tag right again: try tags again in that group."""
    names_state(services).no_tag_right.discard(event.chat.id)
    raise SkipHandler()


async def on_private_message(message: Message, event_from_user: User, services: Services, bot: Bot,
                             uow: UnitOfWork) -> None:
    await recheck_everywhere(services, bot, uow, event_from_user)
    raise SkipHandler()  # the message itself is for whoever handles it


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
    # someone else's button (its data may be forged, with an id no database column holds) is
    # refused by the decision below without a look-up
    record = await uow.chats.get_member(group.chat_id, user_id) if user_id == query.from_user.id else None
    standing = await gather(services, uow, group, record) if record is not None else None
    match decide_on_press(query.from_user.id, user_id, standing):
        case Nothing(why=why):
            return t("names-not-yours" if why == NOT_YOURS else "names-already-ok"), False
    assert record is not None and standing is not None  # held: there is a record
    try:
        member = await bot.get_chat_member(group.chat_id, user_id)  # it carries the current name
    except TelegramAPIError as exc:
        log.warning("getChatMember failed chat_id=%s user_id=%s error=%s",
                    group.chat_id, user_id, type(exc).__name__)
        return t("names-try-later"), False
    user = member.user
    decision = decide_on_sign(
        display(user), standing, group.nickname, services.clock.now(), checker=checker_of(services, group)
    )
    match decision:
        case Notify(verdict=verdict):
            return t("names-still-wrong", reason=reason_text(t, verdict, html=False)), True
        case Release() if await give_back(services, bot, uow, group, record, user, decision):
            text = t("names-restored", mention=who(user.id, user.first_name, user.last_name))
            await try_call(bot.send_message(group.chat_id, text), "restored notice", group.chat_id, user.id)
            return t("names-restored-toast"), False
        case _:
            return t("names-try-later"), False
