"""Three real ``delibot run`` replicas in webhook mode behind a splitter, on one PostgreSQL and one
Redis, against the emulator: groups chat and propose, an official answers, a day of cards and a
digest to 50 officials go out; one replica is killed -9 in the middle of an update, another in the
middle of the digest delivery. Nothing is lost, doubled or handled twice at once, and together
they stay within Telegram's limits."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from emulator import Emulator
from emulator.harness import TOKEN
from emulator.replicas import Call, Outbound, Replica, Splitter, chat_turns, overlapping
from storage.models import OutboxMessage, Proposal
from tests.replicas.conftest import table_rows

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(400)]

GROUPS = (-1001000000001, -1001000000002, -1001000000003)
TOPICS = ("人才", "创新", "交通", "教育", "环境")
OFFICIALS = [[300000 + d * 100 + n for n in range(10)] for d in range(len(TOPICS))]  # 5 x 10 = 50
ALL_OFFICIALS = {uid for department in OFFICIALS for uid in department}
ANSWERING = OFFICIALS[0][0]  # answers in a private chat; the other 49 only receive
MODERATOR = 111111
SECRET = "replica-secret"
SETTLED = ("sent", "failed")  # an outbox row's final states; "sending" is leased, not done


def early_morning() -> str:
    """A time zone where it is now about 2 a.m.: the digest at 23:00 is far ahead, the one at
    00:00 is due (a day passed)."""
    offset = (2 - datetime.now(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-8 is UTC+8


def _config(pg: str, redis_url: str, prefix: str, splitter: Splitter) -> dict[str, Any]:
    zone = early_morning()
    today = datetime.now(ZoneInfo(zone)).weekday()
    # the ranking day is tomorrow, so no weekly ranking is due (on a Sunday it is: Monday of this week
    # has passed, and the ranking goes out too; what is checked holds either way)
    quiet_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(today + 1) % 7]
    return {
        "telegram": {"token": TOKEN, "mode": "webhook"},
        "webhook": {"public_url": f"{splitter.url}/tg", "secret_token": SECRET},
        "database": {"url": pg},
        "redis": {"url": redis_url, "prefix": prefix, "replicas": 3},
        "locale": {"default": "zh", "timezone": zone},
        "moderation": {"moderators": [MODERATOR]},
        "handling": {"reply_due": "2s", "yellow_after": "2s", "red_after": "4s", "urge_after": "1h"},
        "digest": {"at": "23:00", "weekly_ranking": quiet_day},
        "groups": [{"chat_id": g, "title": f"建言群{n}", "topics": {t: [t] for t in TOPICS}}
                   for n, g in enumerate(GROUPS, 1)],
        "departments": [{"id": f"d{d}", "name": f"{t}办", "officials": OFFICIALS[d], "topics": [t]}
                        for d, t in enumerate(TOPICS)],
    }


async def _until(check: Any, timeout: float, what: str) -> None:
    for _ in range(int(timeout * 10)):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {timeout}s: {what}")


async def test_three_webhook_replicas_lose_double_and_interleave_nothing(
    tmp_path: Path, fresh_pg: str, redis_url: str, redis_prefix: str
) -> None:
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        splitter = Splitter()
        await splitter.start()
        for n, g in enumerate(GROUPS, 1):
            emu.create_group(chat_id=g, title=f"建言群{n}")
        emu.presume_people([*ALL_OFFICIALS, MODERATOR])
        emu.add_user("李主任-人才办", user_id=ANSWERING, started=True)
        cfg = _config(fresh_pg, redis_url, redis_prefix, splitter)
        replicas: list[Replica] = []
        outbounds: list[Outbound] = []
        try:
            for name in ("r0", "r1", "r2"):
                outbound = Outbound(emu.base_url)
                await outbound.start()
                outbounds.append(outbound)
                replicas.append(Replica(name, tmp_path, cfg, outbound))
            await asyncio.gather(*(r.start() for r in replicas))
            splitter.backends = [r.webhook for r in replicas]

            # r2 dies in the middle of an update: its first proposal acknowledgement never leaves it
            outbounds[2].kill_on = lambda call: call.method == "sendMessage" and "编号" in call.text

            members = {g: [emu.add_user(f"成员{n}-第{k}社区") for n in range(4)]
                       for k, g in enumerate(GROUPS)}
            for g, uids in members.items():
                for uid in uids:
                    emu.join(g, uid)
            for round_ in range(3):
                for g, uids in members.items():
                    for uid in uids:
                        emu.post(g, uid, f"大家好，第{round_}轮讨论，我是{uid}")
            proposals = 0
            for k, (g, uids) in enumerate(members.items()):
                for p in range(2):
                    topic = TOPICS[(2 * k + p) % len(TOPICS)]
                    emu.post(g, uids[p], f"#{topic} 建议第{k}群第{p}项：增加社区服务中心的开放时间和人手")
                    proposals += 1
            await asyncio.wait_for(outbounds[2].killed.wait(), 60)
            await emu.wait_for(lambda e: e.pending_updates == 0, timeout=90)

            async def all_acknowledged() -> bool:
                rows = await table_rows(fresh_pg, Proposal.__table__)
                return len(rows) == proposals and all(r.ack_message_id for r in rows)

            await _until(all_acknowledged, 90, "every proposal acknowledged")
            emu.private(ANSWERING, "/answer 1 已纳入明年计划，首批五百套")
            await emu.wait_for(lambda e: any("已纳入明年计划" in m.text for g in GROUPS for m in e.sent(g)),
                               timeout=60)

            # a day later (the cards are due): a rolling restart onto the digest hour, and r1'
            # dies -9 in the middle of the digest delivery, on the tenth send to an official
            sends = itertools.count(1)

            def tenth_send_to_an_official(call: Call) -> bool:
                return call.method == "sendMessage" and call.chat_id in ALL_OFFICIALS and next(sends) == 10

            for replica in replicas[:2]:
                assert await replica.stop() == 0
            for outbound in outbounds[:2]:
                outbound.kill_on = tenth_send_to_an_official
            digest_day = {**cfg["digest"], "at": "00:00"}
            await asyncio.gather(*(r.start(digest=digest_day) for r in replicas[:2]))
            await asyncio.wait_for(asyncio.shield(_either_killed(outbounds[:2])), 60)

            async def all_settled() -> bool:
                rows = await table_rows(fresh_pg, OutboxMessage.__table__)
                return any(r.kind == "digest" for r in rows) and all(r.state in SETTLED for r in rows)

            try:
                await _until(all_settled, 120, "every outbox row settled after the kill")
            except AssertionError as error:
                open_rows = [(r.kind, r.state, r.chat_id, r.last_error, r.key, r.due_at, r.leased_by)
                             for r in await table_rows(fresh_pg, OutboxMessage.__table__)
                             if r.state not in SETTLED]
                raise AssertionError(f"{error}; still open: {open_rows}") from None
            await emu.wait_idle(quiet=1.0, timeout=30)
        finally:
            for replica in replicas:
                await replica.stop()
            for outbound in outbounds:
                await outbound.close()
            await splitter.close()

        rows = await table_rows(fresh_pg, OutboxMessage.__table__)
        numbers = sorted(r.number for r in await table_rows(fresh_pg, Proposal.__table__))
        assert numbers == list(range(1, proposals + 1))  # numbered once each, no gap
        for g in GROUPS:
            acks = [m for m in emu.sent(g) if "编号" in m.text]
            assert len(acks) == len({m.reply_to for m in acks}) == 2  # one acknowledgement each
        # sent, or refused by Telegram only because a member never pressed Start (the proposal's
        # author, told privately that it was answered): nothing failed for the replicas' sake
        members_ids = {uid for uids in members.values() for uid in uids}
        failed = [(r.key, r.chat_id, r.last_error) for r in rows if r.state != "sent"]
        assert all(chat in members_ids and "can't initiate" in (error or "")
                   for _, chat, error in failed), failed
        digests = [r for r in rows if r.kind == "digest"]
        assert sorted(r.chat_id for r in digests) == sorted(ALL_OFFICIALS)  # a digest to each of 50
        cards = [r for r in rows if r.key.startswith("handling:card:")]
        assert cards, "the day's cards went out"
        for uid in ALL_OFFICIALS - {ANSWERING}:  # what reached each official is what was decided
            assert len(emu.sent(uid)) == sum(1 for r in rows if r.chat_id == uid), uid
        assert emu.stats.too_many_requests == 0  # together within Telegram's limits
        turns = chat_turns(replicas)
        assert {name for *_, name in turns} >= {"r0", "r1", "r2"}  # each replica handled updates
        assert overlapping(turns) == []  # no two updates of one chat handled at the same time


async def _either_killed(outbounds: list[Outbound]) -> None:
    waits = [asyncio.ensure_future(o.killed.wait()) for o in outbounds]
    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for w in waits:
        w.cancel()
