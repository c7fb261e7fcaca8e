"""Resident memory of a bot that knows 1,000 groups of 200 members each.

Run in a fresh process (``python -m bench.memory GROUPS PER_GROUP DIR``) so that nothing the other
benchmarks allocated counts: the production dispatcher is built on a generated configuration of
GROUPS groups, every member posts one ordinary message (each is seen for the first time, so the
roster, the activity buffer and every feature's per-group caches fill as in production), pending
activity is flushed, and the resident set size is read (psutil). The figure is RSS at the end;
the note gives RSS right after start-up, before any message.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from pathlib import Path

import psutil

from bench.production import Production, config
from bench.report import Row, Run
from bench.traffic import chatter, members

BATCH = 2_000  # updates built at a time, so the prebuilt updates do not count as the bot's memory


def rss_mib() -> float:
    return psutil.Process().memory_info().rss / 2**20


async def measure(groups: int, per_group: int, directory: Path) -> dict[str, float]:
    prod = await Production.start(directory, cfg=config(directory, groups))
    try:
        gc.collect()
        started = rss_mib()
        people = members(groups, per_group)
        begin = time.perf_counter()
        for at in range(0, len(people), BATCH):
            chunk = people[at : at + BATCH]
            await prod.feed(prod.batch(chatter(chunk, len(chunk))))
        task = prod.services.flush_task
        if task is not None:
            await task
        seconds = time.perf_counter() - begin
        del people, chunk
        gc.collect()
        return {"start_mib": started, "end_mib": rss_mib(), "seconds": seconds,
                "roster": len(prod.services.roster)}
    finally:
        await prod.close()


async def run(env: Run) -> list[Row]:
    groups, per_group = env.size(1_000, 100), 200
    directory = env.directory / "memory"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.memory", str(groups), str(per_group), str(directory),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"memory benchmark failed: {err.decode()[-800:]}")
    found = json.loads(out)
    end = found["end_mib"]
    return [Row(f"memory: RSS after {groups:,} groups x {per_group} members posted", end, "MiB",
                "< 300 MB" if not env.quick else "printed", None,
                end * 2**20 < 300e6 if not env.quick else None,
                f"RSS after start-up {found['start_mib']:.0f} MiB; {found['roster']:,} in the roster; "
                f"first sight of all took {found['seconds']:.0f}s "
                f"({groups * per_group / found['seconds']:.0f} new members/s)")]


if __name__ == "__main__":
    result = asyncio.run(measure(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])))
    print(json.dumps(result))
