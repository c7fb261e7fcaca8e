"""Local time appears only when the bot formats text or buckets a day, in the group's timezone."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(value: datetime, tz: str) -> datetime:
    return value.astimezone(zone(tz))


def local_day(value: datetime, tz: str) -> str:
    return value.astimezone(zone(tz)).strftime("%Y-%m-%d")


def local_text(value: datetime, tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.astimezone(zone(tz)).strftime(fmt)
