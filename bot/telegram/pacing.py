"""Outgoing pacing under Telegram's limits, so the limits, not our code, bound what we send.

Telegram allows about 30 messages a second overall, 20 a minute to one group and about one a
second to one private chat; beyond that it answers 429. Each send reserves the earliest slot
that keeps every window within its limit, then sleeps until it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]

# methods that put a message into a chat and count toward the chat's limits
SEND_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "sendAnimation",
        "sendVideo", "sendAudio", "sendVoice", "sendSticker", "copyMessage", "forwardMessage",
        "editMessageText", "editMessageCaption",
    }
)


@dataclass(frozen=True, slots=True)
class Limits:
    per_second: float = 29.0  # overall, evenly spaced: a hair under Telegram's 30/s
    group_per_minute: int = 20
    private_per_second: int = 1
    margin: float = 0.25  # seconds kept between our window and Telegram's


class Pacer:
    def __init__(
        self,
        limits: Limits | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self._now = monotonic
        self._sleep = sleep
        self._next_global = 0.0
        self._windows: dict[int, deque[float]] = {}
        self._blocked_until: dict[int, float] = {}
        self.waited = 0.0

    def _window(self, chat_id: int) -> tuple[int, float]:
        if chat_id < 0:
            return self.limits.group_per_minute, 60.0
        return self.limits.private_per_second, 1.0

    def reserve(self, chat_id: int) -> float:
        """Reserve the earliest allowed moment for one message to ``chat_id``; returns it."""
        now = self._now()
        slot = max(now, self._next_global, self._blocked_until.get(chat_id, 0.0))
        count, span = self._window(chat_id)
        window = self._windows.get(chat_id)
        if window is None:
            window = self._windows[chat_id] = deque()
        while window and window[0] <= slot - span - self.limits.margin:
            window.popleft()
        if len(window) >= count:
            slot = max(slot, window[len(window) - count] + span + self.limits.margin)
        window.append(slot)
        self._next_global = slot + 1.0 / self.limits.per_second
        if len(self._windows) > 50_000:
            self._forget(now)
        return slot

    def _forget(self, now: float) -> None:
        for key in [k for k, w in self._windows.items() if not w or w[-1] < now - 61.0]:
            del self._windows[key]

    async def acquire(self, chat_id: int) -> None:
        slot = self.reserve(chat_id)
        delay = slot - self._now()
        if delay > 0:
            self.waited += delay
            await self._sleep(delay)

    def block(self, chat_id: int | None, seconds: float) -> None:
        """Telegram said 429: hold back this chat (or everything) for ``retry_after``."""
        until = self._now() + seconds
        if chat_id is None:
            self._next_global = max(self._next_global, until)
        else:
            self._blocked_until[chat_id] = max(self._blocked_until.get(chat_id, 0.0), until)
