"""Following a proposal: supporting it also means hearing its outcome. When it is answered, its
supporters who opened a private chat with the bot get the answer there, through the outbox in the
answer's transaction (once each); a button on that notice turns these notices off (and on again).
The author is always told.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Translate
from bot.messages import queued_text
from bot.services import Services
from bot.telegram.callbacks import toast
from bot.texts import excerpt, message_link
from deliberation.handling import HandlingCase
from storage.repositories.corrections import FollowRepository
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork

KIND = "follow"


class FollowCallback(CallbackData, prefix="follow"):
    on: bool


def _button(t: Translate, on: bool) -> dict[str, object]:
    label = t("follow-turn-on" if on else "follow-turn-off")
    return {"inline_keyboard": [[{"text": label, "callback_data": FollowCallback(on=on).pack()}]]}


async def tell_followers(
    services: Services, uow: UnitOfWork, case: HandlingCase, department: str, answer: str
) -> None:
    supporters = await uow.repo(ProposalRepository).supporters(case.number)
    silent = await uow.repo(FollowRepository).opted_out(supporters)
    recipients = sorted({*supporters} - silent - {case.author_id})
    users = await uow.chats.users([case.author_id, *recipients])
    now = services.clock.now()
    link = message_link(case.chat_id, case.message_id)
    for uid in [case.author_id, *recipients]:
        user = users.get(uid)
        t = services.translator.bind(services.language(None, user.language_code if user else None))
        key = "follow-answer-author" if uid == case.author_id else "follow-answer"
        params = queued_text(t(key, number=case.number, department=department,
                                 proposal=excerpt(case.text, 80), answer=excerpt(answer, 1500), link=link))
        if uid != case.author_id:
            params["reply_markup"] = _button(t, on=False)
        await uow.outbox.enqueue(key=f"follow:answer:{case.number}:{uid}", kind=KIND, chat_id=uid,
                                 params=params, now=now)


async def cb_follow(query: CallbackQuery, callback_data: FollowCallback, services: Services, uow: UnitOfWork,
                    t: Translate) -> None:
    repo = uow.repo(FollowRepository)
    if callback_data.on:
        await repo.opt_in(query.from_user.id)
    else:
        await repo.opt_out(query.from_user.id, services.clock.now())
    await toast(query, t("follow-on" if callback_data.on else "follow-off"))
    if isinstance(query.message, Message):
        markup = InlineKeyboardMarkup.model_validate(_button(t, on=not callback_data.on))
        await query.message.edit_reply_markup(reply_markup=markup)
