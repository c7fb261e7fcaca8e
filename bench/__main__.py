"""``python -m bench [NAME ...] [--quick] [--repeats N]``: run benchmarks and print one table.

Without names every benchmark runs, in the order below. Figures are medians of ``--repeats``
timed runs after a warm-up; the machine's load shows in them, so compare figures from one run
(the ratio column does exactly that against the bare aiogram dispatcher measured alongside).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import tempfile
import time
from pathlib import Path

from bench import baseline
from bench.report import Row, Run, render

BENCHMARKS = ("dispatch", "webhook", "proposals", "pacing", "roster", "digest", "memory", "checks", "board",
              "replicas")
NEEDS_BASELINE = {"dispatch", "webhook", "proposals"}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {' '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats per figure (median)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {' '.join(BENCHMARKS)}")
    return args


async def main(argv: list[str]) -> int:
    args = parse(argv)
    names = [n for n in BENCHMARKS if not args.names or n in args.names]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="delibot-bench-") as scratch:
        env = Run(quick=args.quick, directory=Path(scratch), repeats=max(1, args.repeats))
        if NEEDS_BASELINE & set(names):
            env.baseline, env.baseline_cpu = await baseline.bare_dispatcher_rate(env)
            rows.append(baseline.row(env))
        for name in names:
            started = time.perf_counter()
            print(f"running {name} ...", file=sys.stderr, flush=True)
            module = importlib.import_module(f"bench.{name}")
            rows += await module.run(env)
            print(f"  {name} took {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
