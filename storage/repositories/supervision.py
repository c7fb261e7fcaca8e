"""The supervisors' monthly scores (问政监督员), as stored: one per month, supervisor and department;
a later press replaces the earlier."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SupervisionScore
from storage.repositories.dialect import insert_for


class SupervisionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def score(self, period: str, supervisor_id: int, department_id: str, score: int, *,
                    now: datetime) -> None:
        statement = insert_for(self.session, SupervisionScore).values(
            period=period, supervisor_id=supervisor_id, department_id=department_id, score=score, at=now
        )
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["period", "supervisor_id", "department_id"],
            set_={"score": statement.excluded.score, "at": statement.excluded.at},
        ))

    async def scores(self, period: str) -> list[tuple[str, int]]:
        """(department, score) of every supervisor who scored the month."""
        rows = await self.session.execute(
            select(SupervisionScore.department_id, SupervisionScore.score)
            .where(SupervisionScore.period == period)
            .order_by(SupervisionScore.department_id, SupervisionScore.supervisor_id)
        )
        return [(department, int(score)) for department, score in rows]
