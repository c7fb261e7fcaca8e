"""Claims: a row per job and period that only one process can insert.

This is how scheduled work runs once across restarts and replicas: a job claims its period in the
same transaction as the decisions it writes (outbox rows, cards); a second claim of the same
period finds the row and does nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Claim
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount


class ClaimRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, job: str, period: str, *, now: datetime, owner: str = "") -> bool:
        """True when this call inserted the row (the caller owns the period)."""
        statement = (
            insert_for(self.session, Claim)
            .values(job=job, period=period, owner=owner, claimed_at=now)
            .on_conflict_do_nothing(index_elements=["job", "period"])
        )
        result = await self.session.execute(statement)
        return bool(rowcount(result))

    async def is_claimed(self, job: str, period: str) -> bool:
        found = await self.session.scalar(
            select(Claim.job).where(Claim.job == job, Claim.period == period)
        )
        return found is not None

    async def mark_done(self, job: str, period: str, *, now: datetime) -> None:
        await self.session.execute(
            update(Claim).where(Claim.job == job, Claim.period == period).values(done_at=now)
        )

    async def forget(self, job: str, *, before: datetime) -> int:
        """Delete the job's claims made before ``before``: for claims that only guard against
        doing something twice for a while (a redelivered update, today's FAQ answer)."""
        result = await self.session.execute(delete(Claim).where(Claim.job == job, Claim.claimed_at < before))
        return rowcount(result)

    async def latest(self, job: str) -> str | None:
        return await self.session.scalar(
            select(Claim.period).where(Claim.job == job).order_by(Claim.period.desc()).limit(1)
        )
