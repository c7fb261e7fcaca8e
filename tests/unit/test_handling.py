from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from deliberation.errors import DomainError, NotAllowed, UnknownProposal
from deliberation.handling import (
    OPEN_STATES,
    Action,
    Actor,
    ProposalView,
    Rating,
    State,
    Transition,
    counted_on_time,
    decide,
    on_time,
    require,
    route,
)
from deliberation.policy import Department, HandlingPolicy

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
KNOWN = frozenset({"talent", "housing", "science"})
AUTHOR_ID = 500

OFFICIAL = Actor(10, frozenset({"talent"}))
OTHER = Actor(20, frozenset({"housing"}))
MODERATOR = Actor(30, is_moderator=True)
MODERATOR_OFFICIAL = Actor(40, frozenset({"talent"}), is_moderator=True)
AUTHOR = Actor(AUTHOR_ID)
MEMBER = Actor(60)

OPEN_TARGET = ProposalView(99, State.ACCEPTED, frozenset({"talent"}), 7)


def view(
    state: State, departments: frozenset[str] = frozenset({"talent"}), rating: Rating | None = None
) -> ProposalView:
    return ProposalView(12, state, departments, AUTHOR_ID, rating=rating)


def act(
    state: State, action: Action, actor: Actor, previous: Rating | None = None, **inputs: Any
) -> Transition:
    return decide(view(state, rating=previous), action, actor, now=NOW, known_departments=KNOWN, **inputs)


ALLOWED = [
    (State.SUBMITTED, Action.ACCEPT, OFFICIAL, {}, State.ACCEPTED),
    (State.SUBMITTED, Action.ACCEPT, MODERATOR_OFFICIAL, {}, State.ACCEPTED),
    (State.SUBMITTED, Action.ASSIGN, OFFICIAL, {"target_department": "housing"}, State.SUBMITTED),
    (State.ACCEPTED, Action.ASSIGN, MODERATOR, {"target_department": "housing"}, State.ACCEPTED),
    (State.SUBMITTED, Action.ANSWER, OFFICIAL, {"text": "已纳入明年计划"}, State.ANSWERED),
    (State.ACCEPTED, Action.ANSWER, OFFICIAL, {"text": "已纳入明年计划"}, State.ANSWERED),
    (State.ACCEPTED, Action.ANSWER, MODERATOR_OFFICIAL, {"text": "已纳入明年计划"}, State.ANSWERED),
    (State.SUBMITTED, Action.REJECT, OFFICIAL, {"text": "不属于本市事权"}, State.REJECTED),
    (State.ACCEPTED, Action.REJECT, MODERATOR, {"text": "重复"}, State.REJECTED),
    (State.SUBMITTED, Action.MERGE, MODERATOR, {"into": OPEN_TARGET}, State.MERGED),
    (State.ACCEPTED, Action.MERGE, OFFICIAL, {"into": OPEN_TARGET}, State.MERGED),
    (State.ANSWERED, Action.CLOSE, OFFICIAL, {}, State.CLOSED),
    (State.ANSWERED, Action.RATE, AUTHOR, {"rating": Rating.SATISFIED}, State.ANSWERED),
    (State.ANSWERED, Action.RATE, AUTHOR, {"rating": "basic"}, State.ANSWERED),
    (State.ANSWERED, Action.RATE, AUTHOR, {"rating": Rating.UNSATISFIED}, State.ACCEPTED),
    (State.ANSWERED, Action.REOPEN, MODERATOR, {"text": "答复未解决问题"}, State.ACCEPTED),
    (State.CLOSED, Action.REOPEN, OFFICIAL, {"text": "办结过早"}, State.ACCEPTED),
]


@pytest.mark.parametrize(("state", "action", "actor", "inputs", "to_state"), ALLOWED)
def test_an_allowed_step_is_recorded_with_who_when_and_from_where(
    state: State, action: Action, actor: Actor, inputs: dict[str, Any], to_state: State
) -> None:
    step = act(state, action, actor, **inputs)
    assert (step.number, step.action, step.from_state, step.to_state) == (12, action, state, to_state)
    assert (step.actor_id, step.at) == (actor.user_id, NOW)


TERMINAL_CASES = [(state, action) for state in (State.REJECTED, State.MERGED) for action in Action]
CLOSED_CASES = [(State.CLOSED, action) for action in Action if action not in (Action.REOPEN, Action.ADOPT)]


@pytest.mark.parametrize(("state", "action"), TERMINAL_CASES)
def test_a_rejected_or_merged_proposal_accepts_no_further_step(state: State, action: Action) -> None:
    with pytest.raises(NotAllowed) as refused:
        act(state, action, MODERATOR_OFFICIAL, text="x", target_department="housing", rating="basic")
    assert refused.value.code == "terminal"


@pytest.mark.parametrize(("state", "action"), CLOSED_CASES)
def test_a_closed_proposal_can_only_be_reopened_or_adopted(state: State, action: Action) -> None:
    with pytest.raises(NotAllowed) as refused:
        act(state, action, MODERATOR_OFFICIAL, text="x", target_department="housing", into=OPEN_TARGET)
    assert refused.value.code == "closed"


