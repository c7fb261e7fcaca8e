"""The same ordinary messages posted over HTTP to the webhook server, as Telegram delivers them.

The server is wired as ``delibot run`` wires it in webhook mode (``bot.http.build_http_app`` and
``add_webhook``: aiogram's SimpleRequestHandler, which answers at once and handles the update in
a background task) on 127.0.0.1; the load generator (``bench.loadgen``) runs in a subprocess with
``CONCURRENCY`` connections. An update counts when its handling has finished, so the figure is
updates handled per second by this one process, JSON parsing included; latency is the HTTP
answer's, as Telegram sees it.

Time is real here (an accelerated ``OffsetClock``): the server must keep running between posts.

The same load is also posted to a bare aiogram webhook (``SimpleRequestHandler`` in front of a
Dispatcher with one no-op handler) in this process, so the figure can be read against what aiogram
itself costs behind HTTP on this machine: the ratio column of the webhook row is to that.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bench.dispatch import GROUPS, PER_GROUP, warm
from bench.production import START, TOKEN, FakeSession, Production
from bench.report import Row, Run
from bench.traffic import chatter, group_message_json, members
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


async def _noop(message: Message) -> None:
    return None


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}{PATH}"


async def bare_webhook_rate(n: int, repeats: int, scratch: Path) -> float:
    """Updates handled per second by aiogram's own webhook handler and a no-op Dispatcher."""
    bot, dp = Bot(TOKEN, session=FakeSession()), Dispatcher()
    dp.message.register(_noop)
    app = web.Application()
    handler = SimpleRequestHandler(dp, bot, secret_token=SECRET)
    handler.register(app, path=PATH)
    runner, url = await _serve(app)
    people, ids = members(GROUPS, PER_GROUP), iter(range(1, 10**9))
    rates = []
    try:
        for i in range(-1, repeats):
            bodies = [json.dumps(group_message_json(next(ids), next(ids), m.chat_id, m.user_id, m.name, text,
                                                    1_790_000_000), ensure_ascii=False).encode()
                      for m, text in chatter(people, n, start=i * 7)]
            result = await _load(url, bodies, scratch)
            await asyncio.gather(*list(handler._background_feed_update_tasks))
            if i >= 0:
                rates.append(result["ok"] / (time.monotonic() - result["start"]))
    finally:
        await runner.cleanup()
        await bot.session.close()
    return statistics.median(rates)


async def run(env: Run) -> list[Row]:
    n = env.size(5_000, 1_500)
    scratch = env.directory / "webhook"
    scratch.mkdir(parents=True, exist_ok=True)
    bare = await bare_webhook_rate(n, env.repeats, scratch)
    prod = await Production.start(scratch, GROUPS, clock=OffsetClock(START, speed=SPEED))
    app = build_http_app(prod.services)
    add_webhook(app, prod.dp, prod.bot, PATH, SECRET)
    runner, url = await _serve(app)
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
    return [
        Row("webhook: bare aiogram, SimpleRequestHandler + 1 no-op handler", bare, "upd/s", "printed", 1.0,
            note="the 1.00x of the webhook row: aiogram's own cost behind HTTP, same load generator"),
        Row("webhook: ordinary messages over HTTP, handled", rate, "upd/s", ">= 2,000 upd/s", rate / bare,
            rate >= 2_000, f"{CONCURRENCY} connections, {n} posts per run; ratio to the bare webhook above; "
            + "; ".join(sorted(notes))),
        Row("webhook: HTTP answer latency p99", p99, "ms", "printed",
            note=f"p50 {statistics.median(p50s):.1f} ms"),
    ]
