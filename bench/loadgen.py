"""The webhook benchmark's load generator, run as its own process so it does not share the
server's core: ``python -m bench.loadgen URL BODIES --concurrency N --timeout S``.

It posts each JSON body of the file BODIES (one per line) once, as Telegram does, with at most N
requests in flight over N kept-alive connections, stops at S seconds whatever is left, and prints
one JSON line: when it started and ended (``time.monotonic``, comparable across processes on this
machine), how many answers were 200, and latency percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import aiohttp


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


async def post_all(url: str, bodies: list[bytes], secret: str, concurrency: int, timeout: float) -> dict:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    position = iter(range(len(bodies)))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for i in position:
                sent = time.perf_counter()
                async with session.post(url, data=bodies[i], headers=headers) as response:
                    await response.read()
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                latencies.append(time.perf_counter() - sent)

        start = time.monotonic()
        workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
        done, pending = await asyncio.wait(workers, timeout=timeout)
        for task in pending:
            task.cancel()
        end = time.monotonic()
        errors = [repr(t.exception()) for t in done if t.exception() is not None]
    latencies.sort()
    return {
        "start": start, "end": end, "ok": statuses.get(200, 0), "statuses": statuses,
        "timed_out": bool(pending), "errors": errors[:3],
        "p50_ms": percentile(latencies, 50) * 1000, "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": (latencies[-1] if latencies else float("nan")) * 1000,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen")
    parser.add_argument("url")
    parser.add_argument("bodies", type=Path)
    parser.add_argument("--secret", default="")
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    bodies = args.bodies.read_bytes().splitlines()
    result = asyncio.run(post_all(args.url, bodies, args.secret, args.concurrency, args.timeout))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
