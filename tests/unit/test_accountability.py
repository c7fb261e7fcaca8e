"""The accountability rules of the domain (issue 16): the interim reply and its promise, its
extension, rework, adoption, the promise cards, promised dates, and the monthly supervision."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deliberation.deadlines import (
    Card,
    OpenItem,
    PromiseCard,
    PromiseItem,
    due_cards,
    due_promise_cards,
    promise_level,
)
from deliberation.errors import NotAllowed
from deliberation.handling import Action, Actor, ProposalView, Rating, State, decide
from deliberation.policy import Department, HandlingPolicy
from deliberation.promises import parse_promise_date, promise_deadline
from deliberation.ranking import HandledItem, weekly_ranking
from deliberation.supervision import month_bounds, previous_month, summarize, supervision_due, valid_score

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=10)
OFFICIAL = Actor(10, frozenset({"talent"}))
LEADER = Actor(70, leads=frozenset({"talent"}))
OTHER_LEADER = Actor(71, leads=frozenset({"housing"}))
MODERATOR = Actor(30, is_moderator=True)
AUTHOR = Actor(500)
POLICY = HandlingPolicy(promise_grace=timedelta(0), promise_red_after=timedelta(days=5))
TALENT = frozenset({"talent"})


def view(state: State = State.SUBMITTED, **extra: object) -> ProposalView:
    return ProposalView(12, state, TALENT, 500, **extra)  # type: ignore[arg-type]


def test_an_interim_reply_promises_a_date_and_moves_the_proposal_to_in_progress() -> None:
    step = decide(view(), Action.PROGRESS, OFFICIAL, now=NOW, text="已受理，正在办理", promise=LATER)
    assert (step.from_state, step.to_state, step.promised_by, step.extends) == (
        State.SUBMITTED, State.ACCEPTED, LATER, None)
    assert step.department == "talent" and not step.rework


def test_a_second_interim_reply_extends_the_promise_to_a_later_date_with_its_reason() -> None:
    promised = view(State.ACCEPTED, promised_by=LATER)
    step = decide(promised, Action.PROGRESS, OFFICIAL, now=NOW, text="需要协调",
                  promise=LATER + timedelta(days=5))
    assert (step.extends, step.promised_by, step.detail) == (LATER, LATER + timedelta(days=5), "需要协调")


@pytest.mark.parametrize(("promised", "promise", "text", "reason"), [
    (None, None, "已受理", "promise_required"),
    (None, LATER, "  ", "text_required"),
    (None, NOW, "已受理", "promise_past"),
    (None, NOW - timedelta(days=1), "已受理", "promise_past"),
    (LATER, LATER, "延期", "promise_not_later"),
    (LATER, LATER - timedelta(days=1), "延期", "promise_not_later"),
])
def test_a_promise_needs_a_future_date_a_text_and_an_extension_a_later_date(
    promised: datetime | None, promise: datetime | None, text: str, reason: str
) -> None:
    with pytest.raises(NotAllowed) as refused:
        decide(view(State.ACCEPTED, promised_by=promised), Action.PROGRESS, OFFICIAL, now=NOW, text=text,
               promise=promise)
    assert refused.value.code == reason


@pytest.mark.parametrize(("state", "actor", "reason"), [
    (State.ANSWERED, OFFICIAL, "already_answered"),
    (State.CLOSED, OFFICIAL, "closed"),
    (State.SUBMITTED, Actor(20, frozenset({"housing"})), "not_your_department"),
    (State.SUBMITTED, MODERATOR, "not_your_department"),
    (State.REJECTED, OFFICIAL, "terminal"),
])
def test_only_the_department_gives_an_interim_reply_to_an_open_proposal(
    state: State, actor: Actor, reason: str
) -> None:
    with pytest.raises(NotAllowed) as refused:
        decide(view(state), Action.PROGRESS, actor, now=NOW, text="已受理", promise=LATER)
    assert refused.value.code == reason


def test_an_unsatisfied_rating_is_rework_and_the_next_answer_is_marked_as_such() -> None:
    rated = decide(view(State.ANSWERED), Action.RATE, AUTHOR, now=NOW, rating=Rating.UNSATISFIED)
    assert rated.reopened and rated.reworks == 1 and not rated.escalates
    answer = decide(view(State.ACCEPTED, reworks=1), Action.ANSWER, OFFICIAL, now=NOW, text="补充答复")
    assert answer.rework and answer.reworks == 1
    assert not decide(view(State.ACCEPTED), Action.ANSWER, OFFICIAL, now=NOW, text="答复").rework


def test_the_second_unsatisfied_rating_on_one_proposal_escalates_to_the_leaders() -> None:
    again = decide(view(State.ANSWERED, reworks=1), Action.RATE, AUTHOR, now=NOW, rating="unsatisfied")
    assert again.escalates and again.reworks == 2
    content = decide(view(State.ANSWERED, reworks=1), Action.RATE, AUTHOR, now=NOW, rating="satisfied")
    assert not content.escalates and content.reworks == 1


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED, State.ANSWERED, State.CLOSED])
@pytest.mark.parametrize("actor", [LEADER, MODERATOR])
def test_a_leader_of_the_department_or_a_moderator_adopts_without_moving_the_state(
    state: State, actor: Actor
) -> None:
    step = decide(view(state), Action.ADOPT, actor, now=NOW, text="列入重点工作")
    assert (step.from_state, step.to_state, step.detail) == (state, state, "列入重点工作")
    assert step.department == ("talent" if actor is LEADER else None)


@pytest.mark.parametrize(("proposal", "actor", "reason"), [
    (view(), OTHER_LEADER, "not_leader"),
    (view(), OFFICIAL, "not_leader"),
    (view(), AUTHOR, "not_leader"),
    (view(adopted=True), LEADER, "already_adopted"),
    (view(State.MERGED), MODERATOR, "terminal"),
    (view(State.REJECTED), LEADER, "terminal"),
])
def test_adoption_is_refused_to_others_and_given_once(
    proposal: ProposalView, actor: Actor, reason: str
) -> None:
    with pytest.raises(NotAllowed) as refused:
        decide(proposal, Action.ADOPT, actor, now=NOW)
    assert refused.value.code == reason


def test_a_promise_stops_the_reply_cards() -> None:
    waiting = [OpenItem(1, NOW - timedelta(days=20), False, Card.NONE, TALENT, promised=True),
               OpenItem(2, NOW - timedelta(days=6), False, Card.NONE, TALENT)]
    assert [(d.number, d.level) for d in due_cards(waiting, POLICY, NOW)] == [(2, Card.YELLOW)]


@pytest.mark.parametrize(("overdue", "expected"), [
    (timedelta(seconds=-1), Card.NONE),
    (timedelta(0), Card.YELLOW),
    (timedelta(days=4, hours=23), Card.YELLOW),
    (timedelta(days=5), Card.RED),
    (timedelta(days=40), Card.RED),
])
def test_a_promise_passed_earns_yellow_then_red_never_more(overdue: timedelta, expected: Card) -> None:
    assert promise_level(overdue, POLICY) is expected


def test_a_grace_delays_the_yellow_promise_card() -> None:
    graced = HandlingPolicy(promise_grace=timedelta(days=1), promise_red_after=timedelta(days=3))
    assert promise_level(timedelta(hours=23), graced) is Card.NONE
    assert promise_level(timedelta(days=1), graced) is Card.YELLOW


def test_promise_cards_are_issued_in_order_once_per_promise_round() -> None:
    promised = NOW - timedelta(days=6)
    fresh = PromiseItem(1, promised, 1, Card.NONE, TALENT)
    assert due_promise_cards([fresh], POLICY, NOW) == [
        PromiseCard(1, Card.YELLOW, timedelta(days=6), 1, promised, TALENT),
        PromiseCard(1, Card.RED, timedelta(days=6), 1, promised, TALENT),
    ]
    assert due_promise_cards([PromiseItem(1, promised, 1, Card.RED, TALENT)], POLICY, NOW) == []
    extended = PromiseItem(1, NOW - timedelta(hours=1), 2, Card.NONE, TALENT)
    assert [(c.round, c.level) for c in due_promise_cards([extended], POLICY, NOW)] == [(2, Card.YELLOW)]


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-20", date(2026, 12, 20)),
    ("2026/12/20", date(2026, 12, 20)),
    ("12-20", date(2026, 12, 20)),
    ("12月20日", date(2026, 12, 20)),
    ("2027年1月5号", date(2027, 1, 5)),
    ("11-01", date(2027, 11, 1)),  # already past this year: next year's
    ("11-02", date(2026, 11, 2)),  # today
    ("02-30", None),
    ("下周", None),
    ("12-20-", None),
])
def test_a_promised_date_is_read_as_officials_write_it(text: str, expected: date | None) -> None:
    assert parse_promise_date(text, date(2026, 11, 2)) == expected


def test_a_promise_runs_to_the_end_of_its_local_day() -> None:
    deadline = promise_deadline(date(2026, 12, 20), ZoneInfo("Asia/Shanghai"))
    assert deadline == datetime(2026, 12, 20, 16, 0, tzinfo=UTC)


def test_the_ranking_reports_completion_promises_kept_and_adoptions_apart() -> None:
    start, end = NOW - timedelta(days=7), NOW
    items = [
        HandledItem("talent", 1, "a", start, start + timedelta(days=1), True, "satisfied", True, True, True),
        HandledItem("talent", 2, "b", start, None, True, None, False, False),
        HandledItem("talent", 3, "c", start, None, False),
    ]
    (row,) = weekly_ranking(items, [Department("talent", "市人才办")], start, end, min_items=0).ranked
    assert (row.finished, row.completion, row.promises, row.kept, row.adopted) == (1, 1 / 3, 2, 1, 1)
    assert row.kept_share == 0.5 and row.on_time_share == 2 / 3


@pytest.mark.parametrize(("today", "form", "report"), [
    (date(2026, 12, 1), "2026-11", None),
    (date(2026, 12, 7), "2026-11", None),
    (date(2026, 12, 8), None, "2026-11"),
    (date(2027, 1, 31), None, "2026-12"),
    (date(2027, 1, 3), "2026-12", None),
])
def test_the_form_goes_out_in_the_first_week_and_the_report_from_the_eighth(
    today: date, form: str | None, report: str | None
) -> None:
    due = supervision_due(today)
    assert (due.form, due.report) == (form, report)


def test_months_are_named_and_bounded_across_the_year_end() -> None:
    assert previous_month(date(2027, 1, 15)) == "2026-12"
    assert month_bounds("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))


def test_scores_are_one_to_five_and_averaged_per_department_with_how_many_scored() -> None:
    assert [valid_score(v) for v in ("1", "5", "0", "6", "x", 3)] == [1, 5, None, None, None, 3]
    summaries = summarize([("talent", 4), ("talent", 5), ("housing", 2)], ["talent", "housing", "science"])
    assert [(s.department_id, s.average, s.count) for s in summaries] == [
        ("talent", 4.5, 2), ("housing", 2.0, 1), ("science", None, 0)]
