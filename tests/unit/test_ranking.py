from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.features.digests.render import RANKING_KEYS, render_ranking
from deliberation.policy import Department
from deliberation.ranking import HandledItem, weekly_ranking

START = datetime(2026, 11, 2, tzinfo=UTC)
END = START + timedelta(days=7)
DEPTS = [Department(d, f"{d}办") for d in ("a", "b", "c", "d", "e")]
_numbers = iter(range(1, 10_000))


def item(dept: str, days: float | None = None, on_time: bool | None = None, rating: str | None = None,
         at: datetime = START + timedelta(hours=1)) -> HandledItem:
    answered = None if days is None else at + timedelta(days=days)
    return HandledItem(dept, next(_numbers), f"{dept} 的建议", at, answered, on_time, rating)


def fake_t(key: str, **args: object) -> str:
    assert key in RANKING_KEYS, key
    assert set(args) == set(RANKING_KEYS[key]), (key, sorted(args))
    return "|".join([key, *(f"{k}={v}" for k, v in sorted(args.items()))])


def order(ranking) -> list[tuple[str, int | None]]:
    return [(r.department_id, r.rank) for r in ranking.ranked]


def test_departments_are_ordered_by_on_time_share_then_median_then_satisfaction_then_id():
    items = [
        # a: 2/3 on time, median 2 days
        item("a", 1, True), item("a", 2, True), item("a", 9, False),
        # b: 3/3 on time
        item("b", 4, True), item("b", 4, True), item("b", 4, True),
        # c: 2/3 on time, median 2 days like a, but better satisfaction
        item("c", 1, True, "satisfied"), item("c", 2, True, "satisfied"), item("c", 9, False),
        # d: 2/3 on time, median 1 day
        item("d", 1, True), item("d", 1, True), item("d", 8, False),
        # e: the same as a in every respect: a tie broken by id, sharing the rank
        item("e", 1, True), item("e", 2, True), item("e", 9, False),
    ]
    ranking = weekly_ranking(items, DEPTS, START, END)
    assert order(ranking) == [("b", 1), ("d", 2), ("c", 3), ("a", 4), ("e", 4)]


def test_proposals_still_within_their_deadline_count_neither_way():
    items = [item("a", 1, True), item("a"), item("a"), item("b", 1, True), item("b"), item("b", None, False)]
    rows = {r.department_id: r for r in weekly_ranking(items, DEPTS, START, END).ranked}
    assert rows["a"].on_time_share == 1.0 and rows["a"].settled == 1
    assert rows["b"].on_time_share == 0.5
    assert order(weekly_ranking(items, DEPTS, START, END)) == [("a", 1), ("b", 2)]


def test_a_department_without_settled_proposals_comes_after_those_with_a_share():
    items = [item("a"), item("a"), item("a"), item("b", 9, False), item("b", 9, False), item("b", 9, False)]
    assert order(weekly_ranking(items, DEPTS, START, END)) == [("b", 1), ("a", 2)]


def test_a_department_with_two_proposals_is_listed_apart_not_ranked():
    items = [item("a", 1, True)] * 3 + [item("b", 1, True), item("b", 1, True)]
    ranking = weekly_ranking(items, DEPTS, START, END)
    assert order(ranking) == [("a", 1)]
    apart = {r.department_id: (r.received, r.rank) for r in ranking.unranked}
    assert apart["b"] == (2, None)
    assert apart["c"] == (0, None)


def test_the_median_answer_time_is_the_median_of_the_answered_ones():
    items = [item("a", 1, True), item("a", 2, True), item("a", 6, False), item("a", 10, False), item("a")]
    (row,) = weekly_ranking(items, DEPTS, START, END).ranked
    assert row.median_answer == timedelta(days=4)
    assert (row.received, row.answered) == (5, 4)


def test_satisfaction_counts_basic_as_half_over_the_rated_ones():
    items = [item("a", 1, True, "satisfied"), item("a", 1, True, "basic"), item("a", 1, True, "unsatisfied"),
             item("a", 1, True)]
    (row,) = weekly_ranking(items, DEPTS, START, END).ranked
    assert (row.satisfied, row.basic, row.unsatisfied) == (1, 1, 1)
    assert row.satisfaction == 0.5


def test_the_satisfied_and_unsatisfied_lists_hold_the_rated_proposals_of_the_period():
    good = item("a", 1, True, "satisfied")
    bad = item("b", 1, True, "unsatisfied")
    earlier = item("a", 1, True, "unsatisfied", at=START - timedelta(days=1))
    ranking = weekly_ranking([good, bad, earlier, item("a", 1, True, "basic")], DEPTS, START, END)
    assert [i.number for i in ranking.satisfied] == [good.number]
    assert [i.number for i in ranking.unsatisfied] == [bad.number]
    text = "\n".join(render_ranking(ranking, fake_t))
    assert f"number=#{bad.number}|snippet=b 的建议" in text
    assert "ranking-satisfied-heading|count=1" in text


def test_a_period_without_proposals_says_so_in_one_message():
    ranking = weekly_ranking([item("a", 1, True, at=START - timedelta(days=3))], DEPTS, START, END)
    assert ranking.ranked == () and ranking.total == 0
    assert render_ranking(ranking, fake_t) == [
        "ranking-header|count=0|end=2026-11-08|start=2026-11-02\nranking-no-proposals"
    ]


def test_the_rendered_table_states_the_method_under_the_ranked_rows():
    items = [item("a", 1.5, True, "satisfied"), item("a", 2, False), item("a"), item("b", 1, True)]
    lines = "\n".join(render_ranking(weekly_ranking(items, DEPTS, START, END), fake_t)).splitlines()
    assert lines[1] == (
        "ranking-row|adopted=0|answered=2|completion=0%|kept=—|median=ranking-days|days=1.8|name=a办"
        "|on_time=50%|rank=1|received=3|satisfaction=100%|unsatisfied=0"
    )
    assert lines[2] == "ranking-method|min_items=3"
    assert "ranking-unranked-row|name=b办|received=1" in lines
