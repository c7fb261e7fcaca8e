"""Plain, frozen policies handed to the domain.

The configuration (``bot/settings.py``) is built once in ``main()`` and turned into these values,
merged per group; the domain never sees the settings object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class NicknamePolicy:
    """Real-name rule: "name + unit" (姓名 + 单位 / 小地名)."""

    mode: str = "display"  # "display" | "register"
    separators: tuple[str, ...] = ("-", "·", "|", "/", " ")
    units: tuple[str, ...] = ()  # non-empty: the unit must be one of these
    grace: timedelta = timedelta(hours=24)
    name_min: int = 2
    name_max: int = 20
    unit_min: int = 2
    unit_max: int = 30


@dataclass(frozen=True, slots=True)
class PruningPolicy:
    """Inactive ("zombie") members are removed so that others can take their seats."""

    inactive_after: timedelta = timedelta(days=30)
    warn_before: timedelta = timedelta(days=3)
    capacity: int = 0  # 0 = no cap: prune every inactive member
    reserve: int = 0
    only_when_full: bool = False


@dataclass(frozen=True, slots=True)
class FloodPolicy:
    messages: int = 8
    per: timedelta = timedelta(seconds=10)
    mute_for: timedelta = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ModerationPolicy:
    moderators: frozenset[int] = frozenset()
    log_chat_id: int = 0
    warn_limit: int = 3
    mute_for: timedelta = timedelta(days=1)
    flood: FloodPolicy = field(default_factory=FloodPolicy)
    banned_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HandlingPolicy:
    """Deadlines of the local message-board practice: reply in 5 days, yellow card after 5,
    red card after 15, urge notice after 30."""

    reply_due: timedelta = timedelta(days=5)
    yellow_after: timedelta = timedelta(days=5)
    red_after: timedelta = timedelta(days=15)
    urge_after: timedelta = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class DigestPolicy:
    at: str = "08:30"  # local time, HH:MM
    weekly_ranking: str = "mon"  # mon..sun
    fallback_chat_id: int = 0
    timezone: str = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    officials: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FaqEntry:
    keywords: tuple[str, ...]
    answer: str


@dataclass(frozen=True, slots=True)
class PublicityPolicy:
    """What of the handling the group itself is shown (公开): the practice publishes cards and the
    ranking where the questions were asked; each is the group's choice, off by default."""

    cards: bool = False  # yellow and red cards announced in the group
    weekly_ranking: bool = False  # the weekly ranking posted in the group
    monthly_summary: bool = False  # a summary of the month posted in the group


@dataclass(frozen=True, slots=True)
class GroupPolicy:
    """Everything the domain needs to know about one configured group, overrides merged in."""

    chat_id: int
    title: str
    topics: dict[str, tuple[str, ...]]  # topic -> keywords (the topic's own name counts too)
    nickname: NicknamePolicy = field(default_factory=NicknamePolicy)
    pruning: PruningPolicy = field(default_factory=PruningPolicy)
    moderation: ModerationPolicy = field(default_factory=ModerationPolicy)
    locale: str = "zh"
    timezone: str = "Asia/Shanghai"
    publicity: PublicityPolicy = field(default_factory=PublicityPolicy)
