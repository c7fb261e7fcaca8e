"""What replicas share through Redis, each part with two "replicas" in one test process: the
outgoing limits, update claims, chat locks, the polling lease and roster changes."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.hooks import Hooks
from bot.replicas import polling, updates
from bot.replicas.changes import ChangeFeed
from bot.replicas.coordination import Coordination, connect
from bot.replicas.pacing import RedisPacer
from bot.replicas.polling import PollingLease
from bot.replicas.updates import RedisChatLocks, UpdateClaims
from bot.roster import Roster
from deliberation.chats import MemberRecord

GROUP = -100777
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def replicas(redis_url: str, redis_prefix: str) -> AsyncIterator[Callable[[str], Coordination]]:
    made: list[Coordination] = []

    def make(name: str) -> Coordination:
        c = connect(redis_url, redis_prefix, f"host#{name}")
        made.append(c)
        return c

    yield make
    for c in made:
        await c.close()


async def _window(c: Coordination, chat_id: int | str) -> list[float]:
    entries = await c.redis.zrange(c.key("pace", "chat", chat_id), 0, -1, withscores=True)
    return sorted(score for _member, score in entries)


async def test_two_replicas_sending_to_one_group_share_its_twenty_a_minute(replicas: Any) -> None:
    a, b = RedisPacer(replicas("a")), RedisPacer(replicas("b"))
    for _ in range(15):
        assert (await a.admit(GROUP))[0]
        assert (await b.admit(GROUP))[0]
    moments = await _window(a.c, GROUP)
    assert len(moments) == 30
    # any 21 consecutive sends to the group span more than a minute, whoever sent them
    assert all(moments[i + 20] - moments[i] >= 60.0 for i in range(len(moments) - 20))
    # a replica that will not wait that long is told how long it would have been, and reserves nothing
    reserved, delay = await b.admit(GROUP, within=2.0)
    assert not reserved and delay > 2.0
    assert len(await _window(a.c, GROUP)) == 30


async def test_replicas_space_their_sends_overall_and_share_a_429_hold(replicas: Any) -> None:
    a, b = RedisPacer(replicas("a")), RedisPacer(replicas("b"))
    for user in range(1, 41):
        await (a if user % 2 else b).admit(user)
    overall = sorted(s for _m, s in await a.c.redis.zrange(a.c.key("pace", "all"), 0, -1, withscores=True))
    gaps = [later - earlier for earlier, later in itertools.pairwise(overall)]
    assert len(overall) == 40 and min(gaps) >= a._gap - 1e-6  # about 29 a second, all replicas together
    await a.hold(5005, 30)  # Telegram told replica a: 429, retry after 30 s
    reserved, delay = await b.admit(5005, within=5.0)
    assert not reserved and delay > 25.0


async def test_a_redelivered_update_waits_for_the_first_copy_and_is_not_handled_again(replicas: Any) -> None:
    first, second = UpdateClaims(replicas("a")), UpdateClaims(replicas("b"))
    assert await first.claim(41)
    waiting = asyncio.create_task(second.claim(41))
    await asyncio.sleep(0.1)
    assert not waiting.done()  # busy elsewhere: neither handled twice nor acknowledged unhandled
    await first.finish(41)
    assert await waiting is False


async def test_an_update_whose_replica_failed_or_died_is_handled_by_another(
    replicas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updates, "CLAIM_TTL_MS", 300)
    first, second = UpdateClaims(replicas("a")), UpdateClaims(replicas("b"))
    assert await first.claim(51)
    await first.abandon(51)  # the handler raised
    assert await second.claim(51)
    await second.finish(51)
    assert await first.claim(52)  # ... and then replica a dies: no renewal
    assert await asyncio.wait_for(second.claim(52), 5) is True


async def test_one_chats_updates_are_never_handled_by_two_replicas_at_once(replicas: Any) -> None:
    services = SimpleNamespace(bot_id=1)
    locks = [RedisChatLocks(services, replicas(name)) for name in ("a", "b", "c")]  # type: ignore[arg-type]
    inside: list[int] = []
    overlaps = 0

    async def update(locks_of_replica: RedisChatLocks, n: int) -> None:
        nonlocal overlaps
        await locks_of_replica.acquire(GROUP)
        try:
            inside.append(n)
            overlaps += len(inside) > 1
            await asyncio.sleep(0.005)
            inside.remove(n)
        finally:
            await locks_of_replica.release(GROUP)

    await asyncio.gather(*(update(locks[n % 3], n) for n in range(30)))
    assert overlaps == 0 and inside == []


async def test_the_standby_takes_the_polling_lease_once_the_poller_stops_renewing(
    replicas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(polling, "LEASE_TTL_MS", 400)
    poller, standby = PollingLease(replicas("a")), PollingLease(replicas("b"))
    assert await poller.take()
    assert not await standby.take()
    assert await poller.renew() and not await standby.renew()
    await asyncio.sleep(0.6)  # the poller died: nobody renewed
    assert await standby.take()
    assert not await poller.renew()  # a poller that comes back finds it is not the poller any more


def _member(**changes: Any) -> MemberRecord:
    values: dict[str, Any] = dict(
        chat_id=GROUP, user_id=7, first_name="王小明-海淀区", last_name=None, is_bot=False,
        is_admin=False, exempt=False, status="member", name_ok=True, name_reason=None, grace_until=None,
        restricted_by_bot=False, tag=None, joined_at=NOW, last_active_at=NOW, prune_warned_at=None,
        warn_count=0, muted_until=None,
    )
    return MemberRecord(**{**values, **changes})


async def _subscribed(feed: ChangeFeed) -> None:
    """Until another replica's subscription to the change feed is in place."""
    for _ in range(100):
        if await feed.c.redis.pubsub_numsub(feed.channel) != [(feed.channel.encode(), 0)]:
            return
        await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def _two_feeds(replicas: Any, b_hooks: Hooks) -> AsyncIterator[tuple[Any, Any, ChangeFeed]]:
    """Replica a's services, replica b's (with ``b_hooks``), and a's feed once b listens."""
    a_services = SimpleNamespace(roster=Roster(), hooks=Hooks())
    b_services = SimpleNamespace(roster=Roster(), hooks=b_hooks)
    a_feed = ChangeFeed(a_services, replicas("a"))  # type: ignore[arg-type]
    b_feed = ChangeFeed(b_services, replicas("b"))  # type: ignore[arg-type]
    listening = asyncio.create_task(b_feed.listen())
    try:
        await _subscribed(a_feed)
        yield a_services, b_services, b_feed
    finally:
        listening.cancel()
        await asyncio.gather(listening, return_exceptions=True)


