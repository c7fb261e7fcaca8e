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
