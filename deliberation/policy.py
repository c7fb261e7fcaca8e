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
    # False (the default): officials and moderators follow the rule in groups like everyone else
    # (政府人员…都应采用实名制); group admins and bots stay exempt.
    exempt_officials: bool = False


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
    red card after 15, urge notice after 30; a promised completion date passed by
    ``promise_grace`` earns a yellow card, by ``promise_red_after`` a red one."""

    reply_due: timedelta = timedelta(days=5)
    yellow_after: timedelta = timedelta(days=5)
    red_after: timedelta = timedelta(days=15)
    urge_after: timedelta = timedelta(days=30)
    promise_grace: timedelta = timedelta(0)
    promise_red_after: timedelta = timedelta(days=5)


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
    leaders: tuple[int, ...] = ()  # 分管领导: red cards, drafts to review, rework escalations
    review: bool = False  # 审核: /progress and /answer are drafts until a leader approves


@dataclass(frozen=True, slots=True)
class SupervisionPolicy:
    """The supervising office (e.g. 市政务公开办公室): it issues the urge notices (催办通知单),
    gets the weekly list of red and urged proposals, and with the leaders the monthly report
    scored by the 问政监督员 (``supervisors``)."""

    office: str = ""
    members: tuple[int, ...] = ()
    chat_id: int = 0
    supervisors: tuple[int, ...] = ()

    @property
    def recipients(self) -> tuple[int, ...]:
        """Where the office is told: its people privately and its chat."""
        return tuple(dict.fromkeys((*self.members, *((self.chat_id,) if self.chat_id else ()))))

    @property
    def configured(self) -> bool:
        return bool(self.office and self.recipients)


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