REFUSED = [
    (State.SUBMITTED, Action.ACCEPT, OTHER, {}, "not_your_department"),
    (State.SUBMITTED, Action.ACCEPT, MODERATOR, {}, "not_your_department"),
    (State.ACCEPTED, Action.ANSWER, MODERATOR, {"text": "答复"}, "not_your_department"),
    (State.ACCEPTED, Action.ANSWER, OTHER, {"text": "答复"}, "not_your_department"),
    (State.ANSWERED, Action.CLOSE, MODERATOR, {}, "not_your_department"),
    (State.SUBMITTED, Action.ASSIGN, OTHER, {"target_department": "science"}, "not_your_department"),
    (State.SUBMITTED, Action.ASSIGN, MEMBER, {"target_department": "science"}, "not_moderator"),
    (State.SUBMITTED, Action.REJECT, OTHER, {"text": "理由"}, "not_your_department"),
    (State.SUBMITTED, Action.REJECT, MEMBER, {"text": "理由"}, "not_moderator"),
    (State.SUBMITTED, Action.MERGE, AUTHOR, {"into": OPEN_TARGET}, "not_moderator"),
    (State.ANSWERED, Action.REOPEN, MEMBER, {"text": "理由"}, "not_moderator"),
    (State.ANSWERED, Action.RATE, OFFICIAL, {"rating": "satisfied"}, "not_author"),
    (State.ANSWERED, Action.RATE, MODERATOR, {"rating": "satisfied"}, "not_author"),
    (State.ACCEPTED, Action.ACCEPT, OFFICIAL, {}, "already_accepted"),
    (State.ANSWERED, Action.ACCEPT, OFFICIAL, {}, "already_answered"),
    (State.ANSWERED, Action.ANSWER, OFFICIAL, {"text": "再答复"}, "already_answered"),
    (State.ANSWERED, Action.ASSIGN, OFFICIAL, {"target_department": "housing"}, "already_answered"),
    (State.ANSWERED, Action.REJECT, MODERATOR, {"text": "理由"}, "already_answered"),
    (State.ANSWERED, Action.MERGE, MODERATOR, {"into": OPEN_TARGET}, "already_answered"),
    (State.SUBMITTED, Action.CLOSE, OFFICIAL, {}, "not_answered"),
    (State.ACCEPTED, Action.CLOSE, OFFICIAL, {}, "not_answered"),
    (State.ACCEPTED, Action.RATE, AUTHOR, {"rating": "satisfied"}, "not_answered"),
    (State.SUBMITTED, Action.REOPEN, MODERATOR, {"text": "理由"}, "not_answered"),
    (State.SUBMITTED, Action.ASSIGN, MODERATOR, {"target_department": "transport"}, "unknown_department"),
    (State.SUBMITTED, Action.ASSIGN, MODERATOR, {}, "unknown_department"),
    (State.SUBMITTED, Action.ASSIGN, MODERATOR, {"target_department": "talent"}, "already_assigned"),
    (State.ACCEPTED, Action.ANSWER, OFFICIAL, {}, "text_required"),
    (State.ACCEPTED, Action.ANSWER, OFFICIAL, {"text": "   "}, "text_required"),
    (State.SUBMITTED, Action.REJECT, MODERATOR, {}, "reason_required"),
    (State.ANSWERED, Action.REOPEN, MODERATOR, {"text": ""}, "reason_required"),
    (State.SUBMITTED, Action.MERGE, MODERATOR, {}, "merge_target_required"),
    (State.SUBMITTED, Action.MERGE, MODERATOR, {"into": view(State.ACCEPTED)}, "same_proposal"),
    (State.ANSWERED, Action.RATE, AUTHOR, {"rating": "great"}, "invalid_rating"),
    (State.ANSWERED, Action.RATE, AUTHOR, {}, "invalid_rating"),
]


@pytest.mark.parametrize(("state", "action", "actor", "inputs", "reason"), REFUSED)
def test_a_refused_step_says_why(
    state: State, action: Action, actor: Actor, inputs: dict[str, Any], reason: str
) -> None:
    with pytest.raises(NotAllowed) as refused:
        act(state, action, actor, **inputs)
    assert refused.value.code == reason
    assert refused.value.data == {"number": 12, "action": action}


@pytest.mark.parametrize("target_state", [State.CLOSED, State.REJECTED, State.MERGED])
def test_a_proposal_cannot_be_merged_into_a_finished_one(target_state: State) -> None:
    target = ProposalView(99, target_state, frozenset({"talent"}), 7)
    with pytest.raises(NotAllowed, match="merge_target_closed"):
        act(State.SUBMITTED, Action.MERGE, MODERATOR, into=target)


def test_an_answer_can_be_rated_only_once() -> None:
    with pytest.raises(NotAllowed) as refused:
        act(State.ANSWERED, Action.RATE, AUTHOR, rating=Rating.UNSATISFIED, previous=Rating.BASIC)
    assert refused.value.code == "already_rated"


