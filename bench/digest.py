"""The morning digests: ``select_for_officials`` + ``build_digests`` + ``render_digest`` for 1,000
officials over 100,000 proposals, as the digests job does it (texts from the real Fluent catalogue).

Synthetic data shaped like a year of a busy city: 100 departments of 10 officials, two topics
each; proposals spread over 365 days (about 270 a day), on one or two topics; recent ones mostly
open or answered, older ones mostly closed, a tail still open with cards or waiting for the
author's rating. Twenty groups report their day. The figure is the median time of the whole build.
"""

from __future__ import annotations

import random
from datetime import timedelta

from bench.production import START
from bench.report import Row, Run, median_time
from bench.traffic import real_name
from bot.features.digests.render import render_digest
from bot.i18n import Translator
from deliberation.digests import GroupDay, ProposalLine, build_digests, select_for_officials
from deliberation.policy import Department

DEPARTMENTS, PER_DEPARTMENT, GROUPS = 100, 10, 20


def departments() -> list[Department]:
    return [
        Department(f"d{d}", f"部门{d}",
                   tuple(500_000 + d * PER_DEPARTMENT + k for k in range(PER_DEPARTMENT)),
                   (f"话题{2 * d}", f"话题{2 * d + 1}"))
        for d in range(DEPARTMENTS)
    ]


def _state(rnd: random.Random, age: float) -> tuple[str, int, bool]:
    """(state, card, rated) for a proposal ``age`` days old."""
    roll = rnd.random()
    if age < 15:
        return ("submitted" if roll < 0.3 else "accepted" if roll < 0.7 else "answered", 0, roll > 0.9)
    if age < 60:
        if roll < 0.15:
            return "accepted", 1 if age < 20 else 2, False
        return ("answered", 0, roll > 0.3) if roll < 0.40 else ("closed", 0, True)
    if roll < 0.02:
        return "accepted", 3, False
    if roll < 0.07:
        return "answered", 0, False
    return rnd.choice(("closed", "closed", "closed", "rejected", "merged")), 0, True


def proposals(count: int, seed: int = 11) -> list[ProposalLine]:
    rnd = random.Random(seed)
    lines = []
    for number in range(1, count + 1):
        age = rnd.uniform(0, 365)
        dept = rnd.randrange(DEPARTMENTS)
        topics = (f"话题{2 * dept + rnd.randrange(2)}",)
        depts = (f"d{dept}",)
        if rnd.random() < 0.2:
            other = rnd.randrange(DEPARTMENTS)
            topics, depts = (*topics, f"话题{2 * other}"), (*depts, f"d{other}")
        state, card, rated = _state(rnd, age)
        submitted = START - timedelta(days=age)
        lines.append(ProposalLine(
            number, -1001000000000 - number % GROUPS, f"科创中心建言群{number % GROUPS}", topics,
            f"建议设立青年人才公寓，降低租房成本，完善配套服务设施 {number}", *real_name(number).split("-"),
            rnd.randrange(30), f"https://t.me/c/1000000000/{number}", submitted, state, card, depts,
            submitted + timedelta(days=3) if state in ("answered", "closed") else None, rated,
        ))
    return lines


def build(lines: list[ProposalLine], groups: list[GroupDay], depts: list[Department], t: object) -> int:
    inputs = select_for_officials(lines, groups, depts, until=START)
    return sum(len(render_digest(d, t, "Asia/Shanghai")) for d in build_digests(inputs, START))  # type: ignore[arg-type]


async def run(env: Run) -> list[Row]:
    count = env.size(100_000, 20_000)
    lines, depts = proposals(count), departments()
    groups = [GroupDay(-1001000000000 - g, f"科创中心建言群{g}", 500, 120, 3, 1, 2) for g in range(GROUPS)]
    t = Translator().bind("zh")
    seconds = median_time(lambda: build(lines, groups, depts, t), env.repeats)
    parts = build(lines, groups, depts, t)
    officials = DEPARTMENTS * PER_DEPARTMENT
    return [Row(f"digest build: {officials:,} officials, {count:,} proposals", seconds, "s", "< 5 s",
                None, seconds < 5 if not env.quick else None,
                f"{parts:,} message parts rendered; {seconds / officials * 1000:.1f} ms per official")]
