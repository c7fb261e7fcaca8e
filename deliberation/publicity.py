"""What the public board shows (外网公开反馈), and to whom the supervision view shows what.

The practice rests on publicity: proposals, every public step of their handling, the answers and
the ranking are published where anyone can read them; the asker appears as the group's policy
says (by default only their unit: 单位, never a user id). Officials see what is overdue in their
own departments; moderators see everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from deliberation.deadlines import Card, card_level
from deliberation.handling import OPEN_STATES, Action, State
from deliberation.policy import HandlingPolicy

AuthorPolicy = Literal["unit", "name_unit"]
PAGE_SIZE = 20
QUERY_LIMIT = 100  # characters of a search; longer is cut, not refused
STATES = tuple(s.value for s in State)
# the handling steps a visitor may see (who did them stays internal: officials act for a department)
PUBLIC_ACTIONS = frozenset({*(a.value for a in Action), "card"})


def public_author(name: str, unit: str, policy: AuthorPolicy) -> str:
    """"海淀区" (unit only, the default) or "王小明（海淀区）"; an erased member has neither."""
    if policy == "name_unit" and name:
        return f"{name}（{unit}）" if unit else name
    return unit


@dataclass(frozen=True, slots=True)
class BoardQuery:
    topic: str | None = None
    state: str | None = None
    department: str | None = None
    card: int | None = None
    q: str | None = None
    page: int = 1

    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def as_params(self, **changes: object) -> dict[str, str]:
        """The query string of this page with ``changes`` (for links that keep the filters)."""
        values: dict[str, object] = {
            "topic": self.topic, "state": self.state, "department": self.department,
            "card": self.card, "q": self.q, "page": self.page, **changes,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "", 1) or (k == "card" and v == 0)}


def parse_query(
    params: Mapping[str, str], *, topics: Iterable[str], departments: Iterable[str]
) -> BoardQuery:
    """Unknown filter values are dropped rather than refused: a visitor editing the address gets
    the unfiltered list, never an error page."""
    known_topics, known_departments = set(topics), set(departments)

    def pick(key: str, allowed: Iterable[str]) -> str | None:
        value = (params.get(key) or "").strip()
        return value if value in allowed else None

    card: int | None = None
    raw_card = (params.get("card") or "").strip()
    if raw_card.isdigit() and int(raw_card) in {c.value for c in Card}:
        card = int(raw_card)
    raw_page = (params.get("page") or "").strip()
    page = int(raw_page) if raw_page.isdigit() and 0 < len(raw_page) <= 6 else 1
    q = " ".join((params.get("q") or "").split())[:QUERY_LIMIT] or None
    return BoardQuery(
        topic=pick("topic", known_topics), state=pick("state", STATES),
        department=pick("department", known_departments), card=card, q=q, page=max(page, 1),
    )


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


@dataclass(frozen=True, slots=True)
class BoardItem:
    number: int
    chat_id: int
    group_title: str
    topics: tuple[str, ...]
    departments: tuple[str, ...]
    state: str
    card: int
    supports: int
    submitted_at: datetime
    answered_at: datetime | None
    rating: str | None
    text: str
    author: str  # as the policy shows it


@dataclass(frozen=True, slots=True)
class BoardStep:
    at: datetime
    action: str
    to_state: str | None
    department: str | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class BoardDetail:
    item: BoardItem
    answer: str | None
    reject_reason: str | None
    merged_into: int | None
    steps: tuple[BoardStep, ...]


def public_steps(steps: Iterable[BoardStep]) -> tuple[BoardStep, ...]:
    return tuple(s for s in steps if s.action in PUBLIC_ACTIONS)


@dataclass(frozen=True, slots=True)
class Overdue:
    number: int
    department: str
    card: int
    days: int
    text: str


def visible_departments(
    user_id: int, *, moderator: bool, officials: Mapping[int, tuple[str, ...]]
) -> frozenset[str] | None:
    """What the supervision view may show this person: None for everything (a moderator), their
    departments for an official, nothing for anyone else."""
    if moderator:
        return None
    return frozenset(officials.get(user_id, ()))


def overdue(
    items: Iterable[BoardItem], policy: HandlingPolicy, now: datetime, visible: frozenset[str] | None
) -> list[Overdue]:
    """Open proposals past their reply deadline, one line per (proposal, department), most
    overdue first: the card they have earned and how many whole days they have waited."""
    found = []
    for item in items:
        if item.state not in OPEN_STATES:
            continue
        age = now - item.submitted_at
        if age < policy.reply_due:
            continue
        level = max(int(card_level(age, policy)), item.card)
        for department in item.departments or ("",):
            if visible is None or department in visible:
                found.append(Overdue(item.number, department, level, age // timedelta(days=1), item.text))
    return sorted(found, key=lambda o: (-o.days, o.number, o.department))
