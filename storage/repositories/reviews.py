"""Drafts under review (审核) and the questions the bot asks privately, as stored.

A draft is decided once: the update that moves it from pending is the claim, so two leaders
pressing 同意发布 at once publish it once. A pending question is one row per person (the newest
replaces the older), taken when their next plain message arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

# DraftRecord is named explicitly: the handlers still import it from here
from deliberation.handling import DraftRecord as DraftRecord
from deliberation.handling import Question
from storage.models import Draft, PendingQuestion
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount

PENDING, APPROVED, RETURNED = "pending", "approved", "returned"


def _record(d: Draft) -> DraftRecord:
    return DraftRecord(d.id, d.number, d.kind, d.department_id, d.author_id, d.text, d.promised_by,
                       d.created_at, d.state, d.decided_by, d.note)


class ReviewRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # drafts ------------------------------------------------------------------------------------
    async def add_draft(self, *, number: int, kind: str, department_id: str, author_id: int, text: str,
                        promised_by: datetime | None, now: datetime) -> DraftRecord:
        draft = Draft(number=number, kind=kind, department_id=department_id, author_id=author_id,
                      text=text, promised_by=promised_by, created_at=now, state=PENDING)
        self.session.add(draft)
        await self.session.flush()
        return _record(draft)

    async def get_draft(self, draft_id: int) -> DraftRecord | None:
        found = await self.session.get(Draft, draft_id)
        return _record(found) if found is not None else None

    async def pending_draft(self, number: int) -> DraftRecord | None:
        found = await self.session.scalar(
            select(Draft).where(Draft.number == number, Draft.state == PENDING).order_by(Draft.id).limit(1)
        )
        return _record(found) if found is not None else None

    async def decide_draft(self, draft_id: int, state: str, *, by: int, now: datetime,
                           note: str | None = None) -> bool:
        """Move a pending draft to ``state``; False when it was decided already (the claim)."""
        result = await self.session.execute(
            update(Draft).where(Draft.id == draft_id, Draft.state == PENDING)
            .values(state=state, decided_by=by, decided_at=now, note=note)
        )
        return bool(rowcount(result))

    async def waiting(self, departments: Iterable[str] | None = None) -> dict[str, int]:
        """Pending drafts per department (all departments when None): what the digest shows."""
        query = select(Draft.department_id, func.count()).where(Draft.state == PENDING)
        if departments is not None:
            query = query.where(Draft.department_id.in_(list(departments)))
        rows = await self.session.execute(query.group_by(Draft.department_id))
        return {department: int(count) for department, count in rows}

    # questions ---------------------------------------------------------------------------------
    async def ask(self, user_id: int, kind: str, ref: int, *, now: datetime) -> None:
        await self.session.execute(delete(PendingQuestion).where(PendingQuestion.user_id == user_id))
        values = {"user_id": user_id, "kind": kind, "ref": ref, "asked_at": now}
        await self.session.execute(insert_for(self.session, PendingQuestion).values(**values))

    async def question(self, user_id: int) -> Question | None:
        found = await self.session.get(PendingQuestion, user_id)
        return Question(found.user_id, found.kind, found.ref, found.asked_at) if found is not None else None

    async def take_question(self, user_id: int) -> Question | None:
        """The pending question, removed: an answer is taken once."""
        found = await self.question(user_id)
        if found is not None:
            result = await self.session.execute(
                delete(PendingQuestion).where(PendingQuestion.user_id == user_id,
                                              PendingQuestion.asked_at == found.asked_at)
            )
            if not rowcount(result):
                return None
        return found
