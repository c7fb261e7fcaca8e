"""Whom the bot can write to: what notices may truthfully say, and what the operator must fix.

Telegram lets a bot write to a person only after that person pressed Start in a private chat with
it, and not after they blocked it. A notice to such a person is lost, so a text that says "the
moderators were told" must know whether any of them can be. At start-up every configured chat
(``delibot check-config --live``'s list) is probed once with ``sendChatAction`` — it shows at most a
second of "typing…" and leaves nothing behind — and each one that cannot be reached is logged,
by id and role, for the operator. Afterwards the outbox reports people it could not deliver to, and
a private message from someone shows they can be reached again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError

from bot.cli.live import recipients
from bot.services import Services
from deliberation.outbox import OutboxRecord
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.reach")


@dataclass(eq=False)
class Reach:
    unreachable: set[int] = field(default_factory=set)

    def can(self, chat_id: int) -> bool:
        return chat_id not in self.unreachable

    def any(self, chat_ids: Iterable[int]) -> bool:
        return any(self.can(c) for c in chat_ids)


def reach(services: Services) -> Reach:
    return services.state(Reach)


async def probe(services: Services, bot: Bot) -> None:
    """Once at start-up: one log line for each configured chat the bot cannot write to."""
    found = reach(services)
    services.in_flight.enter()  # a stop (and the test harness) waits for the probe
    try:
        for recipient in recipients(services.settings):
            try:
                await bot.send_chat_action(recipient.chat_id, ChatAction.TYPING)
            except (TelegramForbiddenError, TelegramBadRequest) as exc:
                found.unreachable.add(recipient.chat_id)
                log.warning("cannot write to chat_id=%s roles=%s error=%s: a person must press Start in a "
                            "private chat with the bot", recipient.chat_id, ";".join(recipient.roles),
                            type(exc).__name__)
            except TelegramAPIError as exc:  # not known either way: assume reachable
                log.info("reach unknown chat_id=%s error=%s", recipient.chat_id, type(exc).__name__)
            else:
                found.unreachable.discard(recipient.chat_id)
    finally:
        services.in_flight.leave()


async def on_undeliverable(services: Services, uow: UnitOfWork, record: OutboxRecord) -> None:
    reach(services).unreachable.add(record.chat_id)


def seen_privately(services: Services, user_id: int) -> None:
    """They wrote to the bot: it may write to them now."""
    reach(services).unreachable.discard(user_id)


def setup(services: Services) -> None:
    services.keep(Reach())
    services.hooks.undeliverable.append(on_undeliverable)
