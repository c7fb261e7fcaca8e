"""Monthly supervision (问政监督): the appointed supervisors (问政监督员) score each department, and the
month's report goes to the supervising office and the leaders.

The practice: every month appointed supervisors evaluate the departments on the answers they saw,
beside the automatic figures (reply on time, completion, promises kept, satisfaction); units and
individuals are held to account on it. Fixed here:

* the form for a month goes out in the first week of the next month (days 1 to 7), once; scores
  are taken, one per supervisor and department (a later press replaces the earlier one), until the
  report is made;
* the report for a month goes out from the 8th of the next month, once (claimed like the
  digests, so a bot down on the 8th sends it when back): the figures of the month plus, per
  department, the supervisors' average and how many scored;
* a form missed in the first week is not sent late: scoring a month weeks after would not be fair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SCORES = (1, 2, 3, 4, 5)
FORM_DAYS = 7  # the form goes out on days 1..7; the report from day 8


@dataclass(frozen=True, slots=True)
class SupervisionDue:
    """The months whose form and report are due on a given day (None: nothing due)."""

    form: str | None
    report: str | None


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    department_id: str
    average: float | None
    count: int


def month_name(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(period: str) -> tuple[date, date]:
    """``"2026-11"`` -> (2026-11-01, 2026-12-01): the half-open month."""
    year, month = (int(part) for part in period.split("-"))
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    return start, end


def previous_month(day: date) -> str:
    return month_name(date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1))


def supervision_due(today: date) -> SupervisionDue:
    """What is due ``today`` (local date): the previous month's form in the first week, its report
    from the 8th."""
    month = previous_month(today)
    if today.day <= FORM_DAYS:
        return SupervisionDue(form=month, report=None)
    return SupervisionDue(form=None, report=month)


def valid_score(value: int | str) -> int | None:
    """A score pressed (1 to 5), or None for anything else (a forged button)."""
    try:
        score = int(value)
    except (TypeError, ValueError):
        return None
    return score if score in SCORES else None


def summarize(scores: Iterable[tuple[str, int]], departments: Iterable[str]) -> list[ScoreSummary]:
    """Per department (in the given order): the supervisors' average and how many scored."""
    given: dict[str, list[int]] = {}
    for department, score in scores:
        given.setdefault(department, []).append(score)
    return [
        ScoreSummary(d, sum(given[d]) / len(given[d]) if given.get(d) else None, len(given.get(d, ())))
        for d in departments
    ]
