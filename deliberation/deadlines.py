"""Yellow and red cards (黄牌 / 红牌) for proposals left without an answer.

The practice of local message boards: a department that has not answered after 5 days gets a
yellow card, after 15 a red card (the moderators are told too), after 30 an urge notice (督办);
each once. The clock runs from submission and keeps running through a reopening (an answer the
author rated unsatisfied does not restart it: the asker has been waiting since submission).
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
        if item.answered:
            continue
        age = now - item.submitted_at
        reached = card_level(age, policy)
        for level in range(item.issued + 1, reached + 1):
            decisions.append(CardDecision(item.number, Card(level), age, item.departments))
    return decisions