async def _until_received(feed: ChangeFeed, count: int) -> None:
    for _ in range(100):
        if feed.received >= count:
            return
        await asyncio.sleep(0.02)


async def test_a_member_one_replica_restricts_is_read_again_by_the_others(replicas: Any) -> None:
    told: list[tuple[int, int]] = []
    hooks = Hooks(member_changed=[lambda _s, chat, user: told.append((chat, user))])
    async with _two_feeds(replicas, hooks) as (a_services, b_services, b_feed):
        b_services.roster.put(_member())  # b knows 王小明 as compliant
        a_services.roster.put(_member(name_ok=False, restricted_by_bot=True))  # a restricts him
        a_services.roster.set_admin(GROUP, 8, True)
        await _until_received(b_feed, 2)
        assert b_services.roster.get(GROUP, 7) is None  # dropped: the next update reads the row
        assert (GROUP, 7) in told
        assert 8 in b_services.roster.admins[GROUP]


async def test_a_group_faq_one_replica_changes_is_read_again_by_the_others(replicas: Any) -> None:
    told: list[tuple[str, int | None]] = []
    hooks = Hooks(group_changed=[lambda _s, kind, chat: told.append((kind, chat))])
    async with _two_feeds(replicas, hooks) as (a_services, _b_services, b_feed):
        a_services.announce("faq", GROUP)  # a moderator's /faq add on replica a
        await _until_received(b_feed, 1)
        assert told == [("faq", GROUP)]
        assert a_services.roster.loaded(GROUP) is False  # nothing about members was touched
