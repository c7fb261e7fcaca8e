"""Around every update: count it in flight, give it one unit of work, commit on success.

Outer middleware on ``update`` so it wraps all routers; it always ``return await handler(...)``
and lets exceptions reach the error router. The unit of work opens no connection unless a
handler uses it, so ordinary group messages cost no database round-trip here.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import TelegramObject, Update

from bot.middlewares.base import Handler, ServiceMiddleware

log = logging.getLogger("delibot.updates")


class UpdateMiddleware(ServiceMiddleware):
    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        services = self.services
        services.in_flight.enter()
        serial = services.features.get("serial")
        try:
            if serial is None:
                return await self._handle(handler, event, data, inline=False)
            async with serial:  # the simulation: one thing at a time, so a seed replays exactly
                return await self._handle(handler, event, data, inline=True)
        except Exception:
            services.metrics.update_errors.inc()
            update_id = event.update_id if isinstance(event, Update) else None
            log.exception("update failed update_id=%s", update_id)
            raise
        finally:
            services.in_flight.leave()

    async def _handle(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any], *, inline: bool
    ) -> Any:
        services = self.services
        async with services.uow() as uow:
            data["uow"] = uow
            result = await handler(event, data)
            await uow.commit()
            queued = uow.enqueued
        if queued:
            waker = services.features["outbox_waker"]
            await waker.deliver() if inline else waker.wake()
        return result
