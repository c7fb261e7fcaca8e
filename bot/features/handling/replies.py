"""What the group sees of handling: the answer, rejection or merge posted as a reply to the
proposal, and the author's rating of an answer (满意 / 基本满意 / 不满意).

Only the author rates, once per answer; 不满意 is rework (整改): the proposal goes back to its
department, whose officials are told through the outbox, the author is asked privately what is
still missing (optional), and a second 不满意 on the same proposal goes to the department's
leaders (the moderators when it has none).
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters

from bot.features.handling.notices import KIND, NO_PREVIEW, desk, group_t, tell_officials
from bot.i18n import Translate
from bot.notify import tell_moderators
from bot.services import Services
from bot.telegram.callbacks import toast
from bot.texts import excerpt, mention, message_link, split_message
from deliberation.errors import DomainError
from deliberation.handling import Action, Actor, HandlingCase, Rating, Transition, decide
from storage.repositories.handling import HandlingRepository
from storage.repositories.reviews import ReviewRepository
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def rating_buttons(t: Translate, number: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("handling-rating", rating=r.value),
                             callback_data=f"rate:{number}:{r.value}")
        for r in Rating
    ]])


async def tell_group(bot: Bot, case: HandlingCase, text: str, **extra: Any) -> int | None:
    """Post in the group as a reply to the proposal (which may have been deleted meanwhile); a
    long text in as many messages as it takes, the buttons under the last, whose id is returned."""
    parts = split_message([text])
    reply = ReplyParameters(message_id=case.message_id, allow_sending_without_reply=True)
    sent_id: int | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        try:
            sent = await bot.send_message(
                case.chat_id, part, link_preview_options=NO_PREVIEW, **(extra if last else {}),
                reply_parameters=reply,
            )
        except TelegramAPIError as exc:
            log.warning("group post failed chat_id=%s number=%s error=%s", case.chat_id, case.number,
                        type(exc).__name__)
            return None
        sent_id = sent.message_id
    return sent_id


async def reply_to_author(
    services: Services, bot: Bot, case: HandlingCase, key: str, *, rated: bool = False, **values: Any
) -> int | None:
    """``key`` in the group's language, naming the author; ``rated`` adds the rating buttons."""
    t = group_t(services, case.chat_id)
    # an erased author (id 0) is nobody to mention
    author = mention(case.author_id, case.author_name) if case.author_id else t("privacy-a-member")
    text = t(key, author=author, number=case.number, **values)
    if rated:
        return await tell_group(bot, case, text, reply_markup=rating_buttons(t, case.number))
    return await tell_group(bot, case, text)


async def cb_rate(query: CallbackQuery, t: Translate, services: Services, uow: UnitOfWork, bot: Bot) -> None:
    """Only the author rates, once per answer; 不满意 sends the proposal back to the department."""
    number_text, _, value = (query.data or "").removeprefix("rate:").partition(":")
    repo = uow.repo(HandlingRepository)
    case = await repo.get(int(number_text)) if number_text.isdecimal() else None
    stale = case is None or (query.message is not None and case.answer_message_id not in
                             (None, query.message.message_id))
    if case is None or stale:
        await toast(query, t("handling-rate-expired"))
        return
    now = services.clock.now()
    try:
        step = decide(case.view, Action.RATE, Actor(query.from_user.id), now=now, rating=value)
    except DomainError as error:
        await toast(query, t(f"handling-refused-{error.code}", number=case.number, departments=""))
        return
    if not await repo.record(step):
        await toast(query, t("handling-refused-already_rated", number=case.number, departments=""))
        return
    if step.reopened:
        await tell_officials(
            services, uow, desk(services).officials_of(step.departments),
            f"handling:reopened:{case.number}:{int(now.timestamp())}",
            lambda ot: ot("handling-reopened", number=case.number, text=excerpt(case.text),
                          link=message_link(case.chat_id, case.message_id)),
        )
        await _rework(services, uow, case, step)
    uow.after_commit(lambda: _rated(query, t, bot, case.chat_id))


async def _rated(query: CallbackQuery, t: Translate, bot: Bot, chat_id: int) -> None:
    """Once the rating is kept: the author is told and the buttons go."""
    await toast(query, t("handling-rated"))
    if query.message is not None:
        try:
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=query.message.message_id,
                                                reply_markup=None)
        except TelegramAPIError as exc:
            log.warning("rating buttons stay chat_id=%s error=%s", chat_id, type(exc).__name__)


async def _rework(services: Services, uow: UnitOfWork, case: HandlingCase, step: Transition) -> None:
    """Ask the author privately what is missing; a second 不满意 reaches the leaders."""
    key = f"handling:rework:{case.number}:{step.reworks}"
    await uow.repo(ReviewRepository).ask(case.author_id, "rework", case.number, now=step.at)
    await tell_officials(services, uow, [case.author_id], f"{key}:ask",
                         lambda at: at("handling-rework-ask", number=case.number))
    if not step.escalates:
        return
    offices = desk(services)
    await uow.repo(HandlingRepository).note(case.number, at=step.at, actor_id=None, action="escalated",
                                            detail=str(step.reworks))

    def render(lt: Translate) -> str:
        return lt("handling-rework-escalated", number=case.number, count=step.reworks,
                  departments=offices.label(step.departments) or "-", text=excerpt(case.text),
                  link=message_link(case.chat_id, case.message_id))

    leaders = offices.leaders_of(step.departments)
    if leaders:
        await tell_officials(services, uow, leaders, f"{key}:leaders", render)
    else:
        await tell_moderators(services, uow, case.chat_id, f"{key}:moderators",
                              render(group_t(services, case.chat_id)), kind=KIND)
