from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from deliberation.deadlines import Card, CardDecision, OpenItem, card_level, due_cards
from deliberation.policy import HandlingPolicy

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
POLICY = HandlingPolicy()
TALENT = frozenset({"talent"})


def item(number: int, age: timedelta, issued: Card = Card.NONE, answered: bool = False) -> OpenItem:
    return OpenItem(number, NOW - age, answered, issued, TALENT)


def levels(decisions: list[CardDecision]) -> list[tuple[int, Card]]:
    return [(d.number, d.level) for d in decisions]


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(days=4, hours=23), Card.NONE),
        (timedelta(days=5), Card.YELLOW),
        (timedelta(days=14), Card.YELLOW),
        (timedelta(days=15), Card.RED),
        (timedelta(days=30), Card.URGE),
        (timedelta(days=90), Card.URGE),
    ],
)
def test_the_card_is_reached_at_its_threshold(age: timedelta, expected: Card) -> None:
    assert card_level(age, POLICY) is expected


def test_a_proposal_unanswered_for_six_days_gets_a_yellow_card() -> None:
    decisions = due_cards([item(1, timedelta(days=6))], POLICY, NOW)
    assert decisions == [CardDecision(1, Card.YELLOW, timedelta(days=6), TALENT)]


def test_a_proposal_younger_than_the_yellow_threshold_gets_nothing() -> None:
    assert due_cards([item(1, timedelta(days=4))], POLICY, NOW) == []


def test_a_proposal_first_seen_at_sixteen_days_gets_yellow_then_red() -> None:
    assert levels(due_cards([item(1, timedelta(days=16))], POLICY, NOW)) == [(1, Card.YELLOW), (1, Card.RED)]


def test_a_proposal_first_seen_at_a_month_gets_every_card_in_order() -> None:
    decisions = due_cards([item(1, timedelta(days=31))], POLICY, NOW)
    assert levels(decisions) == [(1, Card.YELLOW), (1, Card.RED), (1, Card.URGE)]


def test_a_card_already_issued_is_not_issued_again() -> None:
    assert levels(due_cards([item(1, timedelta(days=16), Card.YELLOW)], POLICY, NOW)) == [(1, Card.RED)]
    assert due_cards([item(2, timedelta(days=16), Card.RED)], POLICY, NOW) == []
    assert due_cards([item(3, timedelta(days=40), Card.URGE)], POLICY, NOW) == []


def test_issuing_the_decided_cards_leaves_nothing_due_on_the_next_run() -> None:
    first = due_cards([item(1, timedelta(days=20))], POLICY, NOW)
    highest = max(d.level for d in first)
    assert due_cards([item(1, timedelta(days=20), highest)], POLICY, NOW + timedelta(hours=1)) == []


def test_an_answered_proposal_gets_no_card() -> None:
    assert due_cards([item(1, timedelta(days=40), answered=True)], POLICY, NOW) == []


def test_cards_of_several_proposals_keep_their_order() -> None:
    items = [item(1, timedelta(days=6)), item(2, timedelta(days=2)), item(3, timedelta(days=15))]
    assert levels(due_cards(items, POLICY, NOW)) == [(1, Card.YELLOW), (3, Card.YELLOW), (3, Card.RED)]


def test_the_thresholds_come_from_the_policy() -> None:
    quick = HandlingPolicy(
        yellow_after=timedelta(hours=1), red_after=timedelta(hours=2), urge_after=timedelta(hours=3)
    )
    assert levels(due_cards([item(1, timedelta(hours=2))], quick, NOW)) == [(1, Card.YELLOW), (1, Card.RED)]
