"""Personal data (个人信息): what is personal, what stays after an erasure, how long texts are kept.

Real names and units are personal information, and the bot exists to collect them; the Personal
Information Protection Law and the GDPR both give a member the right to learn what is held on
them and to have it removed. The rules here decide; ``storage`` and ``bot`` carry them out:

- an erasure removes the member's name, unit, activity and supports; their proposals and their
  consultation opinions stay (the deliberation record belongs to the group) under "a member
  (unit)" or fully anonymous, as the group's policy says; audit entries, corrections and FAQ
  entries keep the step, not the person;
- an active sanction (a ban, a mute, a read-only for the name) survives the erasure for its
  duration, on a row keyed by the Telegram id alone, with no name;
- members who left are anonymised the same way ``departed_after`` after they left;
- message texts are kept only for the kinds in :data:`RETENTION`, each for its own time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

ERASED_AUTHOR = 0  # the author id of a proposal whose author was erased: no one, not a mention
PLACEHOLDER = "…"  # what a name becomes inside a text that stays (an audit reason, a sent notice)
MIN_NEEDLE = 2  # a one-character part of a name is too common to replace in other texts

UNIT = "unit"  # an erased author is shown as "a member (unit)"
ANONYMOUS = "anonymous"  # ... or as "a member"
AUTHOR_MODES = (UNIT, ANONYMOUS)

PRESENT = ("member", "restricted")


@dataclass(frozen=True, slots=True)
class PrivacyPolicy:
    departed_after: timedelta = timedelta(days=180)
    erased_authors: str = UNIT
    group_authors: Mapping[int, str] = field(default_factory=dict)  # per-group overrides

    def authors_in(self, chat_id: int) -> str:
        return self.group_authors.get(chat_id, self.erased_authors)


@dataclass(frozen=True, slots=True)
class Retention:
    """How long one kind of stored text is kept, and from when (``since``)."""

    kind: str
    keep_for: timedelta
    since: str


RETENTION: tuple[Retention, ...] = (
    # the deliberation record: the text of a finished proposal, its answer and reasons
    Retention("proposal", timedelta(days=3 * 365), "last change of a finished proposal"),
    # earlier texts of an edited proposal, kept so that nothing a member gave is lost meanwhile
    Retention("proposal_version", timedelta(days=365), "the edit that replaced it"),
    # who reported which message (ids only; the excerpt goes to the moderators, not the database)
    Retention("report", timedelta(days=365), "the report"),
    # moderation evidence: a moderator's reason on a warning, mute or ban in the audit log
    Retention("moderation_evidence", timedelta(days=365), "the step"),
    # the bot's own notices, which name members and quote reports: kept only to deliver them once
    Retention("sent_message", timedelta(days=30), "delivery"),
    # an applicant's name on a decided join request
    Retention("join_request", timedelta(days=30), "the decision"),
)

FINISHED = ("closed", "rejected", "merged")


def retention_cutoffs(now: datetime) -> dict[str, datetime]:
    """Per kind: anything of that kind older than this goes."""
    return {r.kind: now - r.keep_for for r in RETENTION}


def shown_author(unit: str, mode: str) -> tuple[str, str]:
    """(name, unit) an erased author's proposals keep: no name; the unit unless anonymous."""
    return "", unit if mode == UNIT else ""


def name_needles(names: Iterable[str | None], separators: Iterable[str]) -> tuple[str, ...]:
    """The strings by which a member's name can appear in other texts: each recorded name whole,
    and its parts between separators ("张三-海淀区" gives 张三 and 海淀区); longest first, so that
    a whole name is replaced before its parts."""
    pattern = "|".join(re.escape(s) for s in separators if s)
    found: set[str] = set()
    for name in names:
        text = (name or "").strip()
        if not text:
            continue
        found.add(text)
        if pattern:
            found.update(p.strip() for p in re.split(pattern, text))
    return tuple(sorted((n for n in found if len(n) >= MIN_NEEDLE), key=lambda n: (-len(n), n)))


def scrub(value: Any, needles: tuple[str, ...], placeholder: str = PLACEHOLDER) -> Any:
    """``value`` (a text, or JSON data) with every needle replaced; other values unchanged."""
    if isinstance(value, str):
        for needle in needles:
            if needle in value:
                value = value.replace(needle, placeholder)
        return value
    if isinstance(value, list):
        return [scrub(v, needles, placeholder) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, needles, placeholder) for k, v in value.items()}
    return value


def mentions(value: Any, needles: tuple[str, ...]) -> bool:
    """Whether any needle occurs in ``value`` (a text, or JSON data)."""
    return scrub(value, needles, "\0") != value if needles else False


def sanction_survives(
    status: str, muted_until: datetime | None, restricted_by_bot: bool, now: datetime
) -> bool:
    """A ban ("kicked"), a mute still running, or a read-only for the name outlasts an erasure:
    erasing one's data must not be a way out of a sanction."""
    return status == "kicked" or restricted_by_bot or (muted_until is not None and muted_until > now)


def banned_in(steps: Iterable[tuple[int | None, str]]) -> set[int]:
    """The chats whose last ban-or-unban step (in order) was a ban. The audit log is where a ban
    is certain: Telegram reports the banned member as merely gone from the group."""
    last: dict[int, str] = {}
    for chat_id, action in steps:
        if chat_id is not None and action in ("ban", "unban"):
            last[chat_id] = action
    return {chat_id for chat_id, action in last.items() if action == "ban"}


@dataclass(frozen=True, slots=True)
class Departure:
    """A member row as the retention rule sees it. ``left_at`` is when the row last changed,
    which for a member who is not present is when they left (every departure writes it)."""

    chat_id: int
    user_id: int
    status: str
    left_at: datetime
    erased: bool


def departed_due(rows: Iterable[Departure], policy: PrivacyPolicy, now: datetime) -> list[Departure]:
    """Members who left longer ago than ``departed_after`` and are not anonymised yet."""
    cutoff = now - policy.departed_after
    return [r for r in rows if r.status not in PRESENT and not r.erased and r.left_at <= cutoff]


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erasure is to do: for ``user_id`` in ``chat_ids`` (None: everywhere, the user's
    own record too), with ``needles`` replaced in texts that stay."""

    user_id: int
    chat_ids: frozenset[int] | None
    needles: tuple[str, ...]
    policy: PrivacyPolicy
    now: datetime
    units: frozenset[str] = frozenset()  # the member's units among the needles

    @property
    def everywhere(self) -> bool:
        return self.chat_ids is None

    def covers(self, chat_id: int | None) -> bool:
        return self.chat_ids is None or chat_id in self.chat_ids

    def proposal_needles(self, chat_id: int) -> tuple[str, ...]:
        """In a proposal's texts the unit stays where the group shows erased authors by unit."""
        if self.policy.authors_in(chat_id) == ANONYMOUS:
            return self.needles
        return self.needles_without_unit

    @property
    def needles_without_unit(self) -> tuple[str, ...]:
        return tuple(n for n in self.needles if n not in self.units)


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure did, in counts (never names): for the member's confirmation and the log."""

    groups: int = 0
    proposals: int = 0
    supports: int = 0
    opinions: int = 0
    opinion_supports: int = 0
    kept_sanctions: int = 0
    audit_entries: int = 0
    notices: int = 0
