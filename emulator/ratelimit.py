"""Telegram's flood limits, so the bot's flood handling is exercised for real.

Telegram's FAQ for bots: about 30 messages per second overall, no more than 20 messages per minute to
one group, and about one message per second to one private chat, tolerating short bursts. The overall
and group limits are sliding windows, a private chat a token bucket, all over an injectable monotonic
clock; a refused message gets ``retry_after`` = whole seconds until a slot frees (at least 1).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimits:
    overall_per_second: int = 30
    group_per_minute: int = 20
    private_per_second: float = 1.0
    private_burst: int = 3


class RateLimiter:
    def __init__(self, limits: RateLimits | None, monotonic: Callable[[], float]) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._windows: dict[object, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

    def _window_wait(self, key: object, limit: int, span: float, now: float) -> float:
        times = self._windows.setdefault(key, deque())
        while times and times[0] <= now - span:
            times.popleft()
        return times[len(times) - limit] + span - now if len(times) >= limit else 0.0

    def _bucket_wait(self, chat_id: int, now: float) -> tuple[float, float]:
        """A private chat is a token bucket: a burst of ``private_burst``, then ``private_per_second``."""
        assert self.limits is not None
        rate, burst = self.limits.private_per_second, max(self.limits.private_burst, 1)
        tokens, at = self._buckets.get(chat_id, (float(burst), now))
        tokens = min(float(burst), tokens + (now - at) * rate)
        return (0.0 if tokens >= 1 else (1 - tokens) / rate), tokens

    def admit(self, chat_id: int, private: bool, overall: bool = True) -> int | None:
        """Record one message to ``chat_id``; or return whole seconds to wait when a limit is reached."""
        limits = self.limits
        if limits is None:
            return None
        now = self._monotonic()
        wait = self._window_wait("overall", limits.overall_per_second, 1.0, now) if overall else 0.0
        if private:
            bucket_wait, tokens = self._bucket_wait(chat_id, now)
            wait = max(wait, bucket_wait)
        else:
            wait = max(wait, self._window_wait(chat_id, limits.group_per_minute, 60.0, now))
        if wait > 0:
            return max(1, math.ceil(wait - 1e-9))
        if overall:
            self._windows["overall"].append(now)
        if private:
            self._buckets[chat_id] = (tokens - 1, now)
        else:
            self._windows[chat_id].append(now)
        return None
