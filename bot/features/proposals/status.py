"""Where a proposal stands, in one block: on its acknowledgement in the group (kept current) and
in answer to ``/status N``, for anyone. It names no person: the state, the departments it was
referred to, its card, the answer's link and the rating (外网公开反馈)."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import LinkPreviewOptions, Message

from bot.features.proposals.render import support_keyboard, topics_text
from bot.i18n import Translate
from bot.services import Services
from bot.texts import excerpt, message_link
from deliberation.proposals import ProposalRecord
from storage.uow import UnitOfWork


def status_text(t: Translate, services: Services, record: ProposalRecord) -> str:
    names = {d.id: d.name for d in services.departments}
    departments = "、".join(names.get(d, d) for d in record.departments) or t("proposal-status-unassigned")
    state = t("handling-state", state=record.state)
    lines = [t("proposal-status-line", state=state, departments=departments)]
    if record.card_level:
        lines.append(t("proposal-status-card", card=t("handling-card-name", level=record.card_level)))
    if record.answer_message_id is not None:
        lines.append(t("proposal-status-answer", link=message_link(record.chat_id, record.answer_message_id)))
    if record.rating:
        lines.append(t("proposal-status-rating", rating=t("handling-rating", rating=record.rating)))
    if record.merged_into is not None:
        lines.append(t("proposal-show-merged", into=str(record.merged_into)))
    return "\n".join(lines)


def ack_text(t: Translate, services: Services, record: ProposalRecord) -> str:
    """The acknowledgement as first sent, with where the proposal stands under it."""
    first = t("proposal-ack", number=str(record.number), topics=topics_text(t, record.topics))
    return f"{first}\n\n{status_text(t, services, record)}"


def ack_edit(t: Translate, services: Services, record: ProposalRecord) -> dict[str, object]:
    """The editMessageText parameters that bring the acknowledgement up to date (the support
    button kept, with its count)."""
    assert record.ack_message_id is not None
    keyboard = support_keyboard(t, record.number, record.supports)
    return {"message_id": record.ack_message_id, "text": ack_text(t, services, record),
            "reply_markup": keyboard.model_dump(mode="json", exclude_none=True)}


async def cmd_status(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, t: Translate,
) -> None:
    arg = (command.args or "").strip().lstrip("#＃")
    if not arg.isdecimal() or len(arg) > 12:
        await message.reply(t("proposal-status-usage"))
        return
    record = await uow.proposals.get(int(arg))
    if record is None:
        await message.reply(t("proposal-unknown", number=arg))
        return
    text = t("proposal-status", number=str(record.number), text=excerpt(record.text, 120),
             status=status_text(t, services, record))
    await message.reply(text, link_preview_options=LinkPreviewOptions(is_disabled=True))
