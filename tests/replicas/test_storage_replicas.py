"""Against PostgreSQL and Redis: what several replicas write to one database stays right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_services
from bot.replicas.outbox import release_dead_leases
from bot.replicas.wiring import coordinate
from bot.settings import load_settings
from deliberation.clock import ManualClock
from emulator.harness import write_config

pytestmark = pytest.mark.postgres
GROUP = -100555
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _services(tmp_path: Path, pg_database: str, redis_url: str, prefix: str, name: str):  # type: ignore[no-untyped-def]
    cfg = {"telegram": {"token": "1:x"}, "database": {"url": pg_database},
           "redis": {"url": redis_url, "prefix": prefix, "replicas": 2},
           "groups": [{"chat_id": GROUP, "title": "群", "topics": {"人才": ["人才"]}}]}
    settings = load_settings(write_config(tmp_path / f"{name}.toml", cfg), env={})
    services = build_services(settings, ManualClock(T0))
    return services, coordinate(settings, services)


async def test_activity_written_by_several_replicas_merges_to_the_latest_time(
    tmp_path: Path, pg_database: str, redis_url: str, redis_prefix: str
) -> None:
    a, _ = _services(tmp_path, pg_database, redis_url, redis_prefix, "a")
    b, _ = _services(tmp_path, pg_database, redis_url, redis_prefix, "b")
    async with a.uow.transaction() as uow:
        await uow.chats.upsert_chat(GROUP, title="群", type="supergroup", configured=True, now=T0)
        await uow.chats.ensure_member(GROUP, 7, first_name="王小明-海淀区", last_name=None, is_bot=False,
                                      now=T0)
    # the member spoke at 10:00 on replica a and at 10:05 on replica b; b flushes first
    async with b.uow.transaction() as uow:
        await uow.chats.write_activity({(GROUP, 7): T0 + timedelta(hours=1, minutes=5)}, {}, {})
    async with a.uow.transaction() as uow:
        await uow.chats.write_activity({(GROUP, 7): T0 + timedelta(hours=1)}, {}, {})
    async with a.uow() as uow:
        member = await uow.chats.get_member(GROUP, 7)
    assert member is not None and member.last_active_at == T0 + timedelta(hours=1, minutes=5)
    for services in (a, b):
        assert services.engine is not None
        await services.engine.dispose()


async def test_rows_leased_by_a_replica_that_died_come_back_and_a_live_ones_stay(
    tmp_path: Path, pg_database: str, redis_url: str, redis_prefix: str
) -> None:
    live, c_live = _services(tmp_path, pg_database, redis_url, redis_prefix, "live")
    await c_live.start()  # beats; the other replica's run never did (killed)
    try:
        async with live.uow.transaction() as uow:
            for n in range(4):
                await uow.outbox.enqueue(key=f"digest:{n}", kind="digest", chat_id=1000 + n,
                                         params={"text": "x"}, now=T0)
        async with live.uow.transaction() as uow:
            await uow.outbox.take(T0, lease=timedelta(minutes=10), limit=2, owner="gone-host#deadrun#0")
            await uow.outbox.take(T0, lease=timedelta(minutes=10), limit=2, owner=f"{c_live.member}#0")
        assert await release_dead_leases(live) == 2
        async with live.uow() as uow:
            rows = await uow.outbox.list(kind="digest")
        assert sorted((r.chat_id, r.state) for r in rows) == [
            (1000, "pending"), (1001, "pending"), (1002, "sending"), (1003, "sending")]
    finally:
        await c_live.close()
        assert live.engine is not None
        await live.engine.dispose()
