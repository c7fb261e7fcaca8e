"""The weekly ranking of departments (部门办理排行), with the satisfied and unsatisfied lists.

The practice this serves: message boards publish how departments handle what citizens send them —
answers on time, time to answer, the askers' satisfaction — together with a 满意榜 and a 不满意榜 of
individual answers. To be fair the method is fixed and stated under the table (``ranking-method``):

* the cohort is the proposals a department received in [period_start, period_end), with their
  handling as known when the ranking is made;
* on-time share = answered on time / proposals whose deadline question is settled (answered, or
  unanswered past the deadline); proposals still within their deadline count neither way;
* median time to answer over the answered ones (statistics.median);
* satisfaction = (satisfied + 0.5 x basic) / rated (满意 1, 基本满意 0.5, 不满意 0), over final
  answers only (an interim reply is not rated);
* reported beside them, not ranked on: completion (办结率 = finished by a final answer / received),
  promises kept (finished by the promised date / promises whose date has come or that were
  finished), the unsatisfied count and the adoptions (采纳);
* order: on-time share desc, median asc, satisfaction desc (an unknown value last), then id;
  equal values share a rank;
* a department with fewer than ``min_items`` proposals is listed apart, not ranked.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from deliberation.handling import Rating
from deliberation.policy import Department


@dataclass(frozen=True, slots=True)
class HandledItem:
    department_id: str
    number: int
    snippet: str
    submitted_at: datetime
    answered_at: datetime | None = None
    on_time: bool | None = None  # None: still within its deadline and unanswered
    rating: str | None = None  # satisfied | basic | unsatisfied
    finished: bool = False  # a final answer given (an interim reply is not one)
    promise_kept: bool | None = None  # None: no promise, or its date has not come yet
    adopted: bool = False


def satisfaction(satisfied: int, basic: int, unsatisfied: int) -> float | None:
    """满意 1, 基本满意 0.5, 不满意 0, averaged over the rated answers; None when none was rated."""
    rated = satisfied + basic + unsatisfied
    return (2 * satisfied + basic) / (2 * rated) if rated else None


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    department_id: str
    name: str
    received: int
    answered: int
    settled: int  # proposals whose on-time question is settled
    on_time: int
    median_answer: timedelta | None
    satisfied: int
    basic: int
    unsatisfied: int
    rank: int | None = None  # None: fewer than min_items, listed apart
    finished: int = 0
    promises: int = 0  # promises whose question is settled
    kept: int = 0
    adopted: int = 0

    @property
    def completion(self) -> float | None:
        return self.finished / self.received if self.received else None

    @property
    def kept_share(self) -> float | None:
        return self.kept / self.promises if self.promises else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.settled if self.settled else None

    @property
    def satisfaction(self) -> float | None:
        return satisfaction(self.satisfied, self.basic, self.unsatisfied)


@dataclass(frozen=True, slots=True)
class Ranking:
    period_start: datetime
    period_end: datetime
    min_items: int
    ranked: tuple[DepartmentRow, ...]
    unranked: tuple[DepartmentRow, ...]
    satisfied: tuple[HandledItem, ...]  # 满意榜
    unsatisfied: tuple[HandledItem, ...]  # 不满意榜

    @property
    def total(self) -> int:
        return sum(r.received for r in (*self.ranked, *self.unranked))


def _row(department_id: str, name: str, items: list[HandledItem]) -> DepartmentRow:
    durations = [i.answered_at - i.submitted_at for i in items if i.answered_at is not None]
    ratings = [i.rating for i in items]
    return DepartmentRow(
        department_id=department_id,
        name=name,
        received=len(items),
        answered=len(durations),
        settled=sum(i.on_time is not None for i in items),
        on_time=sum(i.on_time is True for i in items),
        # typeshed types median() for numbers only; it needs just ordering, + and /, as timedelta has
        median_answer=statistics.median(durations) if durations else None,  # type: ignore[type-var]
        satisfied=ratings.count(Rating.SATISFIED),
        basic=ratings.count(Rating.BASIC),
        unsatisfied=ratings.count(Rating.UNSATISFIED),
        finished=sum(i.finished for i in items),
        promises=sum(i.promise_kept is not None for i in items),
        kept=sum(i.promise_kept is True for i in items),
        adopted=sum(i.adopted for i in items),
    )


def _merit(row: DepartmentRow) -> tuple[object, ...]:
    """The stated order without the id: unknown values sort last."""
    share, median, score = row.on_time_share, row.median_answer, row.satisfaction
    return (
        share is None, -(share or 0.0),
        median is None, median or timedelta(0),
        score is None, -(score or 0.0),
    )


def weekly_ranking(
    items: Iterable[HandledItem],
    departments: Iterable[Department],
    period_start: datetime,
    period_end: datetime,
    min_items: int = 3,
) -> Ranking:
    names = {d.id: d.name for d in departments}
    cohort = sorted(
        (i for i in items if period_start <= i.submitted_at < period_end), key=lambda i: i.number
    )
    by_dept: dict[str, list[HandledItem]] = {dept: [] for dept in names}
    for i in cohort:
        by_dept.setdefault(i.department_id, []).append(i)  # a department no longer configured stays
    rows = [_row(dept, names.get(dept, dept), found) for dept, found in by_dept.items()]
    eligible = sorted(
        (r for r in rows if r.received >= min_items), key=lambda r: (_merit(r), r.department_id)
    )
    ranked: list[DepartmentRow] = []
    for position, row in enumerate(eligible, start=1):
        tied = bool(ranked) and _merit(ranked[-1]) == _merit(row)
        rank = ranked[-1].rank if tied else position
        ranked.append(replace(row, rank=rank))
    unranked = sorted(
        (r for r in rows if r.received < min_items), key=lambda r: (-r.received, r.department_id)
    )
    return Ranking(
        period_start, period_end, min_items, tuple(ranked), tuple(unranked),
        tuple(i for i in cohort if i.rating == Rating.SATISFIED),
        tuple(i for i in cohort if i.rating == Rating.UNSATISFIED),
    )
