"""The FAQ matcher on messages no other feature took."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Chat, Message

from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc
from deliberation.faq import FaqMatcher, FaqThrottle
from deliberation.policy import FaqEntry, GroupPolicy


@dataclass(eq=False)
class FaqState:
    matcher: FaqMatcher
    throttle: FaqThrottle


def setup(services: Services) -> None:
    services.keep(FaqState(FaqMatcher(services.settings.faq()), FaqThrottle()))


class FaqQuestion(Filter):
    """A text message in a configured group or a private chat that asks an FAQ keyword."""

    async def __call__(
        self, message: Message, services: Services, event_chat: Chat | None = None,
        group: GroupPolicy | None = None,
    ) -> bool | dict[str, Any]:
        text = message.text
        if not text or event_chat is None:
            return False
        private = event_chat.type == "private"
        if not private and group is None:
            return False
        entry = services.state(FaqState).matcher.match(text, private)
        return False if entry is None else {"faq": entry}


async def on_question(message: Message, faq: FaqEntry, services: Services, t: Translate,
                      group: GroupPolicy | None = None) -> None:
    state = services.state(FaqState)
    # synonyms share the limit: the entry's first keyword stands for all of them
    if group is not None and not state.throttle.allow(group.chat_id, faq.keywords[0], services.clock.now()):
        return
    await message.reply(t("faq-answer", answer=esc(faq.answer)))


def build_router() -> Router:
    router = Router(name="faq")
    router.message.register(on_question, FaqQuestion())
    return router
