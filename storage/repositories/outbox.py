"""The outbox: Bot API calls decided by scheduled work, delivered once.

Rows are written in the transaction that makes the decision (a card, a digest) and keyed, so the
same decision can never queue twice; the delivery worker marks each row once Telegram accepted it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage
from storage.records import OutboxRecord
from storage.repositories.dialect import insert_for


def _record(row: OutboxMessage) -> OutboxRecord:
    return OutboxRecord(
        row.id, row.key, row.kind, row.chat_id, row.method, row.params, row.fallback_chat_id,
        row.due_at, row.attempts, row.state, row.sent_at,
    )


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.enqueued = False  # something was queued in this unit of work: deliver after commit

    async def enqueue(
        self,
        *,
        key: str,
        kind: str,
        chat_id: int,
        params: dict[str, Any],
        now: datetime,
        method: str = "sendMessage",
        fallback_chat_id: int | None = None,
        due_at: datetime | None = None,
    ) -> bool:
        """Queue one call; False when a row with this key already exists (decided before)."""
        statement = (
            insert_for(self.session, OutboxMessage)
            .values(
                key=key, kind=kind, chat_id=chat_id, method=method, params=params,
                fallback_chat_id=fallback_chat_id, created_at=now, due_at=due_at or now,
                attempts=0, state="pending", result={},
            )
            .on_conflict_do_nothing(index_elements=["key"])
        )
        result = await self.session.execute(statement)
        self.enqueued = self.enqueued or bool(result.rowcount)
        return bool(result.rowcount)

    async def take(self, now: datetime, *, lease: timedelta, limit: int = 100) -> list[OutboxRecord]:
        """Take due rows for sending: they become ``sending`` until ``now + lease``.

        The conditional UPDATE makes the take atomic, so two delivery loops (a cron run and the
        regular tick, or two replicas) never take the same row; a sender that dies leaves its
        rows to come back when the lease runs out (at-least-once, never lost).
        """
        candidates = (
            select(OutboxMessage.id)
            .where(OutboxMessage.state.in_(("pending", "sending")), OutboxMessage.due_at <= now)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        ids = list((await self.session.scalars(candidates)).all())
        if not ids:
            return []
        taken = await self.session.scalars(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.state.in_(("pending", "sending")),
                OutboxMessage.due_at <= now,
            )
            .values(state="sending", due_at=now + lease)
            .returning(OutboxMessage)
            .execution_options(synchronize_session=False)
        )
        return sorted((_record(row) for row in taken.all()), key=lambda r: r.id)

    async def due(self, now: datetime, limit: int = 100) -> list[OutboxRecord]:
        """What would be taken now, without taking it (previews and tests)."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.state.in_(("pending", "sending")), OutboxMessage.due_at <= now)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )
        return [_record(row) for row in (await self.session.scalars(query)).all()]

    async def mark_sent(self, row_id: int, now: datetime, result: dict[str, Any] | None = None) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(state="sent", sent_at=now, result=result or {}, attempts=OutboxMessage.attempts + 1)
        )

    async def retry_later(self, row_id: int, now: datetime, delay: timedelta, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                state="pending", due_at=now + delay, last_error=error[:500],
                attempts=OutboxMessage.attempts + 1,
            )
        )

    async def mark_failed(self, row_id: int, now: datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(state="failed", last_error=error[:500], attempts=OutboxMessage.attempts + 1)
        )

    async def redirect(self, row_id: int, chat_id: int, now: datetime) -> None:
        """Send to the fallback chat instead (an official who never opened a private chat)."""
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(chat_id=chat_id, fallback_chat_id=None, state="pending", due_at=now)
        )

    async def list(self, *, kind: str | None = None, state: str | None = None) -> list[OutboxRecord]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        if state is not None:
            query = query.where(OutboxMessage.state == state)
        return [_record(row) for row in (await self.session.scalars(query)).all()]
