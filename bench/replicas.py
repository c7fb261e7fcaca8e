"""Updates handled per second by one, two and three real ``delibot run`` replicas in webhook mode,
on one PostgreSQL and one Redis (both on 127.0.0.1), as ordinary group messages.

The load generator (``bench.loadgen``) posts the same chatter as the webhook benchmark, split
round robin over the replicas (what a load balancer does), with Telegram's 40 connections in all;
the replicas answer once an update is handled, so an answer is a handled update. Every update
costs each replica a few Redis round trips (its claim, the chat's lock, done). On these 2-core
machines the replicas share the cores with PostgreSQL, Redis and the load generator, so little
gain is expected: the figures are what this machine measured. Needs ``DELIBOT_BENCH_PG`` (an
admin URL, default ``postgresql://postgres@127.0.0.1:5432/postgres``) and ``DELIBOT_BENCH_REDIS``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

import aiohttp

from bench.dispatch import GROUPS, PER_GROUP
from bench.report import Row, Run
from bench.traffic import chatter, group_id, group_message_json, members
from emulator import Emulator
from emulator.harness import TOKEN
from emulator.replicas import Outbound, Replica
from storage.migrate import upgrade

ADMIN = os.environ.get("DELIBOT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("DELIBOT_BENCH_REDIS", "redis://127.0.0.1:6379/0")
CONNECTIONS = 40
SECRET = "bench-secret"


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(ADMIN, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _load(urls: list[str], shards: list[list[bytes]], scratch: Path) -> list[dict[str, Any]]:
    async def one(url: str, bodies: list[bytes], n: int) -> dict[str, Any]:
        file = scratch / f"bodies-{n}.jsonl"
        file.write_bytes(b"\n".join(bodies))
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.loadgen", url, str(file), "--secret", SECRET,
            "--concurrency", str(max(1, CONNECTIONS // len(urls))), "--timeout", "300",
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"load generator failed: {err.decode()[-500:]}")
        return json.loads(out)

    pairs = enumerate(zip(urls, shards, strict=True))
    return list(await asyncio.gather(*(one(u, b, n) for n, (u, b) in pairs)))


async def _healthy(replica: Replica) -> None:
    """Serving once /healthz answers (the ready line is not logged at WARNING)."""
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            try:
                async with http.get(f"http://127.0.0.1:{replica.port}/healthz") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{replica.name} did not start:\n{replica.log_text()[-2000:]}")


def _bodies(people: list[Any], n: int, start: int, ids: Any) -> list[bytes]:
    return [json.dumps(group_message_json(next(ids), next(ids), m.chat_id, m.user_id, m.name, text,
                                          1_790_000_000), ensure_ascii=False).encode()
            for m, text in chatter(people, n, start=start)]


async def measure(count: int, n: int, scratch: Path) -> tuple[float, str]:
    """Updates per second handled by ``count`` replicas together, and a note."""
    database = f"delibot_bench_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{database}"')
    url = ADMIN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{database}"
    await asyncio.to_thread(upgrade, url)
    prefix = f"delibot_bench_{uuid.uuid4().hex[:10]}"
    replicas: list[Replica] = []
    try:
        async with Emulator(token=TOKEN, bot_id=123456, rate_limits=False) as emu:
            for g in range(GROUPS):
                emu.create_group(chat_id=group_id(g), title=f"群{g}")
            cfg = {
                "telegram": {"token": TOKEN, "mode": "webhook"},
                "webhook": {"public_url": "http://127.0.0.1:1/tg", "secret_token": SECRET},
                "database": {"url": url},
                "redis": {"url": REDIS, "prefix": prefix, "replicas": max(count, 1)},
                "groups": [{"chat_id": group_id(g), "title": f"群{g}", "topics": {"人才": ["人才"]}}
                           for g in range(GROUPS)],
            }
            for r in range(count):
                outbound = Outbound(emu.base_url)
                await outbound.start()
                replicas.append(Replica(f"bench{r}", scratch, cfg, outbound))
            await asyncio.gather(*(r.start(log_level="WARNING", ready="") for r in replicas))
            await asyncio.gather(*(_healthy(r) for r in replicas))
            people, ids = members(GROUPS, PER_GROUP), iter(range(1, 10**9))
            urls = [r.webhook for r in replicas]
            warm = _bodies(people, len(people), 0, ids)  # every member once: rosters loaded
            await _load(urls, [warm[i::count] for i in range(count)], scratch)
            bodies = _bodies(people, n, 7, ids)
            results = await _load(urls, [bodies[i::count] for i in range(count)], scratch)
    finally:
        for r in replicas:
            await r.stop()
            await r.outbound.close()
        await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    ok = sum(r["ok"] for r in results)
    span = max(r["end"] for r in results) - min(r["start"] for r in results)
    p99 = max(r["p99_ms"] for r in results)
    return ok / span, f"{ok}/{n} answered 200 after handling; p99 {p99:.0f} ms"


async def run(env: Run) -> list[Row]:
    n = env.size(4_000, 1_000)
    scratch = env.directory / "replicas"
    scratch.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in (1, 2, 3):
        rate, note = await measure(count, n, scratch)
        rows.append(Row(f"replicas: {count} x delibot run (webhook, PostgreSQL, Redis)", rate, "upd/s",
                        "printed", note=note))
    return rows
