"""Pruning plans over large rosters: ``deliberation.pruning.plan_pruning`` at 2,000 / 20,000 /
200,000 members (a Telegram supergroup holds up to 200,000).

The mix is a real group's: most members active in the last three weeks, some inactive and not
yet warned, some warned (a few of them long enough ago to be removable), a few exempt (admins,
moderators, officials), with a capacity so the removal quota applies. The figure is the median
time per plan; the ratio is the time per member relative to the smallest roster (1.00x = linear).
Peak memory is measured in a separate pass under tracemalloc (which slows the code down).
"""

from __future__ import annotations

import random
import tracemalloc
from datetime import timedelta

from bench.production import START
from bench.report import Row, Run, median_time
from deliberation.policy import PruningPolicy
from deliberation.pruning import RosterEntry, plan_pruning

SIZES = (2_000, 20_000, 200_000)
QUICK_SIZES = (2_000, 20_000)
POLICY = PruningPolicy(inactive_after=timedelta(days=30), warn_before=timedelta(days=3))


def roster(size: int, seed: int = 7) -> list[RosterEntry]:
    rnd = random.Random(seed)
    day = timedelta(days=1)
    entries = []
    for uid in range(1, size + 1):
        joined = START - rnd.uniform(5, 700) * day
        roll = rnd.random()
        if roll < 0.70:  # active: spoke in the last three weeks
            last, warned = START - rnd.uniform(0, 21) * day, None
        elif roll < 0.85:  # inactive, not yet warned
            last, warned = START - rnd.uniform(27, 300) * day, None
        elif roll < 0.97:  # warned: some recently, some long enough ago to be removed
            last = START - rnd.uniform(27, 300) * day
            warned = START - rnd.uniform(0, 10) * day
        else:  # warned in an earlier spell, then spoke again
            last, warned = START - rnd.uniform(0, 10) * day, START - rnd.uniform(20, 60) * day
        last = max(last, joined)
        entries.append(RosterEntry(uid, joined, last, exempt=rnd.random() < 0.02, warned_at=warned))
    return entries


def _policy(size: int) -> PruningPolicy:
    return PruningPolicy(POLICY.inactive_after, POLICY.warn_before, capacity=size, reserve=size // 100)


def run_sync(env: Run) -> list[Row]:
    rows, per_member = [], None
    for size in QUICK_SIZES if env.quick else SIZES:
        members, policy = roster(size), _policy(size)
        seconds = median_time(lambda m=members, p=policy, s=size: plan_pruning(m, p, START, s), env.repeats)
        plan = plan_pruning(members, policy, START, size)
        tracemalloc.start()
        plan_pruning(members, policy, START, size)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_member = per_member or seconds / size
        rows.append(Row(
            f"roster: plan_pruning, {size:,} members", seconds * 1000, "ms",
            "< 1 s, linear" if size == SIZES[-1] else "linear", seconds / size / per_member,
            (seconds < 1.0 and seconds / size / per_member < 2) if size == SIZES[-1] else None,
            f"peak {peak / 1024:,.0f} KiB; {len(plan.warnings):,} warned, {len(plan.removals):,} removed",
        ))
    return rows


async def run(env: Run) -> list[Row]:
    return run_sync(env)
