"""The outbox: Bot API calls decided by scheduled work, delivered once.

Rows are written in the transaction that makes the decision (a card, a digest) and keyed, so the
same decision can never queue twice; the delivery worker marks each row once Telegram accepted it.

The statements of the delivery path (queue, take, mark sent) run for every notice, so they are
built once per dialect on the table and reused: building an ORM statement costs more than
SQLite takes to run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Select, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert, Update

from deliberation.outbox import OutboxRecord
from storage.models import OutboxMessage
from storage.repositories.dialect import insert_on, once_per_dialect
from storage.repositories.results import rowcount

OUTBOX = OutboxMessage.__table__
_C = OUTBOX.c
_DUE = ("pending", "sending")
_COLUMNS = (_C.id, _C.key, _C.kind, _C.chat_id, _C.method, _C.params, _C.fallback_chat_id, _C.due_at,
            _C.attempts, _C.state, _C.sent_at)


def _record(row: Any) -> OutboxRecord:
    return OutboxRecord(
        row.id, row.key, row.kind, row.chat_id, row.method, row.params, row.fallback_chat_id,
        row.due_at, row.attempts, row.state, row.sent_at,
    )


def _due(now: Any) -> Any:
    """Rows to deliver by ``now``. Such rows were never sent, and ``sent_at IS NULL`` lets the
    query walk ix_outbox_pending (sent_at, due_at, id) instead of scanning every row ever sent."""
    due = (_C.state == _DUE[0]) | (_C.state == _DUE[1])  # not IN: that is expanded on every run
    return _C.sent_at.is_(None) & due & (_C.due_at <= now)


@dataclass(frozen=True, slots=True)
class _Statements:
    enqueue: Insert
    pick: Select[tuple[int]] | None  # PostgreSQL: the rows to take, locked
    take: Update


def _build(dialect: str) -> _Statements:
    now = bindparam("now", type_=_C.due_at.type)
    candidates = select(_C.id).where(_due(now)).order_by(_C.due_at, _C.id)
    candidates = candidates.limit(bindparam("limit", type_=Integer()))
    lease = update(OUTBOX).values(
        state="sending", due_at=bindparam("until", type_=_C.due_at.type),
        leased_by=bindparam("owner", type_=_C.leased_by.type),
    )
    enqueue = insert_on(dialect, OUTBOX).on_conflict_do_nothing(index_elements=["key"])
    if dialect == "postgresql":
        # Two statements: rows another delivery loop is taking are skipped, not waited for, and
        # the ids are fixed before the UPDATE (a LIMIT subquery inside it may be run again for
        # each row there, and yield more rows than the limit).
        return _Statements(
            enqueue=enqueue,
            pick=candidates.with_for_update(skip_locked=True),
            take=lease.where(_C.id.in_(bindparam("ids", expanding=True)), _due(now)).returning(*_COLUMNS),
        )
    # SQLite: one statement, atomic since SQLite runs one writer at a time; its uncorrelated
    # subquery is evaluated once
    return _Statements(
        enqueue=enqueue, pick=None,
        take=lease.where(_C.id.in_(candidates.scalar_subquery()), _due(now)).returning(*_COLUMNS),
    )


_STATEMENTS: dict[str, _Statements] = {}


def _statements(session: AsyncSession) -> _Statements:
    return once_per_dialect(session, _STATEMENTS, _build)


_MARK_SENT = (
    update(OUTBOX).where(_C.id == bindparam("row_id"))
    .values(state="sent", sent_at=bindparam("now", type_=_C.sent_at.type),
            result=bindparam("sent_result", type_=_C.result.type), attempts=_C.attempts + 1,
            leased_by=None)
)
# a row still ours: taken by this owner, not sent, not taken again by anyone after its lease ran out
_RENEW = (
    update(OUTBOX)
    .where(_C.id == bindparam("row_id"), _C.state == "sending", _C.sent_at.is_(None),
           _C.leased_by == bindparam("owner", type_=_C.leased_by.type))
    .values(due_at=bindparam("until", type_=_C.due_at.type))
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
        values = {
            "key": key, "kind": kind, "chat_id": chat_id, "method": method, "params": params,
            "fallback_chat_id": fallback_chat_id, "created_at": now, "due_at": due_at or now,
            "attempts": 0, "state": "pending", "result": {},
        }
        result = await self.session.execute(_statements(self.session).enqueue, values)
        self.enqueued = self.enqueued or bool(rowcount(result))
        return bool(rowcount(result))

    async def take(
        self, now: datetime, *, lease: timedelta, limit: int = 100, owner: str | None = None
    ) -> list[OutboxRecord]:
        """Take due rows for sending: they become ``sending`` until ``now + lease``.

        The take is atomic, so two delivery loops (a cron run and the regular tick, or two
        replicas) never take the same row: on SQLite one UPDATE chooses and leases the rows; on
        PostgreSQL the rows are picked locked (skipping those another taker holds) and the
        conditional UPDATE leases them. A sender that dies leaves its rows to come back when the
        lease runs out (at-least-once, never lost), or at once when it restarts
        (``release_stale``). ``owner`` names this take: see ``renew``.
        """
        statements = _statements(self.session)
        values: dict[str, Any] = {"now": now, "until": now + lease, "limit": limit, "owner": owner}
        if statements.pick is not None:
            values["ids"] = list((await self.session.scalars(statements.pick, values)).all())
            if not values["ids"]:
                return []
        taken = await self.session.execute(statements.take, values)
        return sorted((_record(row) for row in taken.all()), key=lambda r: r.id)

    async def take_row(
        self, row_id: int, now: datetime, *, lease: timedelta, owner: str
    ) -> OutboxRecord | None:
        """Take one given row, if it is still due (not sent, not leased by anyone else)."""
        taken = await self.session.execute(
            update(OUTBOX).where(_C.id == row_id, _due(now))
            .values(state="sending", due_at=now + lease, leased_by=owner).returning(*_COLUMNS)
        )
        row = taken.first()
        return None if row is None else _record(row)

    async def renew(self, row_id: int, owner: str, until: datetime) -> bool:
        """Extend ``owner``'s lease on a row just before sending it; False when the row is no
        longer ours (its lease ran out while earlier rows were sent and another take has it),
        so it is not sent twice."""
        result = await self.session.execute(_RENEW, {"row_id": row_id, "owner": owner, "until": until})
        return bool(rowcount(result))

    async def release(self, owner: str, now: datetime) -> int:
        """Give back the rows ``owner`` took and has not sent (a stop): due again at once."""
        result = await self.session.execute(
            update(OUTBOX)
            .where(_C.leased_by == owner, _C.state == "sending", _C.sent_at.is_(None))
            .values(state="pending", due_at=now, leased_by=None)
        )
        return rowcount(result)

    async def release_stale(self, instance: str, run: str, now: datetime) -> int:
        """At start-up: rows still leased by an earlier run of this instance (killed, or stopped
        in the middle of a send) are due again at once instead of when their lease runs out."""
        mine = _C.leased_by.startswith(f"{instance}#", autoescape=True)
        this_run = _C.leased_by.startswith(f"{instance}#{run}#", autoescape=True)
        result = await self.session.execute(
            update(OUTBOX)
            .where(_C.state == "sending", _C.sent_at.is_(None), mine, ~this_run)
            .values(state="pending", due_at=now, leased_by=None)
        )
        return rowcount(result)

    async def leased_runs(self) -> set[str]:
        """The runs (``instance#run``) holding leases now: several replicas check which are gone."""
        owners = await self.session.scalars(
            select(_C.leased_by).distinct()
            .where(_C.state == "sending", _C.sent_at.is_(None), _C.leased_by.is_not(None))
        )
        return {owner.rsplit("#", 1)[0] for owner in owners if owner and owner.count("#") >= 2}

    async def release_run(self, run: str, now: datetime) -> int:
        """Rows leased by a run that is gone (a replica killed mid-delivery): due again at once."""
        result = await self.session.execute(
            update(OUTBOX)
            .where(_C.state == "sending", _C.sent_at.is_(None),
                   _C.leased_by.startswith(f"{run}#", autoescape=True))
            .values(state="pending", due_at=now, leased_by=None)
        )
        return rowcount(result)

    async def defer(self, row_id: int, due_at: datetime) -> None:
        """Not sent yet, through no fault of its own (its chat's slot is later): no attempt counted."""
        await self.session.execute(
            update(OUTBOX).where(_C.id == row_id).values(state="pending", due_at=due_at, leased_by=None)
        )

    async def due(self, now: datetime, limit: int = 100) -> list[OutboxRecord]:
        """What would be taken now, without taking it (previews and tests)."""
        query = select(*_COLUMNS).where(_due(now)).order_by(_C.due_at, _C.id).limit(limit)
        return [_record(row) for row in (await self.session.execute(query)).all()]

    async def mark_sent(self, row_id: int, now: datetime, result: dict[str, Any] | None = None) -> None:
        await self.session.execute(_MARK_SENT, {"row_id": row_id, "now": now, "sent_result": result or {}})

    async def retry_later(self, row_id: int, now: datetime, delay: timedelta, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                state="pending", due_at=now + delay, last_error=error[:500],
                attempts=OutboxMessage.attempts + 1, leased_by=None,
            )
        )

    async def mark_failed(self, row_id: int, now: datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(state="failed", last_error=error[:500], attempts=OutboxMessage.attempts + 1,
                    leased_by=None)
        )

    async def redirect(self, row_id: int, chat_id: int, now: datetime) -> None:
        """Send to the fallback chat instead (an official who never opened a private chat)."""
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(chat_id=chat_id, fallback_chat_id=None, state="pending", due_at=now, leased_by=None)
        )

    async def list(self, *, kind: str | None = None, state: str | None = None) -> list[OutboxRecord]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        if state is not None:
            query = query.where(OutboxMessage.state == state)
        return [_record(row) for row in (await self.session.scalars(query)).all()]
