"""Every update is handled once, however often Telegram delivers it.

Telegram delivers an update again when it did not see it confirmed: a webhook answer that came
late or not at all (sometimes while the first delivery is still being handled), a poll that was
never followed by the next one because the process stopped. Handled twice, a ``/warn`` counts
two warnings and a support press is withdrawn again.

Two guards: the ids of recent updates in memory, taken before the first ``await`` so a concurrent
second delivery is turned away at once; and, for what acts (commands and button presses; ordinary
chatter has nothing to double and costs no database write), a claim in the update's own
transaction, which survives a restart and commits or rolls back with the update's effects. The
claim is keyed by the message or callback, never by ``update_id`` alone: Telegram may restart
update ids at random after a week without updates.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot.middlewares.base import Handler, ServiceMiddleware
from bot.services import Services

log = logging.getLogger("delibot.updates")
UPDATE_JOB = "update"  # the claims of updates that act (kept a while: bot.jobs.claims)
RECENT = 10_000  # update ids remembered; Telegram redelivers within minutes


class Recent:
    """A bounded set: the oldest ids are forgotten first."""

    def __init__(self, size: int = RECENT) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first(self, update_id: int) -> bool:
        """True the first time an id is seen (and remembers it)."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


def acting_key(update: Update) -> str | None:
    """A key for an update that may act: a command, or a button press."""
    if update.callback_query is not None:
        return f"cb:{update.callback_query.id}"
    message = update.message
    if message is not None and (message.text or message.caption or "").startswith("/"):
        return f"m:{message.chat.id}:{message.message_id}"
    return None


class OnceMiddleware(ServiceMiddleware):
    """Outer middleware on ``update``, after the one that opens the update's unit of work."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.recent = Recent()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if not self.recent.first(event.update_id):
            log.info("duplicate update skipped update_id=%s", event.update_id)
            return UNHANDLED
        key = acting_key(event)
        if key is not None:
            services = self.services
            claimed = await data["uow"].claims.claim(UPDATE_JOB, key, now=services.clock.now(),
                                                     owner=services.instance)
            if not claimed:
                log.info("update handled before skipped update_id=%s", event.update_id)
                return UNHANDLED
        return await handler(event, data)
