"""The router: /start, /help, /id, and leaving unconfigured groups (naming the group's id, which
the operator needs to configure it)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandStart
from aiogram.types import ChatMemberUpdated, Message, User

from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, PrivateChat, UnconfiguredGroup
from bot.i18n import Translate
from bot.reach import probe
from bot.services import Services
from bot.texts import esc
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


async def cmd_start(message: Message, t: Translate, event_from_user: User) -> None:
    await message.answer(t("start-private", name=esc(event_from_user.first_name)))


async def cmd_id(message: Message, t: Translate) -> None:
    """The ids an operator needs for the configuration: the group's, and the sender's own (an
    anonymous administrator posts as the group: ``sender_chat``, and has no user id to give)."""
    sender = message.from_user
    anonymous = message.sender_chat is not None or sender is None
    user = t("id-user-anonymous") if anonymous else t("id-user", user_id=str(sender.id) if sender else "")
    if message.chat.type == "private":
        await message.answer(user)
        return
    group = t("id-group", chat_id=str(message.chat.id), title=esc(message.chat.title))
    await message.answer(f"{group}\n{user}")


async def cmd_help(message: Message, t: Translate, services: Services, event_from_user: User) -> None:
    user_id = event_from_user.id
    parts = [t("help-member")]
    if services.is_moderator_anywhere(user_id):
        parts.append(t("help-moderator"))
    if user_id in services.officials:
        parts.append(t("help-official"))
    if user_id in services.settings.leaders():
        parts.append(t("help-leader"))
    if user_id in services.settings.supervision_policy().supervisors:
        parts.append(t("help-supervisor"))
    await message.answer("\n\n".join(parts))


async def _leave(
    bot: Bot, chat_id: int, t: Translate, uow: UnitOfWork, services: Services, title: str
) -> None:
    chat = await uow.chats.get_chat(chat_id)
    if chat is not None and chat.state == "left":
        return  # said once already; Telegram may still deliver a late update
    await uow.chats.upsert_chat(chat_id, title=title, type="supergroup", configured=False,
                                now=services.clock.now())
    await uow.chats.update_chat(chat_id, state="left")

    async def goodbye() -> None:  # once "left" is kept, so a late update does not say it again
        log.info("leaving unconfigured chat_id=%s", chat_id)
        try:
            await bot.send_message(chat_id, t("group-not-configured", chat_id=str(chat_id)))
        except TelegramAPIError as exc:
            log.warning("could not say goodbye chat_id=%s error=%s", chat_id, type(exc).__name__)
        await bot.leave_chat(chat_id)

    uow.after_commit(goodbye)


async def on_added_to_unconfigured(
    event: ChatMemberUpdated, bot: Bot, t: Translate, uow: UnitOfWork, services: Services
) -> None:
    await _leave(bot, event.chat.id, t, uow, services, event.chat.title or "")


async def on_message_in_unconfigured(
    message: Message, bot: Bot, t: Translate, uow: UnitOfWork, services: Services
) -> None:
    await _leave(bot, message.chat.id, t, uow, services, message.chat.title or "")


async def on_startup(bot: Bot, services: Services) -> None:
    await probe(services, bot)


def build_router() -> Router:
    router = Router(name="core")
    router.startup.register(on_startup)
    # "/start iam" (the link in a real-name notice) belongs to the names feature
    router.message.register(
        cmd_start, CommandStart(), PrivateChat(), Where(lambda m: (m.text or "").split()[1:] != ["iam"])
    )
    router.message.register(cmd_help, Command("help"), PrivateChat())
    # in a group that is not configured the farewell names the group's id instead
    router.message.register(cmd_id, Command("id"), PrivateChat())
    router.message.register(cmd_id, Command("id"), ConfiguredGroup())
    router.my_chat_member.register(
        on_added_to_unconfigured,
        UnconfiguredGroup(),
        Where(lambda e: e.new_chat_member.status in ("member", "administrator")),
    )
    router.message.register(on_message_in_unconfigured, UnconfiguredGroup())
    return router
