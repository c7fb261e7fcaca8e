"""The flood rule with several replicas: one member's burst, whichever replicas its messages land
on, is counted in one window in Redis, so the ninth message within ten seconds mutes, once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_services
from bot.features.moderation.state import moderation_state
from bot.replicas.coordination import Coordination, connect
from bot.replicas.flood import RedisFlood
from bot.replicas.wiring import coordinate
from bot.settings import load_settings
from deliberation.clock import ManualClock
from deliberation.moderation import FloodDetector
from deliberation.policy import FloodPolicy
from emulator.harness import write_config

GROUP, OTHER_GROUP = -100888, -100889
MEMBER, OTHER_MEMBER = 7, 8
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
EIGHT_IN_TEN = FloodPolicy(messages=8, per=timedelta(seconds=10))

MakeReplica = Callable[..., RedisFlood]


def _counter(c: Coordination, policy: FloodPolicy) -> RedisFlood:
    return RedisFlood(c, lambda chat_id: policy, FloodDetector(lambda chat_id: policy))


@pytest.fixture
async def replica(redis_url: str, redis_prefix: str) -> AsyncIterator[MakeReplica]:
    """A replica's flood counter, as ``coordinate`` wires it (its own windows as the fallback)."""
    made: list[Coordination] = []

    def make(name: str, policy: FloodPolicy = EIGHT_IN_TEN) -> RedisFlood:
        c = connect(redis_url, redis_prefix, f"host#{name}")
        made.append(c)
        return _counter(c, policy)

    yield make
    for c in made:
        await c.close()


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


async def test_a_burst_split_between_two_replicas_mutes_on_the_ninth_message_and_only_once(
    replica: MakeReplica,
) -> None:
    a, b = replica("a"), replica("b")
    # one message a second, every other one to each replica: neither alone saw more than six
    hits = [await (a if n % 2 else b).hit(GROUP, MEMBER, at(n)) for n in range(14)]
    assert hits == [False] * 8 + [True] + [False] * 5  # the burst goes on after the mute: no second one
    assert len(a.fallback) == len(b.fallback) == 0  # their own windows were never needed


async def test_messages_older_than_the_window_drop_out_of_the_shared_count(replica: MakeReplica) -> None:
    a, b = replica("a"), replica("b")
    for n in range(8):
        assert not await (a if n % 2 else b).hit(GROUP, MEMBER, at(n))
    assert not await a.hit(GROUP, MEMBER, at(10))  # the message at 0 s is ten seconds old: out
    assert not await b.hit(GROUP, MEMBER, at(11))  # ... and the one at 1 s
    assert await a.hit(GROUP, MEMBER, at(11.5))  # nine from 2 s to 11.5 s


async def test_a_members_window_stays_in_redis_no_longer_than_the_flood_window(replica: MakeReplica) -> None:
    a = replica("a")
    await a.hit(GROUP, MEMBER, at(0))
    window = a.c.key("flood", GROUP, MEMBER)
    assert 0 < await a.c.redis.pttl(window) <= 10_000


async def test_two_messages_in_the_same_instant_both_count(replica: MakeReplica) -> None:
    two = FloodPolicy(messages=2)
    a, b = replica("a", two), replica("b", two)
    assert [await a.hit(GROUP, MEMBER, T0), await b.hit(GROUP, MEMBER, T0), await a.hit(GROUP, MEMBER, T0)] \
        == [False, False, True]


async def test_members_and_chats_have_windows_of_their_own(replica: MakeReplica) -> None:
    two = FloodPolicy(messages=2)
    a, b = replica("a", two), replica("b", two)
    assert not await a.hit(GROUP, MEMBER, T0)
    assert not await b.hit(GROUP, OTHER_MEMBER, T0)
    assert not await a.hit(OTHER_GROUP, MEMBER, T0)
    assert not await b.hit(GROUP, MEMBER, T0)
    assert await a.hit(GROUP, MEMBER, T0)


async def test_a_group_without_a_flood_limit_asks_redis_nothing(replica: MakeReplica) -> None:
    a = replica("a", FloodPolicy(messages=0))
    assert not any([await a.hit(GROUP, MEMBER, at(n / 10)) for n in range(20)])
    assert await a.c.redis.exists(a.c.key("flood", GROUP, MEMBER)) == 0


async def test_when_redis_is_away_the_replica_counts_by_itself_and_the_update_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    away = connect("redis://127.0.0.1:1/0", "delibot_test_away", "host#a")  # nothing listens there
    counter = _counter(away, FloodPolicy(messages=2))
    try:
        with caplog.at_level(logging.WARNING, logger="delibot.replicas"):
            hits = [await counter.hit(GROUP, MEMBER, at(n)) for n in range(3)]
    finally:
        await away.close()
    assert hits == [False, False, True]  # this replica's own windows decided
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3
    assert all(f"chat_id={GROUP} user_id={MEMBER}" in w and "counted here" in w for w in warnings)


@pytest.mark.postgres
async def test_replicas_wired_by_coordinate_decide_floods_together(
    tmp_path: Path, pg_database: str, redis_url: str, redis_prefix: str
) -> None:
    cfg = {"telegram": {"token": "1:x"}, "database": {"url": pg_database},
           "redis": {"url": redis_url, "prefix": redis_prefix, "replicas": 2},
           "groups": [{"chat_id": GROUP, "title": "群", "topics": {"人才": ["人才"]},
                       "moderation": {"flood": {"messages": 3, "per": "5s"}}}]}
    replicas = []
    for name in ("a", "b"):
        settings = load_settings(write_config(tmp_path / f"{name}.toml", cfg), env={})
        services = build_services(settings, ManualClock(T0))
        replicas.append((services, coordinate(settings, services)))
    try:
        counters = [moderation_state(services).flood for services, _ in replicas]
        assert all(isinstance(counter, RedisFlood) for counter in counters)
        # the group's own limit (three in five seconds) holds across both replicas
        hits = [await counters[n % 2].hit(GROUP, MEMBER, at(n)) for n in range(5)]
        assert hits == [False, False, False, True, False]
    finally:
        for services, c in replicas:
            await c.close()
            assert services.engine is not None
            await services.engine.dispose()
