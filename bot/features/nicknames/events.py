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
    comply,
    judge,
    recheck_everywhere,
    refresh,
    release,
    restrict,
    try_call,
)
from bot.features.nicknames.render import Recheck, reason_text, who
from bot.features.nicknames.state import log, names_state
from bot.i18n import Translate
from bot.services import Services
from deliberation.chats import MemberRecord
from deliberation.policy import GroupPolicy
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork


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
    group: GroupPolicy, t: Translate, member_record: MemberRecord | None = None,
) -> None:
    user = event_from_user
    record = member_record  # a member seen for the first time: the row this update just wrote
    if record is None or record.restricted_by_bot:
        record = await uow.chats.get_member(group.chat_id, user.id)
    if record is None:
        raise SkipHandler()
    verdict = await judge(services, uow, group, user.id, user.first_name, user.last_name)
    if verdict.ok:
        restricted = record.restricted_by_bot
        if await comply(services, bot, uow, group, record, user, verdict, restricted=restricted):
            await message.answer(t("names-restored", mention=who(user.id, user.first_name, user.last_name)))
        raise SkipHandler()  # an ordinary message from a compliant member: the rest may use it
    if record.restricted_by_bot:  # the restriction did not take; the deadline stands
        await uow.chats.update_member(
            group.chat_id, user.id, first_name=user.first_name, last_name=user.last_name,
            name_reason=verdict.reason,
        )
        await refresh(services, uow, group.chat_id, user.id)
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
    text = t("names-restored", mention=who(user.id, user.first_name, user.last_name))
    await try_call(bot.send_message(group.chat_id, text), "restored notice", group.chat_id, user.id)
    return t("names-restored-toast"), False
