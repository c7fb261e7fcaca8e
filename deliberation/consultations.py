"""Consultations (征求意见 / 问计于民): an official asks the group, opinions are gathered around the
topic keywords, the consultation closes at its date and the official publishes a conclusion.

The practice: the background is published before the consultation starts (公布协商所需信息), opinions
are collected on the keywords (人才 / 创新 / 转型), the most supported come first in what the
official reads, and a joint conclusion is announced at the end. This module decides; the shell
posts, pins, polls and records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from deliberation.durations import DurationError, parse_duration
from deliberation.errors import DomainError
from deliberation.text import fold

MIN_DURATION = timedelta(minutes=1)
MAX_DURATION = timedelta(days=90)
REMIND_BEFORE = timedelta(days=1)  # a short consultation is reminded a quarter of it before
TOPIC_LIMIT = 32
TEXT_LIMIT = 3000  # question and background: the post stays under Telegram's 4096 characters
CONCLUSION_LIMIT = 3000
# Telegram's own limits on polls (sendPoll): question 1-300, 2-10 options of 1-100 characters
POLL_QUESTION_LIMIT = 300
POLL_OPTION_LIMIT = 100
POLL_OPTIONS = (2, 10)
OPINION_MIN = 2  # "+1", "好": chatter, not an opinion
OPINION_LIMIT = 2000  # what is kept of a long opinion

_POLL_LINE = re.compile(r"^\s*(?:投票|poll)\s*[:：]\s*(.*)$", re.IGNORECASE)
_OPTION_SPLIT = re.compile(r"\s*[|｜]\s*")
# "#征求意见3", "#意见3", "#consult3" (NFKC has turned "＃" into "#" before this is applied)
_TAG = re.compile(r"#(?:征求意见|意见|consult)\s?(\d{1,9})", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


class ConsultationError(DomainError):
    """A refusal: ``code`` names the catalogue key suffix, ``data`` the values it shows."""


class State(StrEnum):
    DRAFT = "draft"  # asked in private, waiting for the group to be chosen
    OPEN = "open"
    CLOSED = "closed"
    CONCLUDED = "concluded"


@dataclass(frozen=True, slots=True)
class Request:
    """A consultation as the official asked for it, checked."""

    topic: str
    closes_at: datetime
    question: str
    background: str
    options: tuple[str, ...]  # empty: no poll


def parse_closes(text: str, now: datetime, tz: tzinfo) -> datetime:
    """CLOSES is a duration (``3d``, ``12h``) from now, or a local date (``YYYY-MM-DD``, ``MM-DD``:
    the next such day) at whose end the consultation closes."""
    try:
        return now + parse_duration(text)
    except DurationError:
        pass
    day: date | None = None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        found = _MONTH_DAY.match(text)
        if found:
            local = now.astimezone(tz).date()
            try:
                day = date(local.year, int(found[1]), int(found[2]))
                if day < local:
                    day = day.replace(year=local.year + 1)
            except ValueError:
                day = None
    if day is None:
        raise ConsultationError("bad_closes", value=text)
    return datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(now.tzinfo)


def parse_request(args: str | None, now: datetime, tz: tzinfo) -> Request:
    """``TOPIC CLOSES QUESTION`` on the first line; further lines are the background, and a line
    ``投票: A | B | C`` (or ``poll: ...``) attaches a poll on the question."""
    lines = (args or "").strip().splitlines()
    head = lines[0].split(None, 2) if lines else []
    if len(head) < 2:
        raise ConsultationError("usage")
    topic, closes_text = head[0].lstrip("#＃"), head[1]
    rest = [head[2]] if len(head) > 2 else []
    options: tuple[str, ...] = ()
    body: list[str] = []
    for line in [*rest, *lines[1:]]:
        poll = _POLL_LINE.match(line)
        if poll:
            options = tuple(o for o in _OPTION_SPLIT.split(poll[1].strip()) if o)
        else:
            body.append(line.rstrip())
    text = "\n".join(body).strip()
    if not topic or not text:
        raise ConsultationError("usage")
    if len(topic) > TOPIC_LIMIT:
        raise ConsultationError("topic_too_long", limit=TOPIC_LIMIT)
    if len(text) > TEXT_LIMIT:
        raise ConsultationError("text_too_long", limit=TEXT_LIMIT, length=len(text))
    closes_at = parse_closes(closes_text, now, tz)
    if closes_at - now < MIN_DURATION:
        raise ConsultationError("too_soon", value=closes_text)
    if closes_at - now > MAX_DURATION:
        raise ConsultationError("too_far", value=closes_text, days=MAX_DURATION.days)
    question, _, background = text.partition("\n")
    question = question.strip()
    if options:
        check_poll(question, options)
    return Request(topic, closes_at, question, background.strip(), options)


def check_poll(question: str, options: Sequence[str]) -> None:
    """Telegram's limits, checked before asking it, so the official reads why in their words."""
    if not 1 <= len(question) <= POLL_QUESTION_LIMIT:
        raise ConsultationError("poll_question_too_long", limit=POLL_QUESTION_LIMIT, length=len(question))
    low, high = POLL_OPTIONS
    if not low <= len(options) <= high:
        raise ConsultationError("poll_options_count", low=low, high=high, count=len(options))
    for option in options:
        if len(option) > POLL_OPTION_LIMIT:
            raise ConsultationError("poll_option_too_long", limit=POLL_OPTION_LIMIT, option=option[:20])
    if len({fold(o) for o in options}) != len(options):
        raise ConsultationError("poll_option_repeated")


