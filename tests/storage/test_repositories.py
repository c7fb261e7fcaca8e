"""Storage contract tests, run on SQLite and on PostgreSQL with the same migrations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from deliberation.clock import ManualClock
from storage.uow import UnitOfWorkFactory

CHAT = -1001234567890
BIG_USER = 7_123_456_789  # user ids are 64-bit


async def _group(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> None:
    async with uow_factory() as uow:
        await uow.chats.upsert_chat(
            CHAT, title="科创中心建言群", type="supergroup", configured=True, now=clock.now()
        )
        await uow.commit()


async def test_timestamps_come_back_aware_in_utc(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> None:
    await _group(uow_factory, clock)
    shanghai_noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC).astimezone(
        __import__("zoneinfo").ZoneInfo("Asia/Shanghai")
    )
    async with uow_factory() as uow:
        await uow.chats.ensure_member(
            CHAT, BIG_USER, first_name="王小明", last_name=None, is_bot=False, now=shanghai_noon
        )
        await uow.commit()
    async with uow_factory() as uow:
        member = await uow.chats.get_member(CHAT, BIG_USER)
    assert member is not None
    assert member.joined_at == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert member.joined_at.tzinfo is not None and member.joined_at.utcoffset() == timedelta(0)
    assert member.user_id == BIG_USER


async def test_nothing_is_kept_unless_the_unit_of_work_commits(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await _group(uow_factory, clock)
    async with uow_factory() as uow:
        await uow.chats.ensure_member(CHAT, 1, first_name="a", last_name=None, is_bot=False, now=clock.now())
    async with uow_factory() as uow:
        assert await uow.chats.get_member(CHAT, 1) is None


async def test_a_job_period_can_be_claimed_only_once(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        assert await uow.claims.claim("digest", "2026-11-23", now=clock.now(), owner="a")
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.claims.claim("digest", "2026-11-23", now=clock.now(), owner="b")
        assert await uow.claims.claim("digest", "2026-11-24", now=clock.now(), owner="b")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.claims.latest("digest") == "2026-11-24"


async def test_claims_that_guard_only_for_a_while_are_forgotten_once_it_is_over(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await uow.claims.claim("update", "m:-100:1", now=clock.now())
        await uow.claims.claim("digest", "2026-11-23", now=clock.now())
        await uow.commit()
    clock.advance(timedelta(days=1))
    async with uow_factory() as uow:
        await uow.claims.claim("update", "m:-100:2", now=clock.now())
        assert await uow.claims.forget("update", before=clock.now() - timedelta(hours=12)) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert not await uow.claims.is_claimed("update", "m:-100:1")
        assert await uow.claims.is_claimed("update", "m:-100:2")  # younger than the cut
        assert await uow.claims.is_claimed("digest", "2026-11-23")  # another job's: kept


async def test_the_same_outbox_key_queues_one_message(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        assert await uow.outbox.enqueue(
            key="card:1:1", kind="card", chat_id=5, params={"text": "黄牌"}, now=clock.now()
        )
        assert not await uow.outbox.enqueue(
            key="card:1:1", kind="card", chat_id=5, params={"text": "x"}, now=clock.now()
        )
        await uow.commit()
    async with uow_factory() as uow:
        due = await uow.outbox.due(clock.now())
        assert [(r.key, r.params["text"]) for r in due] == [("card:1:1", "黄牌")]
        await uow.outbox.mark_sent(due[0].id, clock.now(), {"message_id": 9})
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.due(clock.now()) == []
        assert [r.state for r in await uow.outbox.list()] == ["sent"]


async def test_a_failed_send_is_retried_later_not_lost(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await uow.outbox.enqueue(key="k", kind="digest", chat_id=5, params={"text": "t"}, now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        (row,) = await uow.outbox.due(clock.now())
        await uow.outbox.retry_later(row.id, clock.now(), timedelta(seconds=30), "500")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.due(clock.now()) == []
        assert len(await uow.outbox.due(clock.now() + timedelta(seconds=31))) == 1


async def test_activity_is_written_in_one_batch_and_never_moves_backwards(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await _group(uow_factory, clock)
    async with uow_factory() as uow:
        for uid in (1, 2):
            await uow.chats.ensure_member(
                CHAT, uid, first_name="m", last_name=None, is_bot=False, now=clock.now()
            )
        await uow.commit()
    later = clock.now() + timedelta(hours=1)
    async with uow_factory() as uow:
        await uow.chats.write_activity(
            {(CHAT, 1): later, (CHAT, 2): clock.now() - timedelta(days=1), (CHAT, 99): later},
            {(CHAT, "2026-11-02"): {1, 2}},
            {(CHAT, "2026-11-02"): 5},
        )
        await uow.chats.write_activity({}, {(CHAT, "2026-11-02"): {1}}, {(CHAT, "2026-11-02"): 2})
        await uow.commit()
    async with uow_factory() as uow:
        one, two = await uow.chats.get_member(CHAT, 1), await uow.chats.get_member(CHAT, 2)
        day = await uow.chats.group_day(CHAT, "2026-11-02")
    assert one is not None and one.last_active_at == later
    assert two is not None and two.last_active_at == clock.now()  # an older time does not win
    assert day["messages"] == 7 and day["active_members"] == 2


async def test_a_member_who_rejoins_starts_a_new_spell(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await _group(uow_factory, clock)
    async with uow_factory() as uow:
        await uow.chats.ensure_member(CHAT, 1, first_name="a", last_name=None, is_bot=False, now=clock.now())
        await uow.chats.update_member(CHAT, 1, status="left", prune_warned_at=clock.now())
        await uow.commit()
    clock.advance(timedelta(days=3))
    async with uow_factory() as uow:
        record = await uow.chats.ensure_member(
            CHAT, 1, first_name="a", last_name="b", is_bot=False, now=clock.now(), rejoin=True
        )
        await uow.commit()
    assert record.status == "member" and record.joined_at == clock.now() and record.prune_warned_at is None
    async with uow_factory() as uow:
        assert await uow.chats.count_present(CHAT) == 1


async def test_the_audit_log_keeps_who_did_what(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> None:
    async with uow_factory() as uow:
        uow.audit.add(
            at=clock.now(),
            action="mute",
            chat_id=CHAT,
            actor_id=1,
            subject_id=BIG_USER,
            reason="flood",
            until="2026-11-02T01:00:00+00:00",
        )
        await uow.commit()
    async with uow_factory() as uow:
        (entry,) = await uow.audit.list(chat_id=CHAT)
    assert (entry.action, entry.actor_id, entry.subject_id, entry.reason) == ("mute", 1, BIG_USER, "flood")
    assert entry.data == {"until": "2026-11-02T01:00:00+00:00"}


async def test_two_senders_never_take_the_same_outbox_row(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    import asyncio

    async with uow_factory() as uow:
        for i in range(40):
            await uow.outbox.enqueue(
                key=f"d:{i}", kind="digest", chat_id=i, params={"text": "t"}, now=clock.now()
            )
        await uow.commit()

    async def sender() -> list[int]:
        taken: list[int] = []
        while True:
            async with uow_factory() as uow:
                rows = await uow.outbox.take(clock.now(), lease=timedelta(minutes=10), limit=7)
                await uow.commit()
            if not rows:
                return taken
            taken += [r.id for r in rows]
            await asyncio.sleep(0)

    first, second = await asyncio.gather(sender(), sender())
    assert not set(first) & set(second)
    assert len(first) + len(second) == 40


async def test_a_row_taken_by_a_sender_that_died_comes_back_after_its_lease(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await uow.outbox.enqueue(key="k", kind="digest", chat_id=5, params={"text": "t"}, now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        assert len(await uow.outbox.take(clock.now(), lease=timedelta(minutes=10))) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.take(clock.now() + timedelta(minutes=9), lease=timedelta(minutes=10)) == []
        (again,) = await uow.outbox.take(clock.now() + timedelta(minutes=11), lease=timedelta(minutes=10))
    assert again.key == "k"


async def test_calls_queued_after_commit_run_once_committed_and_never_after_a_rollback(
    uow_factory: UnitOfWorkFactory,
) -> None:
    made: list[str] = []

    async def call(what: str) -> None:
        made.append(what)

    async with uow_factory() as uow:
        uow.after_commit(lambda: call("kept"))
        assert made == []
        await uow.commit()
        assert made == ["kept"]
        uow.after_commit(lambda: call("rolled back"))
        await uow.rollback()
        await uow.commit()
        uow.after_commit(lambda: call("never committed"))
    assert made == ["kept"]


async def test_what_a_call_after_the_commit_writes_is_committed_after_it(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await uow.claims.claim("job", "written first", now=clock.now())

        async def follow_up() -> None:  # say, the id of the message the call sent
            await uow.claims.claim("job", "written by the call", now=clock.now())

        uow.after_commit(follow_up)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.claims.is_claimed("job", "written first")
        assert await uow.claims.is_claimed("job", "written by the call")


async def test_a_savepoint_undoes_only_its_own_writes(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory() as uow:
        await uow.claims.claim("job", "before", now=clock.now())
        try:
            async with uow.savepoint():
                await uow.claims.claim("job", "inside", now=clock.now())
                raise RuntimeError("the block fails")
        except RuntimeError:
            pass
        async with uow.savepoint():
            await uow.claims.claim("job", "after", now=clock.now())
        await uow.commit()
    async with uow_factory() as uow:
        found = [p for p in ("before", "inside", "after") if await uow.claims.is_claimed("job", p)]
    assert found == ["before", "after"]


async def test_a_transaction_commits_when_its_block_ends_and_keeps_nothing_when_it_raises(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    async with uow_factory.transaction() as uow:
        await uow.claims.claim("job", "ended", now=clock.now())
    try:
        async with uow_factory.transaction() as uow:
            await uow.claims.claim("job", "raised", now=clock.now())
            raise RuntimeError("the run fails")
    except RuntimeError:
        pass
    async with uow_factory() as uow:
        assert await uow.claims.is_claimed("job", "ended")
        assert not await uow.claims.is_claimed("job", "raised")
