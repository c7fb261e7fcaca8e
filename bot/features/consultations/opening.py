"""Opening a consultation: ``/consult TOPIC CLOSES TEXT`` in the group it is for, or in private,
where the bot asks which group (a button per group) unless only one is possible.

The post carries the background and the consultation's tag, is pinned, and a poll follows it
when the official listed options. A redelivered command finds its consultation and does nothing.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    User,
)

from bot.features.consultations.render import post_text, tag
from bot.i18n import Translate
from bot.services import Services
from bot.telegram.callbacks import toast
from bot.timefmt import local_text, zone
from deliberation.consultations import ConsultationError, ConsultationRecord, State, parse_request
from deliberation.policy import GroupPolicy
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWork

log = logging.getLogger("bot.features.consultations")


class GroupChoice(CallbackData, prefix="cgrp"):
    consultation: int
    chat_id: int


def may_consult(services: Services, user_id: int, chat_id: int) -> bool:
    """Officials and the group's moderators ask the group."""
    return user_id in services.officials or services.is_moderator(chat_id, user_id)


def refusal(t: Translate, error: ConsultationError) -> str:
    return t(f"consult-error-{error.code}", **{k: str(v) for k, v in error.data.items()}) + "\n\n" + t(
        "consult-usage")


async def cmd_consult(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, bot: Bot, t: Translate,
    event_from_user: User, group: GroupPolicy | None = None,
) -> None:
    uid = event_from_user.id
    groups = [group] if group is not None else [
        g for g in services.groups.values() if may_consult(services, uid, g.chat_id)]
    if not groups or not all(may_consult(services, uid, g.chat_id) for g in groups):
        await message.answer(t("consult-refused"))
        return
    now = services.clock.now()
    tz = groups[0].timezone if len(groups) == 1 else services.settings.locale.timezone
    try:
        request = parse_request(command.args, now, zone(tz))
    except ConsultationError as error:
        await message.answer(refusal(t, error))
        return
    repo = uow.repo(ConsultationRepository)
    if await repo.by_origin(message.chat.id, message.message_id) is not None:
        return  # a redelivered command: it was handled
    chat_id = groups[0].chat_id if len(groups) == 1 else 0
    number = await repo.create(request, chat_id=chat_id, official_id=uid, origin_chat_id=message.chat.id,
                               origin_message_id=message.message_id, now=now)
    if chat_id == 0:
        buttons = [[InlineKeyboardButton(text=g.title, callback_data=GroupChoice(
            consultation=number, chat_id=g.chat_id).pack())] for g in groups]
        markup = InlineKeyboardMarkup(inline_keyboard=buttons)
        await message.answer(t("consult-which-group"), reply_markup=markup)
        return
    await message.answer(await open_in(services, uow, bot, t, number))


async def cb_group(
    query: CallbackQuery, callback_data: GroupChoice, services: Services, uow: UnitOfWork, bot: Bot,
    t: Translate,
) -> None:
    repo = uow.repo(ConsultationRepository)
    record = await repo.get(callback_data.consultation)
    chat_id = callback_data.chat_id
    if record is None or record.official_id != query.from_user.id or chat_id not in services.groups or (
            not may_consult(services, query.from_user.id, chat_id)):
        await toast(query, t("consult-refused"))
        return
    if not await repo.choose_group(record.id, chat_id):
        await toast(query, t("consult-already-opened", tag=tag(t, record.id)))
        return
    await toast(query, t("consult-group-chosen"))
    text = await open_in(services, uow, bot, t, record.id)
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text)
        except TelegramAPIError as exc:
            log.info("group choice not edited consultation=%s error=%s", record.id, type(exc).__name__)


async def open_in(services: Services, uow: UnitOfWork, bot: Bot, t: Translate, number: int) -> str:
    """Post, pin and poll; what to tell the official. A post that fails leaves no consultation."""
    repo = uow.repo(ConsultationRepository)
    record = await repo.get(number)
    assert record is not None and record.state is State.DRAFT
    group = services.groups[record.chat_id]
    gt = services.translator.bind(group.locale)
    try:
        post = await bot.send_message(record.chat_id, post_text(gt, record, group.timezone))
    except TelegramAPIError as exc:
        log.warning("consultation not posted chat_id=%s error=%s", record.chat_id, type(exc).__name__)
        await repo.discard(number)
        return t("consult-not-posted", group=group.title)
    notes = []
    try:
        await bot.pin_chat_message(record.chat_id, post.message_id, disable_notification=True)
    except TelegramAPIError as exc:
        log.warning("consultation not pinned chat_id=%s error=%s", record.chat_id, type(exc).__name__)
        notes.append(t("consult-not-pinned"))
    poll_message, poll_id = await _poll(bot, record, post.message_id)
    if record.poll_options and poll_message is None:
        notes.append(t("consult-no-poll"))
    await repo.set_posted(number, message_id=post.message_id, poll_message_id=poll_message, poll_id=poll_id,
                          now=services.clock.now())
    log.info("consultation opened id=%s chat_id=%s", number, record.chat_id)
    opened = t("consult-opened", tag=tag(gt, number), group=group.title,
               closes=local_text(record.closes_at, group.timezone), number=str(number))
    return "\n".join([opened, *notes])


async def _poll(bot: Bot, record: ConsultationRecord, post_id: int) -> tuple[int | None, str | None]:
    if not record.poll_options:
        return None, None
    try:
        sent = await bot.send_poll(
            record.chat_id, record.question, list(record.poll_options), is_anonymous=True,
            reply_parameters=ReplyParameters(message_id=post_id, allow_sending_without_reply=True),
        )
    except TelegramAPIError as exc:
        log.warning("consultation poll not sent chat_id=%s error=%s", record.chat_id, type(exc).__name__)
        return None, None
    return sent.message_id, sent.poll.id if sent.poll else None
