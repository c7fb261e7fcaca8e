"""Removing inactive members (清退“僵尸成员”) so that others can take their seats.

The practice: a deliberation group has a member cap, and seats held by people who never speak are
seats denied to those waiting. Activity is a message in the group; joining counts as the first.

The rule, chosen to be fair:
* a member inactive for ``inactive_after - warn_before`` who has not been warned in this inactivity
  spell is warned, once (a spell ends when they speak: a warning older than their last activity
  no longer counts);
* a member is removed only when inactive for ``inactive_after`` AND warned in this spell at least
  ``warn_before`` ago. Everyone removed has had the promised notice, even when the warning went
  out late (the bot was down, or the member was imported already inactive): such a member is
  warned now and removed ``warn_before`` later, not on the next run;
* exempt members (admins, moderators, officials, bots) are never warned nor removed; a member who
  joined recently cannot be either, as joining counts as activity;
* with ``capacity`` set, only ``member_count - (capacity - reserve)`` are removed, longest-inactive
  first, and with ``only_when_full`` none before the group is full. Warnings follow the first rule
  regardless, so that members are removable when the seats are needed.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from typing import NamedTuple

from deliberation.policy import GroupPolicy, PruningPolicy

INACTIVE = "inactive"
WAITING = "queued"  # a join request's state while it waits for a seat
_BY_INACTIVITY = attrgetter("last_active_at")  # the sort is stable: ties keep roster order


@dataclass(frozen=True, slots=True)
class RosterEntry:
    user_id: int
    joined_at: datetime
    last_active_at: datetime  # joining counts as the first activity
    exempt: bool = False
    warned_at: datetime | None = None


class PruneAction(NamedTuple):
    """Immutable like the other decisions, but a named tuple: the first run over a large imported
    group may warn tens of thousands at once, and tuples cost less to make and to collect."""

    user_id: int
    reason: str
    inactive_for: timedelta
    last_active_at: datetime


@dataclass(frozen=True, slots=True)
class PrunePlan:
    warnings: list[PruneAction] = field(default_factory=list)
    removals: list[PruneAction] = field(default_factory=list)


def removal_quota(policy: PruningPolicy, member_count: int) -> int | None:
    """How many may be removed: ``None`` without a cap, else what leaves ``reserve`` seats free."""
    if policy.capacity <= 0:
        return None
    if policy.only_when_full and member_count < policy.capacity:
        return 0
    return max(0, member_count - (policy.capacity - policy.reserve))


def plan_pruning(
    roster: Sequence[RosterEntry], policy: PruningPolicy, now: datetime, member_count: int
) -> PrunePlan:
    """Who is warned and who is removed now: removals longest-inactive first, warnings in roster
    order (the store hands the roster over by last activity, from its index, when it wants them
    in that order too).

    One pass over the roster with comparisons against precomputed cut-offs; objects are made only
    for the members acted on, and ``heapq.nsmallest`` picks the capped removals."""
    remove_cutoff = now - policy.inactive_after
    warn_cutoff = now - (policy.inactive_after - policy.warn_before)
    notice_cutoff = now - policy.warn_before
    to_warn: list[RosterEntry] = []
    removable: list[RosterEntry] = []
    for entry in roster:
        last = entry.last_active_at
        if last > warn_cutoff or entry.exempt or entry.joined_at > warn_cutoff:
            continue
        warned = entry.warned_at
        if warned is None or warned < last:
            to_warn.append(entry)
        elif last <= remove_cutoff and entry.joined_at <= remove_cutoff and warned <= notice_cutoff:
            removable.append(entry)

    quota = removal_quota(policy, member_count)
    if quota is None:
        removable.sort(key=_BY_INACTIVITY)
    else:
        removable = heapq.nsmallest(quota, removable, key=_BY_INACTIVITY)
    return PrunePlan(_actions(to_warn, now), _actions(removable, now))


def _actions(entries: list[RosterEntry], now: datetime) -> list[PruneAction]:
    make = PruneAction
    return [make(e.user_id, INACTIVE, now - e.last_active_at, e.last_active_at) for e in entries]


class ActivityBuffer:
    """The latest activity per (chat, member) and the message count per chat, kept in memory
    between batched writes: O(1) per group message, one write per member per flush instead of
    one per message. The caller flushes on an interval and when :attr:`size` passes a bound."""

    __slots__ = ("_counts", "_latest")

    def __init__(self) -> None:
        self._latest: dict[tuple[int, int], datetime] = {}
        self._counts: defaultdict[int, int] = defaultdict(int)

    def touch(self, chat_id: int, user_id: int, at: datetime) -> None:
        key = (chat_id, user_id)
        previous = self._latest.get(key)
        if previous is None or at > previous:
            self._latest[key] = at
        self._counts[chat_id] += 1

    @property
    def size(self) -> int:
        return len(self._latest)

    def __len__(self) -> int:
        return len(self._latest)

    def drain(self) -> tuple[dict[tuple[int, int], datetime], dict[int, int]]:
        """Hand over everything gathered and start afresh (the caller writes it in one batch)."""
        latest, counts = self._latest, dict(self._counts)
        self._latest, self._counts = {}, defaultdict(int)
        return latest, counts


# As recorded (handed out by the pruning repository) ----------------------------------------------
@dataclass(frozen=True, slots=True)
class RosterRow:
    user_id: int
    first_name: str
    last_name: str | None
    joined_at: datetime
    last_active_at: datetime
    warned_at: datetime | None
    is_admin: bool
    is_bot: bool
    exempt: bool


@dataclass(frozen=True, slots=True)
class JoinRequestRecord:
    id: int
    chat_id: int
    user_id: int
    user_chat_id: int | None
    first_name: str
    last_name: str | None
    requested_at: datetime
    state: str  # WAITING ("queued") | approved | declined | gone
    note: str | None


def pass_interval(groups: Sequence[GroupPolicy]) -> timedelta:
    """Hourly in practice (policies speak in days); finer for short policies, so that a warning or
    a removal is never late by more than a tenth of the time it is about."""
    spans = [
        s for g in groups for s in (g.pruning.warn_before, g.pruning.inactive_after - g.pruning.warn_before)
    ]
    return max(timedelta(seconds=5), min([timedelta(hours=1), *(s / 10 for s in spans if s > timedelta(0))]))