def find_tag(text: str) -> int | None:
    """The consultation a message names by its tag (``#征求意见3``), if any."""
    if "#" not in text and "＃" not in text:
        return None
    found = _TAG.search(fold(text))
    return int(found[1]) if found else None


def opinion_body(text: str) -> str | None:
    """What an opinion says, its tag removed; None for a reply too short to be one."""
    body = _TAG.sub("", fold(text)) if ("#" in text or "＃" in text) else text
    body = body.strip()
    if len(body) < OPINION_MIN:
        return None
    return text.strip()[:OPINION_LIMIT]


# -- the schedule ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    state: State
    opened_at: datetime
    closes_at: datetime
    reminded: bool


class Due(StrEnum):
    REMIND = "remind"
    CLOSE = "close"


def reminder_at(opened_at: datetime, closes_at: datetime) -> datetime:
    """A day before closing; a consultation shorter than two days, a quarter of it before."""
    length = closes_at - opened_at
    return closes_at - (REMIND_BEFORE if length >= 2 * REMIND_BEFORE else length / 4)


def due(items: Iterable[Schedule], now: datetime) -> list[tuple[int, Due]]:
    """What each open consultation needs now: closing once its time came (a late close needs no
    reminder any more), otherwise its one reminder once that time came."""
    found = []
    for item in items:
        if item.state is not State.OPEN:
            continue
        if now >= item.closes_at:
            found.append((item.id, Due.CLOSE))
        elif not item.reminded and now >= reminder_at(item.opened_at, item.closes_at):
            found.append((item.id, Due.REMIND))
    return found


def check_conclusion(state: State, official_id: int, actor_id: int, text: str) -> str:
    """Only the consultation's official concludes it, once, after it closed."""
    text = text.strip()
    if actor_id != official_id:
        raise ConsultationError("not_yours")
    if state is State.OPEN:
        raise ConsultationError("still_open")
    if state is State.CONCLUDED:
        raise ConsultationError("already_concluded")
    if state is not State.CLOSED:
        raise ConsultationError("unknown")
    if not text:
        raise ConsultationError("conclusion_empty")
    if len(text) > CONCLUSION_LIMIT:
        raise ConsultationError("conclusion_too_long", limit=CONCLUSION_LIMIT, length=len(text))
    return text


# -- the summary -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Opinion:
    id: int
    author_id: int  # 0 once the author was erased (``deliberation.privacy.ERASED_AUTHOR``)
    author_name: str  # "" once erased
    text: str
    link: str
    supports: int
    at: datetime
    author_unit: str = ""  # kept after an erasure where the group shows erased authors by unit


@dataclass(frozen=True, slots=True)
class OpinionGroup:
    topic: str | None  # None: the opinions that name no topic keyword
    opinions: tuple[Opinion, ...]


@dataclass(frozen=True, slots=True)
class PollResult:
    options: tuple[tuple[str, int], ...]  # option, votes
    voters: int


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    groups: tuple[OpinionGroup, ...]
    poll: PollResult | None


def topic_of(text: str, topics: Mapping[str, Sequence[str]]) -> str | None:
    """The topic whose name or keyword the opinion mentions first (no hashtag needed)."""
    folded = fold(text)
    best: tuple[int, int, str] | None = None
    for order, (topic, keywords) in enumerate(topics.items()):
        for word in (topic, *keywords):
            key = fold(word).strip()
            at = folded.find(key) if key else -1
            if at >= 0 and (best is None or (at, order) < best[:2]):
                best = (at, order, topic)
    return best[2] if best else None


def summarize(
    opinions: Iterable[Opinion], topics: Mapping[str, Sequence[str]], poll: PollResult | None = None
) -> Summary:
    """Opinions grouped by the topic they mention, in the configured order of topics, the rest
    last; within a group the most supported first, then the earliest."""
    items = list(opinions)
    grouped: dict[str | None, list[Opinion]] = {}
    for opinion in items:
        grouped.setdefault(topic_of(opinion.text, topics), []).append(opinion)
    order = [*topics, None]
    groups = tuple(
        OpinionGroup(topic, tuple(sorted(grouped[topic], key=lambda o: (-o.supports, o.at, o.id))))
        for topic in order if topic in grouped
    )
    return Summary(len(items), groups, poll)


@dataclass(frozen=True, slots=True)
class ConsultationRecord:
    """A consultation as stored; ``opinions`` is how many were collected."""

    id: int
    chat_id: int
    official_id: int
    topic: str
    question: str
    background: str
    poll_options: tuple[str, ...]
    poll_counts: tuple[int, ...]
    poll_voters: int
    poll_message_id: int | None
    message_id: int | None
    state: State
    created_at: datetime
    opened_at: datetime | None
    closes_at: datetime
    reminded_at: datetime | None
    closed_at: datetime | None
    conclusion: str | None
    concluded_at: datetime | None
    conclusion_message_id: int | None
    opinions: int = 0

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.id, self.state, self.opened_at or self.created_at, self.closes_at,
                        self.reminded_at is not None)

    @property
    def poll(self) -> PollResult | None:
        if not self.poll_options:
            return None
        counts = [*self.poll_counts, *([0] * len(self.poll_options))][: len(self.poll_options)]
        return PollResult(tuple(zip(self.poll_options, counts, strict=True)), self.poll_voters)
