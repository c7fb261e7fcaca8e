"""Collecting proposals (建言征集): what becomes a proposal, what is a repeat, who may support it.

The practice: a member tags a message with a topic (``#人才 建议设立青年人才公寓…``) or sends
``/propose TEXT``; the group numbers it and members support it. A proposal must say something
(at least ``MIN_LENGTH`` letters, CJK characters or digits once hashtags, spaces and punctuation are
gone), the same text from the same author within a day is not a new proposal, and support is one
per member and never from the author.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from deliberation.keywords import Span, TopicMatcher, might_be_proposal
from deliberation.text import fold

MIN_LENGTH = 10
DUPLICATE_WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Recognition:
    """``is_proposal``: it becomes a proposal. ``refusal`` (``too_short`` | ``empty``) is set when the
    message was meant as one (a topic hashtag, or ``/propose``) but cannot be; an ordinary message
    has neither."""

    is_proposal: bool
    topics: tuple[str, ...]
    body: str
    refusal: str | None = None


def _content(folded: str, spans: Iterable[Span]) -> str:
    """Letters, CJK characters and digits outside the given hashtag spans."""
    kept: list[str] = []
    position = 0
    for start, end, _names in spans:
        kept.append(folded[position:start])
        position = end
    kept.append(folded[position:])
    return "".join(char for char in "".join(kept) if char.isalnum())


def _command_text(body: str) -> str:
    """``/propose TEXT`` or ``/propose@bot TEXT`` given whole: keep TEXT."""
    if body.startswith("/"):
        parts = body.split(maxsplit=1)
        return parts[1].strip() if len(parts) == 2 else ""
    return body


def recognise(text: str, matcher: TopicMatcher, *, command: bool) -> Recognition:
    """A group message (``command=False``) is a proposal when a hashtag names a topic; ``/propose``
    (``command=True``, its TEXT, or the whole command) always is, with whatever topics it tags
    (none: the moderators route it). Only the topic hashtags are discounted from the length."""
    body = text.strip()
    if command:
        body = _command_text(body)
    elif not might_be_proposal(body):
        return Recognition(False, (), body)
    folded = fold(body)
    spans = matcher.spans(folded)
    topics = matcher.topics_of(spans)
    if not command and not topics:
        return Recognition(False, (), body)
    length = len(_content(folded, spans))
    if length == 0:
        return Recognition(False, topics, body, "empty")
    if length < MIN_LENGTH:
        return Recognition(False, topics, body, "too_short")
    return Recognition(True, topics, body)


def duplicate_key(author_id: int, text: str, matcher: TopicMatcher | None = None) -> str:
    """Stable key of "the same text from the same author": sha256 of the author and the folded
    text without hashtags, whitespace and punctuation. Pass the group's ``matcher`` so that the
    same text re-tagged (``#人才 …`` then ``#创新 …``) is still the same; without it only the ``#``
    marks are dropped."""
    folded = fold(text.strip())
    spans = matcher.spans(folded) if matcher is not None else []
    content = _content(folded, spans)
    return hashlib.sha256(f"{author_id}\x1f{content}".encode()).hexdigest()


def is_duplicate(
    previous: Iterable[tuple[str, datetime]],
    key: str,
    now: datetime,
    window: timedelta = DUPLICATE_WINDOW,
) -> bool:
    """True when one of the author's earlier proposals (key, created_at) has this key and is less
    than ``window`` old."""
    since = now - window
    return any(old == key and at > since for old, at in previous)


class SupportAction(StrEnum):
    ADDED = "added"
    WITHDRAWN = "withdrawn"
    REFUSED_AUTHOR = "refused_author"


@dataclass(frozen=True, slots=True)
class SupportDecision:
    action: SupportAction
    supporters: frozenset[int]


def toggle_support(supporters: frozenset[int], author_id: int, user_id: int) -> SupportDecision:
    """The Support button: one support per member, none from the author (supporting oneself would
    inflate the ranking), and pressing it again withdraws the support."""
    if user_id == author_id:
        return SupportDecision(SupportAction.REFUSED_AUTHOR, supporters)
    if user_id in supporters:
        return SupportDecision(SupportAction.WITHDRAWN, supporters - {user_id})
    return SupportDecision(SupportAction.ADDED, supporters | {user_id})


# As recorded (handed out by the proposals repository) ---------------------------------------------
@dataclass(frozen=True, slots=True)
class ProposalRecord:
    number: int
    chat_id: int
    message_id: int
    author_id: int
    author_name: str
    author_unit: str
    text: str
    topics: tuple[str, ...]
    link: str | None
    created_at: datetime
    state: str  # submitted | accepted | answered | closed | rejected | merged
    ack_message_id: int | None
    supports: int
    answer_text: str | None
    answered_at: datetime | None
    rating: str | None
    card_level: int
    merged_into: int | None
    departments: tuple[str, ...]  # assigned department ids, sorted
    updated_at: datetime | None = None
    accepted_at: datetime | None = None
    answered_by: int | None = None
    answer_message_id: int | None = None
    on_time: bool | None = None
    rated_at: datetime | None = None
    closed_at: datetime | None = None
    reject_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Prior:
    """What recording a message as a proposal checks first, read in one query."""

    existing: int | None  # the number of the proposal already made of this message
    recent: list[tuple[int, str, datetime]]  # the author's recent (number, dup_key, created_at)


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """An earlier text of a proposal and when it was written (created or last edited)."""

    number: int
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SupportRecord:
    number: int
    user_id: int
    at: datetime


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    number: int
    at: datetime
    actor_id: int | None
    action: str
    from_state: str | None
    to_state: str | None
    department_id: str | None
    detail: str | None
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded step of a proposal's handling (a state change, a card, a rating), in the
    order recorded: what the group's view of the proposal follows."""

    id: int
    number: int
    action: str
    detail: str | None
    at: datetime

