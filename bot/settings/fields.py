"""Value types shared by the configuration sections.

Each type carries its own validation and a message an operator can act on, so that
``delibot check-config`` can print ``pruning.inactive_after: "thirty days" is not a duration``
instead of a pydantic traceback. Offending values are passed as error context, never formatted
into the template, so braces in them cannot break the message.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from deliberation.durations import DurationError, parse_duration


def quoted(value: Any) -> str:
    """How a value from the configuration is echoed in a problem: as TOML would spell it."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):  # already parsed: a merged per-group override
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "duration_type", 'must be a string such as "30d", got {value}', {"value": quoted(value)}
        )
    try:
        return parse_duration(value)
    except DurationError:
        raise PydanticCustomError(
            "duration",
            "{value} is not a duration (use e.g. 90s, 15m, 12h, 30d, 1d12h)",
            {"value": quoted(value)},
        ) from None


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise PydanticCustomError("duration_zero", "must be longer than 0s")
    return value


#: A humanised duration (``90s``, ``15m``, ``12h``, ``30d``, ``1d12h``) longer than zero.
Duration = Annotated[timedelta, BeforeValidator(_duration), AfterValidator(_positive)]
#: The same, but zero is allowed (``warn_before = "0s"``: remove without a warning).
DurationOrZero = Annotated[timedelta, BeforeValidator(_duration)]


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("empty", "must not be empty")
    return value


#: A non-empty string, surrounding whitespace dropped.
Text = Annotated[str, AfterValidator(_text)]
#: A non-empty string kept as written: a name separator may well be a space.
Separator = Annotated[str, Field(min_length=1)]


def _hashtag(value: str) -> str:
    word = _text(value).removeprefix("#")
    if not word or any(ch.isspace() for ch in word) or "#" in word:
        raise PydanticCustomError(
            "hashtag", "{value} cannot be a hashtag (one word, no spaces)", {"value": quoted(value)}
        )
    return word


#: A topic or topic keyword: members tag proposals with ``#word``, so it must be one word.
Hashtag = Annotated[str, AfterValidator(_hashtag)]

#: A Telegram user id (always positive; chats and channels are negative); ``true`` is not an id.
UserId = Annotated[int, Field(gt=0, strict=True)]


def _ident(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", value):
        raise PydanticCustomError(
            "ident",
            "{value} must be letters, digits, _ or - (officials type it in /assign N DEPT)",
            {"value": quoted(value)},
        )
    return value


#: A department id, typed by officials in commands.
Ident = Annotated[str, AfterValidator(_ident)]


def _listen(value: str) -> str:
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise PydanticCustomError(
            "listen", '{value} is not "host:port" (e.g. "127.0.0.1:9090")', {"value": quoted(value)}
        )
    return value.strip()


#: ``host:port`` for a server socket.
Listen = Annotated[str, AfterValidator(_listen)]
#: ``host:port``, or ``""`` for off.
ListenOrOff = Annotated[str, AfterValidator(lambda v: _listen(v) if v.strip() else "")]


def _url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise PydanticCustomError("url", "{value} is not an http(s) URL", {"value": quoted(value)})
    return value


#: An ``http://`` or ``https://`` URL, trailing slash dropped.
Url = Annotated[str, AfterValidator(_url)]
UrlOrEmpty = Annotated[str, AfterValidator(lambda v: _url(v) if v.strip() else "")]


def _clock(value: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
        raise PydanticCustomError(
            "clock", '{value} is not a time of day "HH:MM" (e.g. "08:30")', {"value": quoted(value)}
        )
    return value.strip()


#: A local time of day, ``HH:MM``.
ClockTime = Annotated[str, AfterValidator(_clock)]


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "timezone", '{value} is not a time zone (e.g. "Asia/Shanghai")', {"value": quoted(value)}
        ) from None
    return value


#: An IANA time zone name, checked against the zoneinfo database.
Timezone = Annotated[str, AfterValidator(_timezone)]
