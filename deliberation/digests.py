"""The daily digest (每日摘要) an official gets in a private chat with the bot.

The practice this serves: every morning an official sees what was proposed on their department's
topics since the last digest (with supports, so the most backed come first), what they still owe
with its card level, which answers still wait for the author's rating, and how each group is doing.
The domain selects and returns data (lines, figures, card codes); the Telegram side
(``bot.features.digests.render``) formats it, with the texts in the Fluent catalogues.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import NamedTuple

from deliberation.handling import OPEN_STATES, Rating, State
from deliberation.policy import Department
from deliberation.ranking import satisfaction


@dataclass(frozen=True, slots=True)
class ProposalLine:
    number: int
    chat_id: int
    group_title: str
    topics: tuple[str, ...]
    text: str
    author_name: str
    author_unit: str
    supports: int
    link: str | None  # t.me URL of the proposal message
    submitted_at: datetime
    state: str  # submitted | accepted | answered | closed | rejected | merged
    card: int  # 0 none, 1 yellow, 2 red, 3 urge notice
    departments: tuple[str, ...]
    answered_at: datetime | None = None
    rated: bool = False
    promised_by: datetime | None = None  # an interim reply's promised completion
    adopted_at: datetime | None = None  # 采纳


@dataclass(frozen=True, slots=True)
class GroupDay:
    chat_id: int
    title: str
    messages: int
    active_members: int
    joins: int
    removals: int
    name_problems: int

    @property
    def quiet(self) -> bool:
        return not (self.messages or self.joins or self.removals or self.name_problems)


@dataclass(frozen=True, slots=True)
class DigestInput:
    official_id: int
    department_ids: frozenset[str]
    department_topics: frozenset[str]
    since: datetime
    until: datetime
    new_proposals: tuple[ProposalLine, ...]
    open_proposals: tuple[ProposalLine, ...]
    awaiting_rating: tuple[ProposalLine, ...]
    groups: tuple[GroupDay, ...]
    adopted: tuple[ProposalLine, ...] = ()  # adopted (采纳) in [since, until), of the departments
    drafts: int = 0  # the departments' drafts waiting for a leader's approval (审核)


@dataclass(frozen=True, slots=True)
class TopicSection:
    topic: str
    proposals: tuple[ProposalLine, ...]


class AgedItem(NamedTuple):
    """A named tuple, not a dataclass: a digest may hold thousands and they are built per official."""

    proposal: ProposalLine
    days: int  # open items: since submission; awaiting rating: since the answer


# whoever formats digests keeps what it made here, keyed as it likes: digests built together share
# one memo, so a distinct digest is formatted once however many officials get it
RenderMemo = dict[tuple[object, ...], tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Digest:
    official_id: int
    since: datetime
    until: datetime
    now: datetime
    new_by_topic: tuple[TopicSection, ...]
    open_items: tuple[AgedItem, ...]
    awaiting_rating: tuple[AgedItem, ...]
    groups: tuple[GroupDay, ...]
    # shared by all the digests of one build_digests, for the formatter (see RenderMemo)
    renders: RenderMemo = field(default_factory=dict, compare=False, repr=False)
    adopted: tuple[ProposalLine, ...] = ()
    drafts: int = 0

    @property
    def empty(self) -> bool:
        """Nothing new, nothing owed and no group stirred: the official gets one line."""
        return not (self.new_by_topic or self.open_items or self.awaiting_rating or self.adopted
                    or self.drafts) and all(g.quiet for g in self.groups)


def build_digest(inp: DigestInput, now: datetime) -> Digest:
    """New proposals in [since, until) on the department's topics, grouped under the first of
    the proposal's topics the department handles, most supported first; open items oldest first;
    answers still waiting for the author's rating; each group's day."""
    sections: dict[str, list[ProposalLine]] = {}
    for p in inp.new_proposals:
        if not inp.since <= p.submitted_at < inp.until:
            continue
        topic = next((t for t in p.topics if t in inp.department_topics), None)
        if topic is not None:
            sections.setdefault(topic, []).append(p)
    new = tuple(
        TopicSection(topic, tuple(sorted(items, key=lambda p: (-p.supports, p.number))))
        for topic, items in sorted(sections.items())
    )

    return Digest(inp.official_id, inp.since, inp.until, now, new, *_owed(inp, now), inp.groups,
                  adopted=inp.adopted, drafts=inp.drafts)


def build_digests(inputs: Iterable[DigestInput], now: datetime) -> list[Digest]:
    """:func:`build_digest` for many officials. Those of one department share the inputs
    :func:`select_for_officials` gives them, so their new proposals are sorted into topics and their
    open lists aged once, not per official; their digests then hold the very same sections, and
    one memo shared by the whole build lets the formatter format each distinct digest once.
    Shared entries keep the inputs they were keyed by, so no ``id`` is reused while they live."""
    new: dict[tuple[object, ...], tuple[tuple[ProposalLine, ...], tuple[TopicSection, ...]]] = {}
    owed: dict[tuple[object, ...], tuple[object, tuple[tuple[AgedItem, ...], tuple[AgedItem, ...]]]] = {}
    renders: RenderMemo = {}
    digests = []
    for inp in inputs:
        new_key = (id(inp.new_proposals), inp.since, inp.until, inp.department_topics)
        if new_key not in new:
            only_new = replace(inp, open_proposals=(), awaiting_rating=())
            new[new_key] = inp.new_proposals, build_digest(only_new, now).new_by_topic
        owed_key = (id(inp.open_proposals), id(inp.awaiting_rating), inp.department_ids)
        if owed_key not in owed:
            owed[owed_key] = (inp.open_proposals, inp.awaiting_rating), _owed(inp, now)
        open_items, awaiting_rating = owed[owed_key][1]
        digests.append(Digest(inp.official_id, inp.since, inp.until, now, new[new_key][1], open_items,
                              awaiting_rating, inp.groups, renders, inp.adopted, inp.drafts))
    return digests


def _owed(inp: DigestInput, now: datetime) -> tuple[tuple[AgedItem, ...], tuple[AgedItem, ...]]:
    ids = inp.department_ids
    owed = [p for p in inp.open_proposals if p.state in OPEN_STATES and not ids.isdisjoint(p.departments)]
    owed.sort(key=_submitted)  # linear when already sorted, as select_for_officials gives them
    rating = [p for p in inp.awaiting_rating
              if p.state == State.ANSWERED and not p.rated and not ids.isdisjoint(p.departments)]
    rating.sort(key=_answered)
    return (
        tuple(AgedItem(p, (now - p.submitted_at).days) for p in owed),
        tuple(AgedItem(p, (now - (p.answered_at or p.submitted_at)).days) for p in rating),
    )


def _submitted(p: ProposalLine) -> tuple[datetime, int]:
    return p.submitted_at, p.number


def _answered(p: ProposalLine) -> tuple[datetime, int]:
    return p.answered_at or p.submitted_at, p.number


def select_for_officials(
    proposals: Iterable[ProposalLine],
    groups: Sequence[GroupDay],
    departments: Iterable[Department],
    until: datetime,
    since: Mapping[int, datetime] | None = None,
    default_since: datetime | None = None,
    drafts: Mapping[str, int] | None = None,
) -> list[DigestInput]:
    """Inputs for every official of every department, sorted by official id.

    ``drafts``: the drafts waiting for review per department; adoptions in an official's window
    are picked from ``proposals`` by their ``adopted_at``.

    Proposals are indexed once (new ones by topic and time, open and unrated ones by department),
    so each official costs a few slices, not a scan of all proposals. ``since`` holds each
    official's last digest; others get ``default_since`` (one day before ``until``)."""
    since = since or {}
    fallback = default_since or until - timedelta(days=1)
    depts = list(departments)
    by_official: dict[int, list[Department]] = {}
    for d in depts:
        for oid in d.officials:
            by_official.setdefault(oid, []).append(d)
    earliest = min([fallback, *(since.get(oid, fallback) for oid in by_official)])

    new_by_topic: dict[str, list[ProposalLine]] = {}
    open_by_dept: dict[str, list[ProposalLine]] = {}
    rating_by_dept: dict[str, list[ProposalLine]] = {}
    adopted: list[ProposalLine] = []
    for p in proposals:
        if p.adopted_at is not None and earliest <= p.adopted_at < until:
            adopted.append(p)
        if earliest <= p.submitted_at < until:
            for topic in p.topics:
                new_by_topic.setdefault(topic, []).append(p)
        if p.state in OPEN_STATES:
            target = open_by_dept
        elif p.state == State.ANSWERED and not p.rated:
            target = rating_by_dept
        else:
            continue
        for dept in p.departments:
            target.setdefault(dept, []).append(p)
    for index in (new_by_topic, open_by_dept, rating_by_dept):
        for items in index.values():
            items.sort(key=_submitted)
    times = {topic: [p.submitted_at for p in items] for topic, items in new_by_topic.items()}

    def merged(index: dict[str, list[ProposalLine]], keys: Iterable[str]) -> tuple[ProposalLine, ...]:
        lists = [index[k] for k in keys if k in index]
        if len(lists) == 1:
            return tuple(lists[0])
        unique = {id(p): p for items in lists for p in items}
        return tuple(sorted(unique.values(), key=_submitted))

    cache: dict[object, tuple[ProposalLine, ...]] = {}
    group_days = tuple(groups)
    inputs = []
    for oid in sorted(by_official):
        ids = frozenset(d.id for d in by_official[oid])
        topics = frozenset(t for d in by_official[oid] for t in d.topics)
        start = since.get(oid, fallback)
        if ("new", topics, start) not in cache:
            slices = {
                t: new_by_topic[t][bisect_left(times[t], start) :] for t in sorted(topics) if t in times
            }
            cache["new", topics, start] = merged(slices, slices)
        if ("open", ids) not in cache:
            cache["open", ids] = merged(open_by_dept, sorted(ids))
            cache["rating", ids] = merged(rating_by_dept, sorted(ids))
        if ("adopted", ids, start) not in cache:
            cache["adopted", ids, start] = tuple(
                p for p in adopted
                if not ids.isdisjoint(p.departments) and p.adopted_at is not None and p.adopted_at >= start
            )
        waiting = sum((drafts or {}).get(d, 0) for d in sorted(ids))
        inputs.append(
            DigestInput(
                oid, ids, topics, start, until,
                cache["new", topics, start], cache["open", ids], cache["rating", ids], group_days,
                cache["adopted", ids, start], waiting,
            )
        )
    return inputs


@dataclass(frozen=True, slots=True)
class MonthSummary:
    """A group's month in figures, as posted in the group (公开): what was proposed, answered,
    finished, and how satisfied the authors were with the answers they rated."""

    proposals: int
    answered: int  # answered or finished
    finished: int  # 办结
    rated: int
    satisfaction: float | None  # 满意 1, 基本满意 0.5, 不满意 0, over the rated answers


def summarise_month(states: Iterable[tuple[str, str | None]]) -> MonthSummary:
    """``states``: (state, rating) of each proposal made in the month, as known now."""
    rows = list(states)
    ratings = [r for _s, r in rows if r is not None]
    return MonthSummary(
        proposals=len(rows),
        answered=sum(s in (State.ANSWERED, State.CLOSED) for s, _r in rows),
        finished=sum(s == State.CLOSED for s, _r in rows),
        rated=len(ratings),
        satisfaction=satisfaction(ratings.count(Rating.SATISFIED), ratings.count(Rating.BASIC),
                                  ratings.count(Rating.UNSATISFIED)),
    )
