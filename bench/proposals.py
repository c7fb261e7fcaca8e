"""Proposals end to end: ``#人才 建议设立青年人才公寓，降低租房成本 <n>`` through the production
dispatcher, each recognised, stored in SQLite, numbered and acknowledged (a reply through the fake
session). Distinct texts, so none is refused as a duplicate; members of a warm roster, posting
minutes apart on the manual clock. The figure is proposals per second; the note checks that each
was stored and acknowledged.
"""

from __future__ import annotations

from sqlalchemy import text

from bench.dispatch import GROUPS, PER_GROUP, warm
from bench.production import Production, wired_features
from bench.report import Row, Run, Stopwatch, median_time_async
from bench.traffic import Member, members

TEXT = "#人才 建议设立青年人才公寓，降低租房成本 {n}"


def proposals(people: list[Member], count: int, start: int) -> list[tuple[Member, str]]:
    return [(people[(start + k) % len(people)], TEXT.format(n=start + k)) for k in range(count)]


async def _stored(prod: Production) -> int:
    async with prod.services.uow() as uow:
        return (await uow.session.execute(text("SELECT count(*) FROM proposals"))).scalar_one()


async def run(env: Run) -> list[Row]:
    figure = "proposals: recognised, stored, acknowledged"
    if "proposals" not in wired_features():
        return [Row(figure, None, "prop/s", ">= 500/s", note="not wired yet (no proposals feature)")]
    n = env.size(2_000, 500)
    prod = await Production.start(env.directory / "proposals", GROUPS)
    try:
        people = members(GROUPS, PER_GROUP)
        await warm(prod, people)
        sends, stored, offset = prod.session.group_sends, await _stored(prod), 0

        async def timed(_: int) -> Stopwatch:
            nonlocal offset
            updates = prod.batch(proposals(people, n, offset))
            offset += n
            with Stopwatch() as watch:
                await prod.feed(updates)
            return watch

        wall, cpu = await median_time_async(timed, env.repeats)
        rate = n / wall
        acks = prod.session.group_sends - sends
        saved = await _stored(prod) - stored
    finally:
        await prod.close()
    fed = n * (env.repeats + 1)
    ratio = rate / env.baseline if env.baseline else None
    return [Row(figure, rate, "prop/s", ">= 500/s", ratio, rate >= 500,
                f"{env.cpu_note(n / cpu)}, SQLite thread included; of {fed} posted: {saved} stored, "
                f"{acks} acknowledged in the group")]
