"""The FAQ matcher on messages no other feature took, and the /faq commands."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram import Router
from aiogram.filters import Command, Filter
from aiogram.types import Chat, Message, User

from bot.features.faq.commands import cmd_faq
from bot.features.faq.state import matcher
from bot.i18n import Translate
from bot.jobs.claims import EVERY as CLAIMS_EVERY
from bot.jobs.claims import forgetting
from bot.jobs.runner import JobRunner
from bot.services import Services
from bot.texts import esc
from bot.timefmt import local_day
from deliberation.faq import KEYWORD_LIMIT, StoredEntry, answer_period, asks
from deliberation.policy import GroupPolicy
from storage.uow import UnitOfWork

ANSWER_JOB = "faq-answer"
# a member gets an entry once a local day (``answer_period``): two days cover every time zone
ANSWER_CLAIMS_KEPT = timedelta(days=2)


class FaqQuestion(Filter):
    """A text message in a configured group or a private chat that asks about an FAQ keyword."""

    async def __call__(
        self, message: Message, services: Services, uow: UnitOfWork, event_chat: Chat | None = None,
        group: GroupPolicy | None = None,
    ) -> bool | dict[str, Any]:
        text = message.text
        if not text or event_chat is None or text.startswith("/"):
            return False
        private = event_chat.type == "private"
        if not private and group is None:
            return False
        chats = list(services.groups) if private else [event_chat.id]
        if not private and len(text) > KEYWORD_LIMIT + 4 and not asks(text):
            return False  # neither a bare keyword nor a question: no database round-trip
        for chat_id in chats:
            entry = (await matcher(services, uow, chat_id)).match(text, private)
            if entry is not None:
                return {"faq": entry}
        return False


async def on_question(message: Message, faq: StoredEntry, services: Services, uow: UnitOfWork, t: Translate,
                      event_from_user: User, group: GroupPolicy | None = None) -> None:
    if group is not None:
        day = local_day(services.clock.now(), group.timezone)
        period = answer_period(group.chat_id, faq.id, event_from_user.id, day)
        if not await uow.claims.claim(ANSWER_JOB, period, now=services.clock.now(), owner=services.instance):
            return  # this member had this answer today
    if faq.link:
        await message.reply(t("faq-answer-more", answer=esc(faq.answer), link=esc(faq.link)))
    else:
        await message.reply(t("faq-answer", answer=esc(faq.answer)))


def build_router() -> Router:
    router = Router(name="faq")
    router.message.register(on_question, FaqQuestion())
    router.message.register(cmd_faq, Command("faq"))
    return router


def register_jobs(runner: JobRunner) -> None:
    runner.add("faq-answer-claims", CLAIMS_EVERY, forgetting(ANSWER_JOB, ANSWER_CLAIMS_KEPT))
