"""The same ordinary messages posted over HTTP to the webhook server, as Telegram delivers them.

The server is wired as ``delibot run`` wires it in webhook mode (``bot.http.build_http_app`` and
``add_webhook``: aiogram's SimpleRequestHandler, which answers at once and handles the update in
a background task) on 127.0.0.1; the load generator (``bench.loadgen``) runs in a subprocess with
``CONCURRENCY`` connections. An update counts when its handling has finished, so the figure is
updates handled per second by this one process, JSON parsing included; latency is the HTTP
answer's, as Telegram sees it.

Time is real here (an accelerated ``OffsetClock``): the server must keep running between posts.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bench.dispatch import GROUPS, PER_GROUP, warm
from bench.production import START, Production
from bench.report import Row, Run
from bench.traffic import chatter, members
from bot.http import add_webhook, build_http_app
from deliberation.clock import OffsetClock

CONCURRENCY = 40  # Telegram's default max_connections for a webhook
SECRET = "bench-secret"
PATH = "/webhook"
TIMEOUT = 120.0  # seconds one load run may take at most
SPEED = 600.0  # simulated seconds per real second: members post minutes apart, as people do


def _handler(app: web.Application) -> SimpleRequestHandler:
    for route in app.router.routes():
        owner = getattr(route.handler, "__self__", None)
        if isinstance(owner, SimpleRequestHandler):
            return owner
    raise LookupError("no webhook route")


async def _load(url: str, bodies: list[bytes], scratch: Path) -> dict[str, Any]:
    file = scratch / "bodies.jsonl"
    file.write_bytes(b"\n".join(bodies))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.loadgen", url, str(file), "--secret", SECRET,
        "--concurrency", str(CONCURRENCY), "--timeout", str(TIMEOUT),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"load generator failed: {err.decode()[-500:]}")
    return json.loads(out)


async def run(env: Run) -> list[Row]:
    n = env.size(5_000, 1_500)
    scratch = env.directory / "webhook"
    prod = await Production.start(scratch, GROUPS, clock=OffsetClock(START, speed=SPEED))
    app = build_http_app(prod.services)
    add_webhook(app, prod.dp, prod.bot, PATH, SECRET)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}{PATH}"
    handler = _handler(app)
    rates, p50s, p99s, notes = [], [], [], set()
    try:
        people = members(GROUPS, PER_GROUP)
        await warm(prod, people)
        for i in range(-1, env.repeats):
            result = await _load(url, prod.bodies(chatter(people, n, start=i * 7)), scratch)
            await asyncio.gather(*list(handler._background_feed_update_tasks))
            await prod.services.in_flight.idle.wait()
            done = time.monotonic()
            if result["ok"] != n or result["timed_out"]:
                notes.add(f"only {result['ok']}/{n} answered 200: {result['statuses']} {result['errors']}")
            if i >= 0:
                rates.append(result["ok"] / (done - result["start"]))
                p50s.append(result["p50_ms"])
                p99s.append(result["p99_ms"])
    finally:
        await runner.cleanup()
        await prod.close()
    rate, p99 = statistics.median(rates), statistics.median(p99s)
    ratio = rate / env.baseline if env.baseline else None
    return [
        Row("webhook: ordinary messages over HTTP, handled", rate, "upd/s", ">= 2,000 upd/s", ratio,
            rate >= 2_000, f"{CONCURRENCY} connections, {n} posts per run; " + "; ".join(sorted(notes))),
        Row("webhook: HTTP answer latency p99", p99, "ms", "printed",
            note=f"p50 {statistics.median(p50s):.1f} ms"),
    ]
