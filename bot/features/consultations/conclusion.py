"""``/conclude N TEXT``: the consultation's official publishes its conclusion, which is posted in the
group as a reply to the consultation, pinned and recorded.

When the department reviews answers before they are published (issue 16), a hook in
``services.hooks.conclusion_review`` may take the conclusion for review and call
:func:`publish` once a leader approved it; with no such hook it is published at once.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject
from aiogram.types import Message, ReplyParameters, User

from bot.features.consultations.opening import log
from bot.features.consultations.render import tag
from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc
from deliberation.consultations import ConsultationError, ConsultationRecord, check_conclusion
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWork


async def cmd_conclude(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, bot: Bot, t: Translate,
    event_from_user: User,
) -> None:
    head, _, text = (command.args or "").strip().partition(" ")
    head = head.lstrip("#＃")
    if not head.isdecimal():
        await message.answer(t("consult-conclude-usage"))
        return
    repo = uow.repo(ConsultationRepository)
    record = await repo.get(int(head))
    if record is None or record.chat_id not in services.groups:
        await message.answer(t("consult-unknown", number=esc(head)))
        return
    try:
        text = check_conclusion(record.state, record.official_id, event_from_user.id, text)
    except ConsultationError as error:
        await message.answer(t(f"consult-error-{error.code}", number=str(record.id),
                               **{k: str(v) for k, v in error.data.items()}))
        return
    for review in services.hooks.conclusion_review:
        if await review(services, uow, bot, record, text):
            await message.answer(t("consult-conclusion-in-review", number=str(record.id)))
            return
    await message.answer(await publish(services, uow, bot, t, record, text))


async def publish(
    services: Services, uow: UnitOfWork, bot: Bot, t: Translate, record: ConsultationRecord, text: str,
) -> str:
    """Record, post as a reply to the consultation, pin; what to tell whoever published it."""
    repo = uow.repo(ConsultationRepository)
    if not await repo.conclude(record.id, text, services.clock.now()):
        return t("consult-error-already_concluded", number=str(record.id))
    group = services.groups[record.chat_id]
    gt = services.translator.bind(group.locale)
    body = gt("consult-conclusion", tag=tag(gt, record.id), question=esc(record.question[:200]),
              count=record.opinions, text=esc(text))
    reply = ReplyParameters(message_id=record.message_id, allow_sending_without_reply=True) if (
        record.message_id) else None
    try:
        sent = await bot.send_message(record.chat_id, body, reply_parameters=reply)
    except TelegramAPIError as exc:
        log.warning("conclusion not posted id=%s error=%s", record.id, type(exc).__name__)
        return t("consult-conclusion-not-posted", number=str(record.id))
    await repo.set_conclusion_message(record.id, sent.message_id)
    try:
        await bot.pin_chat_message(record.chat_id, sent.message_id, disable_notification=True)
    except TelegramAPIError as exc:
        log.warning("conclusion not pinned id=%s error=%s", record.id, type(exc).__name__)
        return t("consult-conclusion-posted", number=str(record.id)) + "\n" + t("consult-not-pinned")
    log.info("consultation concluded id=%s chat_id=%s", record.id, record.chat_id)
    return t("consult-conclusion-posted", number=str(record.id))
