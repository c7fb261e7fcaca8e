"""Answers to what the bot asked someone privately: an author's reason for 不满意 (what is still
missing, optional) and a leader's note on a draft sent back (退回修改).

The question is a row per person; their next plain private message (not a command) is the
answer, taken once. Anyone without a pending question passes on to the other handlers.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject, User

from bot.features.handling.notices import desk, tell_officials
from bot.features.handling.review import take_return_note
from bot.i18n import Translate
from bot.services import Services
from bot.texts import excerpt, message_link
from storage.repositories.handling import HandlingRepository
from storage.repositories.reviews import ReviewRepository
from storage.uow import UnitOfWork

NOTE_LIMIT = 1000


class AnswersQuestion(Filter):
    """A plain private message from someone the bot asked a question; hands ``question`` on."""

    async def __call__(self, event: TelegramObject, uow: UnitOfWork,
                       event_from_user: User | None = None) -> bool | dict[str, Any]:
        if not isinstance(event, Message) or event_from_user is None:
            return False
        text = (event.text or "").strip()
        if not text or text.startswith("/"):
            return False
        found = await uow.repo(ReviewRepository).question(event_from_user.id)
        return {"question": found} if found is not None else False


async def on_answer_to_question(message: Message, t: Translate, services: Services, uow: UnitOfWork,
                                event_from_user: User) -> None:
    taken = await uow.repo(ReviewRepository).take_question(event_from_user.id)
    if taken is None:
        return
    text = excerpt((message.text or "").strip(), NOTE_LIMIT)
    if taken.kind == "return":
        await take_return_note(services, uow, message, t, taken.ref, text)
        return
    await _take_rework_reason(services, uow, message, t, taken.ref, text)


async def _take_rework_reason(services: Services, uow: UnitOfWork, message: Message, t: Translate,
                              number: int, reason: str) -> None:
    """What the author says is still missing goes to the department with the reopened proposal."""
    repo = uow.repo(HandlingRepository)
    case = await repo.get(number)
    if case is None:
        return
    now = services.clock.now()
    await repo.note(number, at=now, actor_id=message.chat.id, action="rework_reason", detail=reason)
    await tell_officials(
        services, uow, desk(services).officials_of(case.departments),
        f"handling:rework-reason:{number}:{int(now.timestamp())}",
        lambda ot: ot("handling-rework-reason", number=number, reason=reason,
                      link=message_link(case.chat_id, case.message_id)),
    )
    await message.answer(t("handling-rework-thanks", number=number))
