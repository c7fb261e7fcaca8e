"""Timing and the table every benchmark reports into.

Each figure is the median of several timed repeats after an untimed warm-up, so one stall of a
noisy machine (other processes, the garbage collector) does not decide it. Figures are printed,
never asserted: a target is a yardstick for a person, not a test.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Row:
    figure: str
    value: float | None  # None: not measured (the feature is not wired yet)
    unit: str
    target: str = "printed"
    ratio: float | None = None  # value / the baseline measured in the same run
    passed: bool | None = None  # None: no target to pass
    note: str = ""


@dataclass
class Run:
    """What every benchmark gets: sizes (``quick``), a scratch directory, and the bare aiogram
    dispatcher's rate measured in this run (the baseline throughput figures are compared to)."""

    quick: bool
    directory: Path
    repeats: int = 5
    baseline: float | None = None  # updates per wall second
    baseline_cpu: float | None = None  # updates per CPU second

    def cpu_note(self, per_cpu_second: float) -> str:
        ratio = f" ({_ratio(per_cpu_second / self.baseline_cpu)} the baseline's)" if self.baseline_cpu else ""
        return f"{per_cpu_second:,.0f}/s per CPU-second{ratio}"

    def size(self, full: int, quick: int) -> int:
        return quick if self.quick else full


def median_time(run: Callable[[], object], repeats: int = 5, warmup: int = 1) -> float:
    """Median seconds of ``run()``; the collector runs before each repeat, never inside one."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Stopwatch:
    """Wall time and this process's CPU time (all threads) of a ``with`` block. On a busy machine
    the CPU time still says what the code costs; the wall time is what a user would see."""

    wall: float
    cpu: float

    def __enter__(self) -> Stopwatch:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


async def median_time_async(
    run: Callable[[int], Awaitable[Stopwatch]], repeats: int = 5, warmup: int = 1
) -> tuple[float, float]:
    """Median wall and CPU seconds; ``run(i)`` prepares its inputs untimed and times the rest
    with a :class:`Stopwatch` (``i`` < 0 for the warm-up runs)."""
    for i in range(warmup):
        await run(-1 - i)
    walls, cpus = [], []
    for i in range(repeats):
        gc.collect()
        watch = await run(i)
        walls.append(watch.wall)
        cpus.append(watch.cpu)
    return statistics.median(walls), statistics.median(cpus)


def _value(row: Row) -> str:
    if row.value is None:
        return "—"
    v = row.value
    text = f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}" if abs(v) >= 1 else f"{v:.3f}"
    return f"{text} {row.unit}".strip()


def _ratio(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.3f}x"


def _verdict(row: Row) -> str:
    if row.value is None:
        return "n/a"
    return "-" if row.passed is None else ("pass" if row.passed else "FAIL")


def render(rows: list[Row]) -> str:
    header = ("figure", "value", "target", "ratio", "result", "note")
    lines = [
        (r.figure, _value(r), r.target, _ratio(r.ratio), _verdict(r), r.note)
        for r in rows
    ]
    widths = [max(len(h), *(_width(line[i]) for line in lines)) if lines else len(h)
              for i, h in enumerate(header)]
    out = [_line(header, widths), _line(tuple("-" * w for w in widths), widths)]
    out += [_line(line, widths) for line in lines]
    return "\n".join(out)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if "\u2e80" <= c <= "\uffef" else 1 for c in text)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
    return " | ".join(padded).rstrip()
