"""Humanised durations (``90s``, ``15m``, ``12h``, ``30d``, ``1d12h``), as every duration key takes."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+(?:\.\d+)?)([wdhms])")
_WHOLE = re.compile(r"(?:\d+(?:\.\d+)?[wdhms])+")
_LONGEST = timedelta.max.total_seconds()


class DurationError(ValueError):
    """Raised with the offending text so the caller can name the configuration key."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a duration (use e.g. 90s, 15m, 12h, 30d, 1d12h)")
        self.text = text


class DurationTooLong(DurationError):
    """A well-formed duration longer than any date can hold (``1000000000000d``)."""


def parse_duration(text: str) -> timedelta:
    if not isinstance(text, str):
        raise DurationError(str(text))
    compact = text.strip().lower().replace(" ", "")
    if not compact or not _WHOLE.fullmatch(compact):
        raise DurationError(text)
    seen: set[str] = set()
    seconds = 0.0
    for number, unit in _PART.findall(compact):
        if unit in seen:
            raise DurationError(text)
        seen.add(unit)
        seconds += float(number) * _UNITS[unit]
    if seconds > _LONGEST:
        raise DurationTooLong(text)
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The inverse of :func:`parse_duration`, used when echoing a duration back to people."""
    total = int(value.total_seconds())
    if total <= 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, total = divmod(total, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
