"""The webhook benchmark's load generator, run as its own process so it does not share the
server's core: ``python -m bench.loadgen URL BODIES --concurrency N --timeout S``.

It posts each JSON body of the file BODIES (one per line) once, as Telegram does, with at most N
requests in flight over N kept-alive connections, stops at S seconds whatever is left, and prints
one JSON line: when it started and ended (``time.monotonic``, comparable across processes on this
machine), how many answers were 200, and latency percentiles in milliseconds.

It speaks HTTP/1.1 over plain asyncio streams rather than through an HTTP client library: on
these 2-core machines aiohttp's client spent ~650 µs of CPU per request, more than the server
under test, so it measured itself. Here a request costs a few tens of µs. It understands just
what the webhook answers: a status line, headers, and a ``Content-Length`` body.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


def request_bytes(host: str, port: int, path: str, secret: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status code; the rest of the answer is read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def post_all(url: str, bodies: list[bytes], secret: str, concurrency: int, timeout: float) -> dict:
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path or "/"
    requests = [request_bytes(host, port, path, secret, body) for body in bodies]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    position = iter(range(len(requests)))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for i in position:
                sent = time.perf_counter()
                writer.write(requests[i])
                status = await read_response(reader)
                statuses[status] = statuses.get(status, 0) + 1
                latencies.append(time.perf_counter() - sent)
        finally:
            writer.close()

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
