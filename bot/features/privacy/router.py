"""The router: /privacy, /mydata and /forget in a private chat, and the confirmation button.

In a group the three commands only point to the private chat: an export or an erasure is
nobody else's business.
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message, User

from bot.features.privacy.erasure import erase
from bot.features.privacy.render import (
    ForgetCallback,
    document_file,
    forget_keyboard,
    privacy_notice,
    summary,
)
from bot.features.privacy.state import PrivacyState, privacy_state
from bot.filters.scope import ConfiguredGroup, PrivateChat
from bot.i18n import Translate
from bot.services import Services
from bot.telegram.callbacks import toast
from storage.repositories.privacy import PrivacyRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.privacy")
COMMANDS = ("privacy", "mydata", "forget")


def setup(services: Services) -> None:
    services.keep(PrivacyState.of(services))


async def cmd_privacy(message: Message, t: Translate, services: Services) -> None:
    await message.answer(privacy_notice(t, privacy_state(services).policy.departed_after))


async def cmd_mydata(message: Message, t: Translate, services: Services, uow: UnitOfWork,
                     event_from_user: User) -> None:
    document = await uow.repo(PrivacyRepository).export(event_from_user.id, now=services.clock.now())
    await message.answer(summary(t, document))
    await message.answer_document(document_file(document), caption=t("privacy-mydata-caption"))
    log.info("personal data exported user_id=%s", event_from_user.id)


async def cmd_forget(message: Message, t: Translate, event_from_user: User) -> None:
    await message.answer(t("privacy-forget-ask"), reply_markup=forget_keyboard(t, event_from_user.id))


async def cb_forget(query: CallbackQuery, callback_data: ForgetCallback, t: Translate, services: Services,
                    uow: UnitOfWork) -> None:
    if callback_data.user_id != query.from_user.id:
        await toast(query, t("privacy-forget-not-yours"))
        return
    if not callback_data.confirm:
        await toast(query, t("privacy-forget-cancelled"))
        await _replace(query, t("privacy-forget-cancelled"))
        return
    erased = await erase(services, uow, query.from_user.id, by="member")

    async def confirm() -> None:  # only once the erasure is committed
        await toast(query, t("privacy-forget-done-short"))
        await _replace(query, t("privacy-forget-done", groups=erased.groups, proposals=erased.proposals,
                                kept=erased.kept_sanctions))

    uow.after_commit(confirm)


async def _replace(query: CallbackQuery, text: str) -> None:
    """The question becomes the answer, without its buttons: pressing again does nothing."""
    if not isinstance(query.message, Message):
        return
    try:
        await query.message.edit_text(text, reply_markup=None)
    except TelegramAPIError as exc:
        log.info("forget message not edited error=%s", type(exc).__name__)


async def cmd_in_group(message: Message, t: Translate) -> None:
    await message.reply(t("privacy-private-only"))


def build_router() -> Router:
    router = Router(name="privacy")
    router.message.register(cmd_privacy, Command("privacy"), PrivateChat())
    router.message.register(cmd_mydata, Command("mydata"), PrivateChat())
    router.message.register(cmd_forget, Command("forget"), PrivateChat())
    router.message.register(cmd_in_group, Command(*COMMANDS), ConfiguredGroup())
    router.callback_query.register(cb_forget, ForgetCallback.filter(), PrivateChat())
    return router
