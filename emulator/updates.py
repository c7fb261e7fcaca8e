"""The update queue behind getUpdates, with Telegram's long-polling semantics.

An update stays queued until a later getUpdates confirms it with a higher ``offset``; a negative
offset keeps only the last updates. ``allowed_updates`` is remembered between calls; without it the
bot gets everything except ``chat_member`` and message reactions, as the Bot API documents. A second
poller makes the first answer 409 "terminated by other getUpdates request", which is how Telegram
reveals two running instances.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

from emulator.records import ApiError

ALL_UPDATES = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "message_reaction",
    "message_reaction_count", "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
    "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member",
    "chat_join_request", "chat_boost", "removed_chat_boost",
})
DEFAULT_UPDATES = ALL_UPDATES - {"chat_member", "message_reaction", "message_reaction_count"}


def resolve_allowed(requested: list[str] | None, current: frozenset[str]) -> frozenset[str]:
    if requested is None:
        return current
    return frozenset(requested) if requested else DEFAULT_UPDATES


@dataclass
class Update:
    update_id: int
    kind: str
    payload: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


class UpdateQueue:
    def __init__(self) -> None:
        self.pending: list[Update] = []
        self.allowed: frozenset[str] = DEFAULT_UPDATES
        self.delivering = 0
        self._next_id = 1
        self._event = asyncio.Event()
        self._poller = 0
        self.closed = False

    def push(self, kind: str, payload: dict[str, Any]) -> Update:
        update = Update(self._next_id, kind, payload)
        self._next_id += 1
        self.pending.append(update)
        self.wake()
        return update

    def wake(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        event = self._event
        if timeout > 0 and not self.closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)

    def confirm(self, offset: int) -> None:
        if offset < 0:
            self.pending = self.pending[offset:]
        elif offset > 0:
            self.pending = [u for u in self.pending if u.update_id >= offset]

    def take(self, limit: int) -> list[Update]:
        """The first ``limit`` allowed updates; unwanted ones are dropped, Telegram never sends them."""
        self.pending = [u for u in self.pending if u.kind in self.allowed]
        return self.pending[:limit]

    def drop_all(self) -> None:
        self.pending.clear()

    async def poll(self, offset: int, limit: int, timeout: float, allowed: list[str] | None) -> list[Update]:
        self._poller += 1
        me = self._poller
        self.wake()  # an older poll still waiting learns that it was superseded
        self.confirm(offset)
        self.allowed = resolve_allowed(allowed, self.allowed)
        limit = min(max(limit, 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            found = self.take(limit)
            if found or self.closed:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            await self.wait(remaining)
            if self._poller != me:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")
