"""The weekly ranking of departments (部门办理排行), with the satisfied and unsatisfied lists.

The practice this serves: message boards publish how departments handle what citizens send them —
answers on time, time to answer, the askers' satisfaction — together with a 满意榜 and a 不满意榜 of
individual answers. To be fair the method is fixed and stated under the table (``ranking-method``):

* the cohort is the proposals a department received in [period_start, period_end), with their
  handling as known when the ranking is made;
* on-time share = answered on time / proposals whose deadline question is settled (answered, or
  unanswered past the deadline); proposals still within their deadline count neither way;
* median time to answer over the answered ones (statistics.median);
* satisfaction = (satisfied + 0.5 x basic) / rated (满意 1, 基本满意 0.5, 不满意 0);
* order: on-time share desc, median asc, satisfaction desc (an unknown value last), then id;
  equal values share a rank;
* a department with fewer than ``min_items`` proposals is listed apart, not ranked.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from deliberation.digests import esc
from deliberation.handling import Rating
from deliberation.messages import split_message
from deliberation.policy import Department

SNIPPET_LIMIT = 60


@dataclass(frozen=True, slots=True)
class HandledItem:
    department_id: str
    number: int
    snippet: str
    submitted_at: datetime
    answered_at: datetime | None = None
    on_time: bool | None = None  # None: still within its deadline and unanswered
    rating: str | None = None  # satisfied | basic | unsatisfied


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

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.settled if self.settled else None

    @property
    def satisfaction(self) -> float | None:
        rated = self.satisfied + self.basic + self.unsatisfied
        return (2 * self.satisfied + self.basic) / (2 * rated) if rated else None


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


# Catalogue keys used by render_ranking, with their variables.
RANKING_KEYS: dict[str, tuple[str, ...]] = {
    "ranking-header": ("start", "end", "count"),
    "ranking-no-proposals": (),
    "ranking-row": ("rank", "name", "received", "answered", "on_time", "median", "satisfaction"),
    "ranking-days": ("days",),
    "ranking-method": ("min_items",),
    "ranking-unranked-heading": ("min_items",),
    "ranking-unranked-row": ("name", "received"),
    "ranking-satisfied-heading": ("count",),
    "ranking-unsatisfied-heading": ("count",),
    "ranking-list-item": ("number", "snippet", "name"),
}
UNKNOWN = "—"


def _percent(value: float | None) -> str:
    return UNKNOWN if value is None else f"{round(value * 100)}%"


def render_ranking(ranking: Ranking, t: Callable[..., str], tz: tzinfo | str = UTC) -> list[str]:
    """Telegram HTML parts: the table as one line per department, the method under it, then the
    departments listed apart and the two lists."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    # the period is half-open, so the last day shown is the day before period_end
    start = ranking.period_start.astimezone(zone).strftime("%Y-%m-%d")
    end = (ranking.period_end.astimezone(zone) - timedelta(microseconds=1)).strftime("%Y-%m-%d")
    blocks = [t("ranking-header", start=start, end=end, count=ranking.total)]
    if not ranking.total:
        return [f"{blocks[0]}\n{t('ranking-no-proposals')}"]
    for r in ranking.ranked:
        median = (
            UNKNOWN if r.median_answer is None
            else t("ranking-days", days=f"{r.median_answer / timedelta(days=1):.1f}")
        )
        blocks.append(t(
            "ranking-row", rank=r.rank, name=esc(r.name), received=r.received, answered=r.answered,
            on_time=_percent(r.on_time_share), median=median, satisfaction=_percent(r.satisfaction),
        ))
    blocks.append(t("ranking-method", min_items=ranking.min_items))
    apart = [t("ranking-unranked-row", name=esc(r.name), received=r.received) for r in ranking.unranked]
    if apart:
        apart[0] = f"\n{t('ranking-unranked-heading', min_items=ranking.min_items)}\n{apart[0]}"
    blocks += apart
    names = {r.department_id: r.name for r in (*ranking.ranked, *ranking.unranked)}
    for key, listed in (("ranking-satisfied-heading", ranking.satisfied),
                        ("ranking-unsatisfied-heading", ranking.unsatisfied)):
        lines = [
            t("ranking-list-item", number=f"#{i.number}", snippet=esc(i.snippet, SNIPPET_LIMIT),
              name=esc(names.get(i.department_id, i.department_id)))
            for i in listed
        ]
        if lines:
            lines[0] = f"\n{t(key, count=len(lines))}\n{lines[0]}"
        blocks += lines
    return split_message(blocks)

