"""Promised completion dates (承诺办结时限) as officials type them.

``/progress N DATE TEXT`` takes ``YYYY-MM-DD`` or ``MM-DD`` (SPEC.md), and the ``12月20日`` a
Chinese official naturally writes. A month and day without a year is the next such day from
today (a promise is about the future). A promise runs to the end of that day in the group's
time zone: "预计 12 月 20 日前办结" is kept by an answer on the 20th.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

_FULL = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_SHORT = re.compile(r"(\d{1,2})[-/.](\d{1,2})")
_CHINESE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?")


def parse_promise_date(text: str, today: date) -> date | None:
    """The date in ``text`` (the whole word), or None when it is not a date or not a real day."""
    text = text.strip()
    year: int | None
    if found := _FULL.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
    elif found := _SHORT.fullmatch(text):
        year, (month, day) = None, (int(part) for part in found.groups())
    elif found := _CHINESE.fullmatch(text):
        year = int(found.group(1)) if found.group(1) else None
        month, day = int(found.group(2)), int(found.group(3))
    else:
        return None
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


def promise_deadline(day: date, tz: tzinfo) -> datetime:
    """The moment a promise for ``day`` runs out: the start of the next local day, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