def test_an_unsatisfied_rating_reopens_the_proposal_and_records_the_rating() -> None:
    step = act(State.ANSWERED, Action.RATE, AUTHOR, rating="unsatisfied")
    assert step.reopened
    assert step.rating is Rating.UNSATISFIED
    assert step.detail == "unsatisfied"


def test_an_answer_records_the_text_and_the_acting_department() -> None:
    step = act(State.ACCEPTED, Action.ANSWER, OFFICIAL, text="  已纳入明年计划  ")
    assert step.detail == "已纳入明年计划"
    assert step.department == "talent"
    assert step.departments == frozenset({"talent"})
    assert not step.reopened


def test_a_referral_by_an_official_hands_the_proposal_over() -> None:
    step = act(State.ACCEPTED, Action.ASSIGN, OFFICIAL, target_department="housing", text="住房问题")
    assert step.department == "housing"
    assert step.departments == frozenset({"housing"})
    assert step.detail == "住房问题"


def test_an_assignment_by_a_moderator_adds_a_department() -> None:
    step = act(State.SUBMITTED, Action.ASSIGN, MODERATOR, target_department="housing")
    assert step.departments == frozenset({"talent", "housing"})


def test_an_unrouted_proposal_is_assigned_by_a_moderator_and_not_by_an_official() -> None:
    unrouted = view(State.SUBMITTED, departments=frozenset())
    step = decide(
        unrouted, "assign", MODERATOR, now=NOW, target_department="science", known_departments=KNOWN
    )
    assert step.departments == frozenset({"science"})
    with pytest.raises(NotAllowed, match="not_your_department"):
        decide(unrouted, "assign", OFFICIAL, now=NOW, target_department="science", known_departments=KNOWN)


def test_a_merge_records_its_target() -> None:
    step = act(State.SUBMITTED, Action.MERGE, MODERATOR, into=OPEN_TARGET, text="内容相同")
    assert (step.into, step.detail, step.department) == (99, "内容相同", None)


def test_a_missing_proposal_is_an_unknown_proposal_error_carrying_its_number() -> None:
    with pytest.raises(UnknownProposal) as unknown:
        require(None, 404)
    assert isinstance(unknown.value, DomainError)
    assert (unknown.value.code, unknown.value.data) == ("unknown_proposal", {"number": 404})
    found = view(State.SUBMITTED)
    assert require(found, 12) is found


def test_a_transition_is_frozen() -> None:
    step = act(State.SUBMITTED, Action.ACCEPT, OFFICIAL)
    assert isinstance(step, Transition)
    with pytest.raises(AttributeError):
        step.to_state = State.CLOSED  # type: ignore[misc]


DEPARTMENTS = (
    Department("talent", "市人才办", (222,), ("人才",)),
    Department("science", "市科技局", (333,), ("创新", "转型")),
    Department("housing", "市住建委", (444,), ("住房",)),
)


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (("人才",), {"talent"}),
        (("人才", "创新"), {"talent", "science"}),
        (("转型",), {"science"}),
        (("交通",), set()),
        ((), set()),
    ],
)
def test_a_proposal_goes_to_the_departments_of_its_topics(
    topics: tuple[str, ...], expected: set[str]
) -> None:
    assert route(topics, DEPARTMENTS) == frozenset(expected)


@pytest.mark.parametrize(
    ("answered_after", "expected"),
    [
        (timedelta(days=2), True),
        (timedelta(days=5), True),
        (timedelta(days=5, seconds=1), False),
        (None, False),
    ],
)
def test_an_answer_is_on_time_within_the_reply_deadline(
    answered_after: timedelta | None, expected: bool
) -> None:
    answered_at = NOW + answered_after if answered_after is not None else None
    assert on_time(NOW, answered_at, HandlingPolicy()) is expected


DUE = HandlingPolicy().reply_due


@pytest.mark.parametrize(
    ("recorded", "answered_after", "state", "age", "expected"),
    [
        (True, timedelta(days=9), "answered", timedelta(days=9), True),  # the recorded verdict stands
        (False, timedelta(days=1), "answered", timedelta(days=1), False),
        (None, timedelta(days=5), "closed", timedelta(days=8), True),  # answered in time, no verdict kept
        (None, timedelta(days=6), "answered", timedelta(days=8), False),
        (None, None, "accepted", timedelta(days=5), None),  # still within its deadline
        (None, None, "submitted", timedelta(days=5, seconds=1), False),  # past it, unanswered: late
        (None, None, "rejected", timedelta(days=30), None),  # a rejection is neither answer nor lapse
    ],
)
def test_the_ranking_counts_on_time_by_the_recorded_verdict_else_by_the_rule(
    recorded: bool | None, answered_after: timedelta | None, state: str, age: timedelta, expected: bool | None
) -> None:
    answered_at = NOW + answered_after if answered_after is not None else None
    verdict = counted_on_time(recorded, NOW, answered_at, state, now=NOW + age, reply_due=DUE)
    assert verdict is expected


def test_a_state_read_as_plain_text_is_found_among_the_open_states() -> None:
    stored = ("submitted", "accepted", "answered", "closed", "rejected", "merged")
    assert [state for state in stored if state in OPEN_STATES] == ["submitted", "accepted"]
