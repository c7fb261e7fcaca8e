"""Ordinary group messages from known, compliant members through the production dispatcher.

This is the hot path: nearly every update a deliberation bot gets is someone chatting. Four groups
of 250 members, each member seen once beforehand (the roster is warm), then ``feed_update`` in a
loop; the figure is updates per second, the median of the repeats. A second figure runs the same
with logging as ``delibot run`` sets it up (INFO, here written to /dev/null), since aiogram logs
one line per update at INFO.
"""

from __future__ import annotations

import logging
import os

from bench.production import Production, wired_features
from bench.report import Row, Run, Stopwatch, median_time_async
from bench.traffic import Member, chatter, members

GROUPS, PER_GROUP = 4, 250


async def warm(prod: Production, people: list[Member]) -> None:
    """Each member posts once, so the roster, the groups' admins and any caches are loaded."""
    await prod.feed(prod.batch(chatter(people, len(people))))


async def rate(prod: Production, people: list[Member], n: int, repeats: int) -> tuple[float, float]:
    """Updates per wall second and per CPU second."""

    async def timed(i: int) -> Stopwatch:
        updates = prod.batch(chatter(people, n, start=i * 7))
        with Stopwatch() as watch:
            await prod.feed(updates)
        return watch

    wall, cpu = await median_time_async(timed, repeats)
    return n / wall, n / cpu


async def run(env: Run) -> list[Row]:
    n = env.size(5_000, 1_500)
    prod = await Production.start(env.directory / "dispatch", GROUPS)
    try:
        people = members(GROUPS, PER_GROUP)
        await warm(prod, people)
        before = sum(prod.session.calls.values())
        plain, plain_cpu = await rate(prod, people, n, env.repeats)
        calls = sum(prod.session.calls.values()) - before
        logged, logged_cpu = await _with_production_logging(prod, people, n, env.repeats)
    finally:
        await prod.close()
    assert env.baseline is not None
    features = ",".join(wired_features())
    return [
        Row("dispatch: ordinary messages, production dispatcher", plain, "upd/s", ">= 0.5x baseline",
            plain / env.baseline, plain / env.baseline >= 0.5,
            f"{env.cpu_note(plain_cpu)}; routers: {features}; bot calls while timed: {calls}"),
        Row("dispatch, with INFO logging to /dev/null", logged, "upd/s", "printed", logged / env.baseline,
            note=f"{env.cpu_note(logged_cpu)}; as `delibot run` logs (aiogram: one INFO line per update)"),
    ]


def _devnull_handler() -> logging.Handler:
    handler = logging.StreamHandler(open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    handler.setFormatter(logging.Formatter("%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"))
    return handler


async def _with_production_logging(
    prod: Production, people: list[Member], n: int, repeats: int
) -> tuple[float, float]:
    root, handler = logging.getLogger(), _devnull_handler()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        return await rate(prod, people, n, repeats)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()
