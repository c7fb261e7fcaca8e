"""What tests read back from the emulator: frozen snapshots, never live state.

Snapshots keep assertions stable while the bot keeps acting; ``SentMessage.text`` is the plain text a
person sees (HTML tags stripped, entities unescaped), because tests assert on what reaches people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class EmulatorError(Exception):
    """A scripted action that Telegram would refuse (a restricted member posting, a missing button)."""


class ApiError(Exception):
    """A Bot API error answer: HTTP status ``code`` and Telegram's ``description``."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded (multipart), or the file_id / URL it passed instead."""

    filename: str | None
    content_type: str | None
    size: int
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class SentMessage:
    chat_id: int
    message_id: int
    text: str
    html: str
    reply_to: int | None
    reply_markup: list[list[tuple[str, str | None]]]
    kind: str
    deleted: bool
    edited: bool
    date: datetime
    mentions: tuple[int, ...] = ()
    file: Upload | None = None


@dataclass(frozen=True)
class ChatLine:
    """One line of a chat's transcript, by anyone: what ``delibot simulate`` prints."""

    chat_id: int
    message_id: int
    date: datetime
    from_id: int
    author: str
    text: str
    kind: str  # text | photo | document | joined | left
    reply_to: int | None
    deleted: bool
    edited: bool
    seq: int = 0  # the order of everything that happened, across chats


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    at: datetime
    ok: bool
    error_code: int | None = None
    description: str | None = None
    result: Any = field(default=None, repr=False)
    seq: int = 0  # in the same order as ChatLine.seq
    fault: str | None = None  # the injected fault that spoiled this call's answer (see emulator.faults)


@dataclass(frozen=True)
class MemberState:
    status: str
    permissions: dict[str, bool]
    until_date: datetime | None
    tag: str | None
    rights: dict[str, bool] = field(default_factory=dict)
    is_member: bool = False


@dataclass
class Stats:
    requests: int = 0
    too_many_requests: int = 0
    errors: int = 0
    updates: int = 0
    webhook_failures: int = 0
