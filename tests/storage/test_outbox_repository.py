"""The outbox's delivery statements on SQLite and PostgreSQL: a take leases due rows once, in due
order, and a row once sent is never taken again."""

from __future__ import annotations

from datetime import timedelta

from deliberation.clock import ManualClock
from storage.uow import UnitOfWorkFactory

LEASE = timedelta(minutes=10)


async def test_a_take_leases_due_rows_once_in_order_and_sent_rows_never_come_back(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    now = clock.now()
    async with uow_factory() as uow:
        for key, due in (("late", now + timedelta(hours=1)), ("b", now - timedelta(seconds=5)),
                         ("a", now - timedelta(seconds=9)), ("c", now)):
            await uow.outbox.enqueue(key=key, kind="test", chat_id=5, params={"text": key}, now=now,
                                     due_at=due)
        await uow.commit()
    async with uow_factory() as uow:
        first = await uow.outbox.take(now, lease=LEASE, limit=2)
        second = await uow.outbox.take(now, lease=LEASE, limit=10)
        again = await uow.outbox.take(now, lease=LEASE, limit=10)
        await uow.commit()
    assert sorted(r.key for r in first) == ["a", "b"]  # the two due first
    assert [r.key for r in second] == ["c"] and again == []
    assert {r.state for r in first + second} == {"sending"}
    assert all(r.due_at == now + LEASE for r in first + second)
    async with uow_factory() as uow:
        await uow.outbox.mark_sent(first[0].id, now, {"message_id": 7})
        await uow.commit()
    later = now + LEASE + timedelta(hours=1)
    async with uow_factory() as uow:  # the lease ran out: what was not marked sent comes back
        back = await uow.outbox.take(later, lease=LEASE, limit=10)
        rows = {r.key: r for r in await uow.outbox.list()}
    assert sorted(r.key for r in back) == sorted({"a", "b", "c", "late"} - {first[0].key})
    assert rows[first[0].key].state == "sent" and rows[first[0].key].sent_at == now


async def test_a_row_taken_again_after_its_lease_ran_out_is_no_longer_the_first_takers(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    now = clock.now()
    async with uow_factory() as uow:
        await uow.outbox.enqueue(key="slow", kind="test", chat_id=5, params={"text": "x"}, now=now)
        await uow.commit()
    async with uow_factory() as uow:
        (first,) = await uow.outbox.take(now, lease=LEASE, limit=10, owner="host#run1#0")
        later = now + LEASE + timedelta(seconds=1)  # the first run was slow: its lease ran out
        (second,) = await uow.outbox.take(later, lease=LEASE, limit=10, owner="host#run2#0")
        assert not await uow.outbox.renew(first.id, "host#run1#0", later + LEASE)  # not sent twice
        assert await uow.outbox.renew(second.id, "host#run2#0", later + LEASE)
        await uow.commit()


async def test_a_restart_gives_back_only_what_earlier_runs_of_this_instance_held(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    now = clock.now()
    owners = {"killed": "host#run1#0", "current": "host#run2#0", "replica": "other#run9#0"}
    async with uow_factory() as uow:
        for key in owners:
            await uow.outbox.enqueue(key=key, kind="test", chat_id=5, params={"text": key}, now=now)
        await uow.commit()
    async with uow_factory() as uow:
        for key, owner in owners.items():
            rows = await uow.outbox.due(now)
            (row,) = [r for r in rows if r.key == key]
            assert await uow.outbox.take_row(row.id, now, lease=LEASE, owner=owner) is not None
        assert await uow.outbox.release_stale("host", "run2", now) == 1
        await uow.commit()
    async with uow_factory() as uow:
        due = await uow.outbox.due(now)
    assert [r.key for r in due] == ["killed"]  # due at once; the replica's and this run's stay leased


async def test_a_stop_gives_back_what_the_run_took_and_did_not_send(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    now = clock.now()
    async with uow_factory() as uow:
        for key in ("a", "b", "c"):
            await uow.outbox.enqueue(key=key, kind="test", chat_id=5, params={"text": key}, now=now)
        await uow.commit()
    async with uow_factory() as uow:
        taken = await uow.outbox.take(now, lease=LEASE, limit=10, owner="host#run1#0")
        await uow.outbox.mark_sent(taken[0].id, now)
        assert await uow.outbox.release("host#run1#0", now) == 2
        await uow.commit()
        assert sorted(r.key for r in await uow.outbox.due(now)) == ["b", "c"]
