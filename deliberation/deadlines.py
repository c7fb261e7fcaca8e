"""Yellow and red cards (黄牌 / 红牌) for proposals left without an answer.

The practice of local message boards: a department that has not answered after 5 days gets a
yellow card, after 15 a red card (the moderators are told too), after 30 an urge notice (督办);
each once. The clock runs from submission and keeps running through a reopening (an answer the
author rated unsatisfied does not restart it: the asker has been waiting since submission).

An interim reply with a promised completion date (``/progress``) is the timely reply: the reply
cards stop, and the promise has its own: yellow once the date has passed by ``promise_grace``,
red once it has passed by ``promise_red_after`` (线下限期办理: the deadline is the department's
own word). An extension is a new promise with cards of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

from deliberation.policy import HandlingPolicy


class Card(IntEnum):
    NONE = 0
    YELLOW = 1
    RED = 2
    URGE = 3


@dataclass(frozen=True, slots=True)
class OpenItem:
    number: int
    submitted_at: datetime
    answered: bool  # answered, closed, rejected or merged: no card
    issued: Card  # the highest card already issued
    departments: frozenset[str]
    promised: bool = False  # an interim reply promised a date: the reply cards stop


@dataclass(frozen=True, slots=True)
class PromiseItem:
    """An open proposal with a promised completion; ``round``: 1 for the first promise, 2 for its
    first extension ...; ``issued``: the highest promise card of this round."""

    number: int
    promised_by: datetime
    round: int
    issued: Card
    departments: frozenset[str]


@dataclass(frozen=True, slots=True)
class PromiseCard:
    number: int
    level: Card  # YELLOW or RED
    overdue: timedelta  # how long past the promised date
    round: int
    promised_by: datetime
    departments: frozenset[str]


@dataclass(frozen=True, slots=True)
class CardDecision:
    number: int
    level: Card
    age: timedelta
    departments: frozenset[str]


def card_level(age: timedelta, policy: HandlingPolicy) -> Card:
    """The card a proposal of this age without an answer has earned (reached at the threshold)."""
    if age >= policy.urge_after:
        return Card.URGE
    if age >= policy.red_after:
        return Card.RED
    if age >= policy.yellow_after:
        return Card.YELLOW
    return Card.NONE


def due_cards(open_items: Iterable[OpenItem], policy: HandlingPolicy, now: datetime) -> list[CardDecision]:
    """Every card reached and not yet issued, each level once and in order: a proposal first seen
    at 16 days (the bot was down) gets its yellow card, then its red one, so the record and the
    department's count stay complete."""
    decisions: list[CardDecision] = []
    for item in open_items:
        if item.answered or item.promised:
            continue
        age = now - item.submitted_at
        reached = card_level(age, policy)
        for level in range(item.issued + 1, reached + 1):
            decisions.append(CardDecision(item.number, Card(level), age, item.departments))
    return decisions


def promise_level(overdue: timedelta, policy: HandlingPolicy) -> Card:
    """The card a promise passed by ``overdue`` has earned (negative: not yet due)."""
    if overdue < timedelta(0):
        return Card.NONE
    if overdue >= policy.promise_red_after:
        return Card.RED
    if overdue >= policy.promise_grace:
        return Card.YELLOW
    return Card.NONE


def due_promise_cards(
    items: Iterable[PromiseItem], policy: HandlingPolicy, now: datetime
) -> list[PromiseCard]:
    """Every promise card reached and not yet issued for the current promise, in order (a bot
    that was down issues the yellow before the red)."""
    decisions: list[PromiseCard] = []
    for item in items:
        overdue = now - item.promised_by
        reached = promise_level(overdue, policy)
        for level in range(item.issued + 1, reached + 1):
            decisions.append(PromiseCard(item.number, Card(level), overdue, item.round, item.promised_by,
                                         item.departments))
    return decisions
