"""The daily digest (每日摘要) an official gets in a private chat with the bot.

The practice this serves: every morning an official sees what was proposed on their department's
topics since the last digest (with supports, so the most backed come first), what they still owe
with its card level, which answers still wait for the author's rating, and how each group is doing.
The domain selects and returns data; :func:`render_digest` only formats, through a translation
callable, so the texts stay in the Fluent catalogues.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple
from zoneinfo import ZoneInfo

from deliberation.handling import OPEN_STATES, State
from deliberation.messages import MESSAGE_LIMIT as MESSAGE_LIMIT
from deliberation.messages import split_message
from deliberation.policy import Department

TEXT_LIMIT = 120  # characters of proposal text shown, the rest becomes "…"
FIELD_LIMIT = 64  # names, units, titles, topics: keeps any single item far below a message


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


@dataclass(frozen=True, slots=True)
class TopicSection:
    topic: str
    proposals: tuple[ProposalLine, ...]


class AgedItem(NamedTuple):
    """A named tuple, not a dataclass: a digest may hold thousands and they are built per official."""

    proposal: ProposalLine
    days: int  # open items: since submission; awaiting rating: since the answer


# (translate, zone, window, ids of the sections) -> (the sections, kept so no id is reused; the parts)
RenderMemo = dict[tuple[object, ...], tuple[tuple[object, ...], tuple[str, ...]]]


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
    # rendered parts, shared by all the digests of one build_digests: see render_digest
    renders: RenderMemo = field(default_factory=dict, compare=False, repr=False)

    @property
    def empty(self) -> bool:
        """Nothing new, nothing owed and no group stirred: the official gets one line."""
        return not (self.new_by_topic or self.open_items or self.awaiting_rating) and all(
            g.quiet for g in self.groups
        )


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

    return Digest(inp.official_id, inp.since, inp.until, now, new, *_owed(inp, now), inp.groups)


def build_digests(inputs: Iterable[DigestInput], now: datetime) -> list[Digest]:
    """:func:`build_digest` for many officials. Those of one department share the inputs
    :func:`select_for_officials` gives them, so their new proposals are sorted into topics and their
    open lists aged once, not per official; their digests then hold the very same sections, and
    one memo shared by the whole build lets :func:`render_digest` format each distinct digest once.
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
                              awaiting_rating, inp.groups, renders))
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
) -> list[DigestInput]:
    """Inputs for every official of every department, sorted by official id.

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
    for p in proposals:
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
        inputs.append(
            DigestInput(
                oid, ids, topics, start, until,
                cache["new", topics, start], cache["open", ids], cache["rating", ids], group_days,
            )
        )
    return inputs


# Catalogue keys used by render_digest, with their variables (the lead keeps the .ftl in step).
DIGEST_KEYS: dict[str, tuple[str, ...]] = {
    "digest-nothing-new": ("date",),
    "digest-header": ("date", "since", "until"),
    "digest-new-heading": ("count",),
    "digest-topic": ("topic", "count"),
    "digest-new-item": ("ref", "text", "author", "unit", "supports", "group", "time"),
    "digest-open-heading": ("count",),
    "digest-open-item": ("ref", "text", "days", "card"),
    "digest-card-yellow": (),
    "digest-card-red": (),
    "digest-card-urge": (),
    "digest-rating-heading": ("count",),
    "digest-rating-item": ("ref", "text", "days"),
    "digest-groups-heading": (),
    "digest-group-item": ("title", "messages", "active", "joins", "removals", "name_problems"),
}
_CARDS = {1: "digest-card-yellow", 2: "digest-card-red", 3: "digest-card-urge"}

Translate = Callable[..., str]


def esc(text: str, limit: int = FIELD_LIMIT) -> str:
    """User text is shortened first (never cutting an entity), then escaped for Telegram HTML."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=False)


def ref(p: ProposalLine) -> str:
    if p.link:
        return f'<a href="{html.escape(p.link, quote=True)}">#{p.number}</a>'
    return f"#{p.number}"




def render_digest(digest: Digest, t: Translate, tz: tzinfo | str) -> list[str]:
    """Telegram HTML parts in the official's local time; a heading is glued to its first item so
    no part ends on a heading.

    Officials of one department get the same digest: those built together (:func:`build_digests`)
    share the sections themselves, so the parts are formatted once per distinct digest, language
    and zone, and each official gets their own copy. The memo is keyed by everything the text
    depends on (the official is not part of it), by identity for the sections."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    sections = (digest.new_by_topic, digest.open_items, digest.awaiting_rating, digest.groups)
    key = (t, zone, digest.since, digest.until, digest.now, *map(id, sections))
    found = digest.renders.get(key)
    if found is None:
        found = digest.renders[key] = sections, tuple(_render(digest, t, zone))
    return list(found[1])


def _render(digest: Digest, t: Translate, zone: tzinfo) -> list[str]:
    def local(when: datetime, fmt: str = "%m-%d %H:%M") -> str:
        return when.astimezone(zone).strftime(fmt)

    date = local(digest.now, "%Y-%m-%d")
    if digest.empty:
        return [t("digest-nothing-new", date=date)]
    blocks = [t("digest-header", date=date, since=local(digest.since), until=local(digest.until))]

    new: list[str] = []
    for s in digest.new_by_topic:
        items = [
            t("digest-new-item", ref=ref(p), text=esc(p.text, TEXT_LIMIT), author=esc(p.author_name),
              unit=esc(p.author_unit), supports=p.supports, group=esc(p.group_title),
              time=local(p.submitted_at))
            for p in s.proposals
        ]
        new += _section(t("digest-topic", topic=esc(s.topic), count=len(items)), items, gap=False)
    if new:
        count = sum(len(s.proposals) for s in digest.new_by_topic)
        new[0] = f"\n{t('digest-new-heading', count=count)}\n{new[0]}"
    blocks += new

    owed = [
        t("digest-open-item", ref=ref(i.proposal), text=esc(i.proposal.text, TEXT_LIMIT), days=i.days,
          card=t(_CARDS[i.proposal.card]) if i.proposal.card in _CARDS else "").rstrip()
        for i in digest.open_items
    ]
    blocks += _section(t("digest-open-heading", count=len(owed)), owed)
    rating = [
        t("digest-rating-item", ref=ref(i.proposal), text=esc(i.proposal.text, TEXT_LIMIT), days=i.days)
        for i in digest.awaiting_rating
    ]
    blocks += _section(t("digest-rating-heading", count=len(rating)), rating)
    days = [
        t("digest-group-item", title=esc(g.title), messages=g.messages, active=g.active_members,
          joins=g.joins, removals=g.removals, name_problems=g.name_problems)
        for g in digest.groups
    ]
    blocks += _section(t("digest-groups-heading"), days)
    return split_message(blocks)


def _section(heading: str, items: list[str], gap: bool = True) -> list[str]:
    """Empty sections are left out."""
    if not items:
        return []
    return [("\n" if gap else "") + f"{heading}\n{items[0]}", *items[1:]]
