"""Outgoing pacing under Telegram's limits, so the limits, not our code, bound what we send.

Telegram allows about 30 messages a second overall, 20 a minute to one group and about one a
second to one private chat; beyond that it answers 429. Each call reserves the earliest moment
that keeps every window within its limit, then waits for it.

The overall limit is a set of reserved moments, evenly spaced, not one "next free moment": a
group that may only send again in 40 s reserves its moment 40 s ahead, and the chats that are
free now take the moments before it. Otherwise one throttled group would hold back every chat.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Sleep = Callable[[float], Awaitable[None]]

# calls that put something into a chat, or change it there: they count toward the chat's limits
SEND_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "sendAnimation",
        "sendVideo", "sendAudio", "sendVoice", "sendSticker", "sendPoll", "sendLocation",
        "sendContact", "copyMessage", "forwardMessage", "editMessageText", "editMessageCaption",
        "editMessageReplyMarkup", "editMessageMedia",
    }
)
# other writes: Telegram counts them toward the overall rate only
GLOBAL_METHODS = frozenset(
    {
        "answerCallbackQuery", "deleteMessage", "deleteMessages", "banChatMember", "unbanChatMember",
        "restrictChatMember", "promoteChatMember", "approveChatJoinRequest", "declineChatJoinRequest",
        "pinChatMessage", "unpinChatMessage", "setMessageReaction", "sendChatAction",
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
        self._gap = 1.0 / self.limits.per_second
        self._global: list[float] = []  # reserved overall moments, sorted
        self._global_blocked = 0.0
        self._windows: dict[int, deque[float]] = {}
        self._blocked_until: dict[int, float] = {}
        self.waited = 0.0

    def now(self) -> float:
        return self._now()

    async def sleep(self, seconds: float) -> None:
        """Wait on the pacer's time (simulated time in the tests and the simulation)."""
        await self._sleep(seconds)

    def _window(self, chat_id: int) -> tuple[int, float]:
        if chat_id < 0:
            return self.limits.group_per_minute, 60.0
        return self.limits.private_per_second, 1.0

    def _chat_ready(self, chat_id: int, now: float) -> float:
        """The earliest moment this chat's own limit (and any 429 it got) allows."""
        ready = max(now, self._blocked_until.get(chat_id, 0.0))
        window = self._windows.get(chat_id)
        if window:
            count, span = self._window(chat_id)
            while window and window[0] <= now - span - self.limits.margin:
                window.popleft()
            if len(window) >= count:
                ready = max(ready, window[len(window) - count] + span + self.limits.margin)
        return ready

    def _global_slot(self, ready: float) -> float:
        """The earliest overall moment at or after ``ready`` at least one gap from every other."""
        slot = max(ready, self._global_blocked)
        gap = self._gap - 1e-9
        index = bisect.bisect_left(self._global, slot - gap)
        for taken in self._global[index:]:
            if taken >= slot + gap:
                break
            slot = max(slot, taken + self._gap)
        return slot

    def slot(self, chat_id: int | None) -> float:
        """When a call to ``chat_id`` (None: a call counted overall only) could go, unreserved."""
        now = self._now()
        ready = self._chat_ready(chat_id, now) if chat_id is not None else max(now, self._global_blocked)
        return self._global_slot(ready)

    def reserve(self, chat_id: int | None, *, within: float | None = None) -> float | None:
        """Reserve the earliest allowed moment for one call; returns it, or None (nothing
        reserved) when it is more than ``within`` seconds away."""
        now = self._now()
        moment = self.slot(chat_id)
        if within is not None and moment - now > within:
            return None
        bisect.insort(self._global, moment)
        while self._global and self._global[0] < now - 1.0:
            self._global.pop(0)
        if chat_id is not None:
            window = self._windows.get(chat_id)
            if window is None:
                window = self._windows[chat_id] = deque()
            window.append(moment)
            if len(window) > 1 and window[-2] > moment:  # kept sorted: reservations may interleave
                self._windows[chat_id] = deque(sorted(window))
        if len(self._windows) > 50_000:
            self._forget(now)
        return moment

    def _forget(self, now: float) -> None:
        for key in [k for k, w in self._windows.items() if not w or w[-1] < now - 61.0]:
            del self._windows[key]
        for key in [k for k, until in self._blocked_until.items() if until < now]:
            del self._blocked_until[key]

    async def admit(self, chat_id: int | None, *, within: float | None = None) -> tuple[bool, float]:
        """The send path's entry: (reserved, seconds from now until the moment). Not reserved when
        the moment is more than ``within`` away. Async so that a shared pacer (several replicas,
        ``bot.replicas.pacing``) can ask Redis; this one answers from memory."""
        now = self._now()
        moment = self.reserve(chat_id, within=within)
        if moment is None:
            return False, self.slot(chat_id) - now
        return True, moment - now

    async def hold(self, chat_id: int | None, seconds: float) -> None:
        """A 429's ``retry_after``, as the send path reports it (see ``admit``)."""
        self.block(chat_id, seconds)

    async def acquire(self, chat_id: int | None) -> None:
        moment = self.reserve(chat_id)
        assert moment is not None
        delay = moment - self._now()
        if delay > 0:
            self.waited += delay
            await self._sleep(delay)

    def block(self, chat_id: int | None, seconds: float) -> float:
        """Telegram said 429: hold back this chat (or everything) for ``retry_after``; returns
        the moment the block ends."""
        until = self._now() + seconds
        if chat_id is None:
            self._global_blocked = max(self._global_blocked, until)
        else:
            self._blocked_until[chat_id] = max(self._blocked_until.get(chat_id, 0.0), until)
        return until
