"""Supporting a proposal (附议): the button under its acknowledgement adds the presser's support,
or withdraws it on a second press. Authors cannot support their own, a rejected or merged
proposal takes no more, and only members of the proposal's group count (anyone may read a public
group and press its buttons). Every press is answered, and the count on the button follows."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.features.proposals.recording import log
from bot.features.proposals.render import SupportCallback, support_keyboard
from bot.i18n import Translate
from bot.services import Services
from bot.telegram.callbacks import toast
from deliberation.proposals import SupportAction, toggle_support
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork

NO_SUPPORT = frozenset({"rejected", "merged"})
PRESENT = frozenset({"creator", "administrator", "member"})
_TOASTS = {
    SupportAction.ADDED: "proposal-support-added",
    SupportAction.WITHDRAWN: "proposal-support-withdrawn",
}


async def cb_support(
    query: CallbackQuery, callback_data: SupportCallback, services: Services, uow: UnitOfWork, bot: Bot,
    t: Translate,
) -> None:
    number = callback_data.number
    repo = uow.repo(ProposalRepository)
    record = await repo.get(number)
    if record is None or record.state in NO_SUPPORT:
        key = "proposal-unknown" if record is None else "proposal-support-closed"
        await toast(query, t(key, number=str(number)))
        return
    if not await _member_of(services, bot, record.chat_id, query.from_user.id):
        await toast(query, t("proposal-support-members-only"))
        return
    decision = toggle_support(await repo.supporters(number), record.author_id, query.from_user.id)
    if decision.action is SupportAction.REFUSED_AUTHOR:
        await toast(query, t("proposal-support-own"))
        return
    if decision.action is SupportAction.ADDED:
        await repo.add_support(number, query.from_user.id, services.clock.now())
    else:
        await repo.remove_support(number, query.from_user.id)
    uow.after_commit(lambda: _counted(query, t, bot, number, decision.action, len(decision.supporters)))


async def _counted(
    query: CallbackQuery, t: Translate, bot: Bot, number: int, action: SupportAction, supporters: int
) -> None:
    """Once the support is kept: the presser is told and the count on the button follows."""
    await toast(query, t(_TOASTS[action], number=str(number)))
    if isinstance(query.message, Message):
        try:
            await bot.edit_message_reply_markup(
                chat_id=query.message.chat.id, message_id=query.message.message_id,
                reply_markup=support_keyboard(t, number, supporters),
            )
        except TelegramAPIError as exc:  # "not modified" after a quick double press, among others
            log.info("support button not updated number=%s error=%s", number, type(exc).__name__)


async def _member_of(services: Services, bot: Bot, chat_id: int, user_id: int) -> bool:
    """Known present, or so Telegram says (a member who never posted is not in the roster)."""
    if services.roster.get(chat_id, user_id) is not None:
        return True
    try:
        found = await bot.get_chat_member(chat_id, user_id)
    except TelegramAPIError as exc:
        log.info("support presser unknown chat_id=%s user_id=%s error=%s",
                 chat_id, user_id, type(exc).__name__)
        return False
    return found.status in PRESENT or bool(getattr(found, "is_member", False))
