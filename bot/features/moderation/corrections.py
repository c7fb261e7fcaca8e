"""Corrections (辟谣): a moderator replies ``/correct TEXT`` to a message that spreads a rumour; the
bot posts the official clarification as a reply to it and pins it, deletes the original when asked
(``/correct -d TEXT``), records who, when and what, and tells the log chat.

The practice: when rumours spread, the truth is published promptly and officially
(及时公布真相，辟除谣言), next to the rumour, where the group sees it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject
from aiogram.types import Message, ReplyParameters, User

from bot.features.moderation.actions import who
from bot.i18n import Translate
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc, excerpt, message_link
from deliberation.policy import GroupPolicy
from storage.repositories.corrections import CorrectionRepository
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
TEXT_LIMIT = 2000
DELETE_FLAGS = ("-d", "--delete", "删除")


def parse_correction(args: str | None) -> tuple[str, bool]:
    """``[-d] TEXT``: the clarification, and whether the original is to be deleted."""
    text = (args or "").strip()
    head, _, rest = text.partition(" ")
    if head in DELETE_FLAGS:
        return rest.strip(), True
    return text, False


async def cmd_correct(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, bot: Bot, t: Translate,
    group: GroupPolicy, event_from_user: User,
) -> None:
    target = message.reply_to_message
    text, delete = parse_correction(command.args)
    if target is None or target.forum_topic_created is not None or not text:
        await message.answer(t("correct-usage"))
        return
    if len(text) > TEXT_LIMIT:
        await message.answer(t("correct-too-long", limit=str(TEXT_LIMIT), length=str(len(text))))
        return
    repo = uow.repo(CorrectionRepository)
    if await repo.exists(group.chat_id, target.message_id):
        await message.answer(t("correct-already"))
        return
    try:
        sent = await bot.send_message(
            group.chat_id, t("correct-post", text=esc(text)),
            reply_parameters=ReplyParameters(message_id=target.message_id, allow_sending_without_reply=True))
    except TelegramAPIError as exc:
        log.warning("clarification not posted chat_id=%s error=%s", group.chat_id, type(exc).__name__)
        await message.answer(t("correct-failed"))
        return
    pinned = await _call(bot.pin_chat_message(group.chat_id, sent.message_id))
    notes = [] if pinned else [t("correct-not-pinned")]
    deleted = delete and await _call(bot.delete_message(group.chat_id, target.message_id))
    if delete and not deleted:
        notes.append(t("correct-not-deleted"))
    now = services.clock.now()
    author = target.from_user
    await repo.add(group.chat_id, target.message_id, author_id=author.id if author else None,
                   moderator_id=event_from_user.id, text=text, clarification_message_id=sent.message_id,
                   deleted_original=deleted, now=now)
    uow.audit.add(at=now, action="correct", chat_id=group.chat_id, actor_id=event_from_user.id,
                  subject_id=author.id if author else None, message_id=target.message_id)
    notice = t("correct-log", title=esc(group.title), moderator=who(event_from_user), text=excerpt(text, 300),
               link=message_link(group.chat_id, sent.message_id))
    key = f"correct:{group.chat_id}:{target.message_id}"
    await tell_moderators(services, uow, group.chat_id, key, notice)
    log.info("correction posted chat_id=%s user_id=%s", group.chat_id, event_from_user.id)
    if notes:
        await message.answer("\n".join(notes))


async def _call(request: object) -> bool:
    try:
        await request  # type: ignore[misc]
    except TelegramAPIError as exc:
        log.warning("correction step failed error=%s", type(exc).__name__)
        return False
    return True


async def digest_section(
    services: Services, uow: UnitOfWork, since: datetime, until: datetime
) -> Callable[[Translate], str] | None:
    """Corrections since the last digest, for the officials."""
    found = await uow.repo(CorrectionRepository).since(since)
    if not found:
        return None
    titles = {chat_id: g.title for chat_id, g in services.groups.items()}

    def render(t: Translate) -> str:
        lines = [t("correct-digest-title", count=str(len(found)))]
        lines += [t("correct-digest-line", group=esc(titles.get(c.chat_id, "")), text=excerpt(c.text, 80),
                    link=message_link(c.chat_id, c.clarification_message_id or c.message_id)) for c in found]
        return "\n".join(lines)

    return render
