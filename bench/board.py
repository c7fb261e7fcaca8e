"""The public board with 100,000 proposals: each page's 95th-percentile time over loopback HTTP,
and the dispatch rate while a visitor keeps reading the board.

The proposals (with departments, supports, cards and handling events, shaped like a year of a busy
city) are written straight into a real SQLite file, then ``delibot run``'s Runtime serves the
board from it. Requests are sequential (one visitor), so the figure is the page's own time.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import insert

from bench.dispatch import GROUPS, PER_GROUP, warm
from bench.production import START, Production, config, group_id
from bench.report import Row, Run
from bench.traffic import Member, chatter, members
from storage.models import Card, Proposal, ProposalDepartment, ProposalEvent, Support

TARGET_MS = 50.0
PAGES = (
    ("list, first page", "/proposals"),
    ("list, page 2,000", "/proposals?page=2000"),
    ("list by state", "/proposals?state=answered"),
    ("list by topic", "/proposals?topic=%E4%BA%BA%E6%89%8D"),
    ("list by department", "/proposals?department=innovation"),
    ("list by card", "/proposals?card=2"),
    ("search", "/proposals?q=%E5%85%AC%E5%AF%93"),
    ("a proposal", "/proposals/{middle}"),
    ("ranking, month", "/ranking?period=month"),
    ("a department", "/departments/talent"),
)


def rows_for(count: int, seed: int = 17) -> dict[str, list[dict[str, Any]]]:
    rnd = random.Random(seed)
    proposals, departments, supports, cards, events = [], [], [], [], []
    words = ("公寓", "公交", "实验室", "驿站", "补贴", "停车", "学校", "社区", "夜市", "路灯")
    for number in range(1, count + 1):
        at = START - timedelta(days=rnd.uniform(0, 365))
        topic, dept = rnd.choice((("人才", "talent"), ("创新", "innovation"), ("转型", "innovation")))
        state = rnd.choice(("submitted", "accepted", "answered", "answered", "closed", "closed", "rejected"))
        answered = at + timedelta(days=rnd.uniform(0.1, 20)) if state in ("answered", "closed") else None
        card = rnd.choice((0, 0, 0, 1, 2, 3)) if state in ("submitted", "accepted") else 0
        proposals.append({
            "number": number, "chat_id": group_id(number % 3), "message_id": number,
            "author_id": 700_000 + number,
            "author_name": f"成员{number}", "author_unit": rnd.choice(("海淀区", "上地街道", "中关村街道")),
            "text": f"#{topic} 建议{rnd.choice(words)}第 {number} 号：" + "改善服务，方便群众办事。" * 3,
            "topics": [topic], "dup_key": f"k{number}", "link": None, "created_at": at, "updated_at": at,
            "state": state, "answered_at": answered, "answer_text": "已答复。" if answered else None,
            "rating": rnd.choice((None, "satisfied", "basic", "unsatisfied")) if answered else None,
            "card_level": card, "on_time": (answered - at <= timedelta(days=5)) if answered else None,
        })
        departments.append({"number": number, "department_id": dept, "assigned_at": at})
        supports += [{"number": number, "user_id": 800_000 + k, "at": at} for k in range(rnd.randrange(4))]
        cards += [{"number": number, "level": level, "issued_at": at, "age_seconds": 0}
                  for level in range(1, card + 1)]
        events.append({"number": number, "at": at, "actor_id": None, "action": "assign",
                       "from_state": "submitted", "to_state": "submitted", "department_id": dept,
                       "detail": None, "data": {}})
        if answered:
            events.append({"number": number, "at": answered, "actor_id": 222222, "action": "answer",
                           "from_state": "accepted", "to_state": "answered", "department_id": dept,
                           "detail": "已答复。", "data": {}})
    return {"proposals": proposals, "departments": departments, "supports": supports, "cards": cards,
            "events": events}


async def seed(prod: Production, count: int) -> None:
    data = rows_for(count)
    engine = prod.services.engine
    assert engine is not None
    async with engine.begin() as conn:
        tables = ((Proposal, "proposals"), (ProposalDepartment, "departments"), (Support, "supports"),
                  (Card, "cards"), (ProposalEvent, "events"))
        for model, key in tables:
            rows = data[key]
            for start in range(0, len(rows), 5_000):
                await conn.execute(insert(model), rows[start:start + 5_000])


async def page_times(url: str, path: str, n: int) -> list[float]:
    times = []
    async with aiohttp.ClientSession() as http:
        for i in range(n + 3):
            started = time.perf_counter()
            async with http.get(url + path) as response:
                await response.read()
                assert response.status == 200, (path, response.status)
            if i >= 3:  # the first few warm the caches
                times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


async def reader(url: str, stop: asyncio.Event, every: float) -> int:
    """A visitor paging through the board while the bot handles updates; returns pages read."""
    read = 0
    async with aiohttp.ClientSession() as http:
        while not stop.is_set():
            path = PAGES[read % len(PAGES)][1].replace("{middle}", "1")
            async with http.get(url + path) as response:
                await response.read()
            read += 1
            await asyncio.sleep(every)
    return read


async def polled_rate(prod: Production, people: list[Member], n: int, repeats: int) -> float:
    """Updates per second as polling feeds them: the loop gets a turn between updates (a long
    poll awaits the network), so the board's requests are served in between, as in production."""
    rates = []
    for i in range(repeats):
        updates = prod.batch(chatter(people, n, start=i * 11))
        started = time.perf_counter()
        for update in updates:
            await prod.dp.feed_update(prod.bot, update)
            await asyncio.sleep(0)
        await prod.services.in_flight.idle.wait()
        rates.append(n / (time.perf_counter() - started))
    return statistics.median(rates)


async def run(env: Run) -> list[Row]:
    count, n = env.size(100_000, 10_000), env.size(60, 20)
    directory: Path = env.directory / "board"
    port = 18_000 + random.randrange(1_000)
    cfg = config(directory, GROUPS, web={"enabled": True, "listen": f"127.0.0.1:{port}"})
    prod = await Production.start(directory, GROUPS, cfg)
    results: list[Row] = []
    try:
        await seed(prod, count)
        url = await prod.runtime.start_web()
        for name, path in PAGES:
            times = await page_times(url, path.replace("{middle}", str(count // 2)), n)
            value = p95(times)
            note = f"{count:,} proposals; median {statistics.median(times):.1f} ms"
            results.append(Row(f"board p95: {name}", value, "ms", f"< {TARGET_MS:.0f} ms", None,
                               value < TARGET_MS, note))
        people = members(GROUPS, PER_GROUP)
        await warm(prod, people)
        updates = env.size(30_000, 5_000)  # a few seconds each, so the visitor reads many pages
        alone = await polled_rate(prod, people, updates, env.repeats)
        stop = asyncio.Event()
        visitor = asyncio.create_task(reader(url, stop, every=0.05))
        loaded = await polled_rate(prod, people, updates, env.repeats)
        stop.set()
        pages = await visitor
    finally:
        await prod.close()
    results.append(Row("dispatch while a visitor reads the board", loaded, "upd/s", "printed", loaded / alone,
                       note=f"{alone:,.0f} upd/s without the visitor (ratio is to that); {pages} pages read "
                            f"(one every 50 ms at most)"))
    return results
