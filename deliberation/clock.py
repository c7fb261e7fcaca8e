"""Time is injected: nothing in the domain calls ``datetime.now()``.

Every reader of time takes a :class:`Clock`; production uses :class:`SystemClock`, tests and
``delibot simulate`` use :class:`ManualClock`, which they advance by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Return the current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to, so deadlines can be tested in microseconds."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | float) -> datetime:
        if not isinstance(delta, timedelta):
            delta = timedelta(seconds=delta)
        self._now += delta
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = when.astimezone(UTC)


class OffsetClock:
    """Real time shifted and sped up: ``start + (monotonic elapsed) * speed``.

    ``delibot simulate`` runs on it so that timers inside aiogram and aiohttp keep working while
    days pass in seconds; ``jump`` moves it forward instantly between scripted events.
    """

    def __init__(self, start: datetime, speed: float = 1.0) -> None:
        import time

        self._time = time.monotonic
        self._start = start.astimezone(UTC)
        self._origin = self._time()
        self._speed = speed
        self._jumped = timedelta(0)

    def now(self) -> datetime:
        elapsed = (self._time() - self._origin) * self._speed
        return self._start + self._jumped + timedelta(seconds=elapsed)

    def jump(self, delta: timedelta) -> None:
        self._jumped += delta


def utc(value: datetime) -> datetime:
    """Re-attach UTC to a naive datetime (SQLite drops the zone); convert aware ones to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
