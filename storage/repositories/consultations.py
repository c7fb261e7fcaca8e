"""Consultations as recorded: the post and its poll, the opinions collected, their supports.

State changes that must happen once (opening, closing, concluding) are conditional updates: the
caller learns whether it was the one that made the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.consultations import ConsultationRecord, Opinion, Request, Schedule, State
from storage.models import Consultation, OpinionSupport
from storage.models import Opinion as OpinionRow
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount

NAME_LIMIT = 64


def consultation_record(row: Consultation, opinions: int = 0) -> ConsultationRecord:
    """A stored row as the domain sees it; ``opinions`` is how many were collected."""
    return ConsultationRecord(
        row.id, row.chat_id, row.official_id, row.topic, row.question, row.background,
        tuple(row.poll_options or ()), tuple(int(c) for c in row.poll_counts or ()), row.poll_voters,
        row.poll_message_id, row.message_id, State(row.state), row.created_at, row.opened_at,
        row.closes_at, row.reminded_at, row.closed_at, row.conclusion, row.concluded_at,
        row.conclusion_message_id, opinions,
    )


class ConsultationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # consultations -----------------------------------------------------------------------------
    async def create(
        self, request: Request, *, chat_id: int, official_id: int, origin_chat_id: int,
        origin_message_id: int, now: datetime,
    ) -> int:
        row = Consultation(
            chat_id=chat_id, official_id=official_id, origin_chat_id=origin_chat_id,
            origin_message_id=origin_message_id, topic=request.topic, question=request.question,
            background=request.background, poll_options=list(request.options),
            poll_counts=[0] * len(request.options), poll_voters=0, state=State.DRAFT.value,
            created_at=now, closes_at=request.closes_at,
        )
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def by_origin(self, chat_id: int, message_id: int) -> ConsultationRecord | None:
        row = await self.session.scalar(select(Consultation).where(
            Consultation.origin_chat_id == chat_id, Consultation.origin_message_id == message_id))
        return None if row is None else await self._with_count(row)

    async def get(self, consultation_id: int) -> ConsultationRecord | None:
        row = await self.session.get(Consultation, consultation_id)
        return None if row is None else await self._with_count(row)

    async def _with_count(self, row: Consultation) -> ConsultationRecord:
        return consultation_record(row, await self.count_opinions(row.id))

    async def choose_group(self, consultation_id: int, chat_id: int) -> bool:
        """A draft gets its group once (a second press of the button finds it taken)."""
        result = await self.session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id, Consultation.state == State.DRAFT.value,
                   Consultation.chat_id == 0)
            .values(chat_id=chat_id)
        )
        return bool(rowcount(result))

    async def discard(self, consultation_id: int) -> None:
        """A consultation whose post failed: nothing of it stays."""
        await self.session.execute(delete(Consultation).where(Consultation.id == consultation_id))

    async def set_posted(
        self, consultation_id: int, *, message_id: int, poll_message_id: int | None, poll_id: str | None,
        now: datetime,
    ) -> None:
        await self.session.execute(
            update(Consultation).where(Consultation.id == consultation_id).values(
                message_id=message_id, poll_message_id=poll_message_id, poll_id=poll_id,
                state=State.OPEN.value, opened_at=now)
        )

    async def open_for_message(self, chat_id: int, message_id: int) -> int | None:
        """The open consultation whose post or poll this message replies to."""
        return await self.session.scalar(select(Consultation.id).where(
            Consultation.chat_id == chat_id, Consultation.state == State.OPEN.value,
            (Consultation.message_id == message_id) | (Consultation.poll_message_id == message_id)))

    async def open_by_number(self, chat_id: int, consultation_id: int) -> int | None:
        return await self.session.scalar(select(Consultation.id).where(
            Consultation.id == consultation_id, Consultation.chat_id == chat_id,
            Consultation.state == State.OPEN.value))

    async def schedules(self) -> list[Schedule]:
        rows = (await self.session.scalars(
            select(Consultation).where(Consultation.state == State.OPEN.value))).all()
        return [consultation_record(r).schedule for r in rows]

    async def mark_reminded(self, consultation_id: int, now: datetime) -> None:
        await self.session.execute(
            update(Consultation).where(Consultation.id == consultation_id).values(reminded_at=now))

    async def close(self, consultation_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id, Consultation.state == State.OPEN.value)
            .values(state=State.CLOSED.value, closed_at=now)
        )
        return bool(rowcount(result))

    async def conclude(self, consultation_id: int, text: str, now: datetime) -> bool:
        result = await self.session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id, Consultation.state == State.CLOSED.value)
            .values(state=State.CONCLUDED.value, conclusion=text, concluded_at=now)
        )
        return bool(rowcount(result))

    async def set_conclusion_message(self, consultation_id: int, message_id: int) -> None:
        await self.session.execute(
            update(Consultation).where(Consultation.id == consultation_id)
            .values(conclusion_message_id=message_id))

    async def record_poll(self, poll_id: str, counts: Sequence[int], voters: int, update_id: int) -> bool:
        """Counts from a ``poll`` update, unless a later update already brought newer ones."""
        result = await self.session.execute(
            update(Consultation)
            .where(Consultation.poll_id == poll_id, Consultation.poll_update_id < update_id)
            .values(poll_counts=list(counts), poll_voters=voters, poll_update_id=update_id))
        return bool(rowcount(result))

    async def touched_since(self, since: datetime) -> list[ConsultationRecord]:
        """Opened, closed or concluded since ``since``, or still open: the digest's and export's."""
        query = select(Consultation).where(
            (Consultation.state == State.OPEN.value) | (Consultation.opened_at >= since)
            | (Consultation.closed_at >= since) | (Consultation.concluded_at >= since)
        ).where(Consultation.state != State.DRAFT.value).order_by(Consultation.id)
        rows = (await self.session.scalars(query)).all()
        counts = await self._counts([r.id for r in rows])
        return [consultation_record(r, counts.get(r.id, 0)) for r in rows]

    async def everything(self) -> list[ConsultationRecord]:
        rows = (await self.session.scalars(
            select(Consultation).where(Consultation.state != State.DRAFT.value).order_by(Consultation.id)
        )).all()
        counts = await self._counts([r.id for r in rows])
        return [consultation_record(r, counts.get(r.id, 0)) for r in rows]

    async def _counts(self, ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        found = await self.session.execute(
            select(OpinionRow.consultation_id, func.count()).where(OpinionRow.consultation_id.in_(ids))
            .group_by(OpinionRow.consultation_id))
        return {cid: int(n) for cid, n in found.all()}

    # opinions ------------------------------------------------------------------------------------
    async def add_opinion(
        self, consultation_id: int, *, chat_id: int, message_id: int, author_id: int, author_name: str,
        text: str, now: datetime, author_unit: str = "",
    ) -> bool:
        """True for the first time this message is collected (it is acknowledged once)."""
        statement = insert_for(self.session, OpinionRow).values(
            consultation_id=consultation_id, chat_id=chat_id, message_id=message_id, author_id=author_id,
            author_name=author_name[:NAME_LIMIT], author_unit=author_unit[:NAME_LIMIT], text=text, at=now,
        ).on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
        return bool(rowcount(await self.session.execute(statement)))

    async def count_opinions(self, consultation_id: int) -> int:
        return int(await self.session.scalar(
            select(func.count()).select_from(OpinionRow).where(OpinionRow.consultation_id == consultation_id)
        ) or 0)

    async def opinion_at(self, chat_id: int, message_id: int) -> tuple[int, int, int] | None:
        """(opinion id, its author, its consultation) for a collected message."""
        row = (await self.session.execute(
            select(OpinionRow.id, OpinionRow.author_id, OpinionRow.consultation_id)
            .where(OpinionRow.chat_id == chat_id, OpinionRow.message_id == message_id))).first()
        return None if row is None else (row[0], row[1], row[2])

    async def edit_opinion(self, opinion_id: int, text: str) -> None:
        await self.session.execute(update(OpinionRow).where(OpinionRow.id == opinion_id).values(text=text))

    async def support(self, opinion_id: int, user_id: int, now: datetime) -> None:
        await self.session.execute(
            insert_for(self.session, OpinionSupport).values(opinion_id=opinion_id, user_id=user_id, at=now)
            .on_conflict_do_nothing(index_elements=["opinion_id", "user_id"]))

    async def withdraw(self, opinion_id: int, user_id: int) -> None:
        await self.session.execute(delete(OpinionSupport).where(
            OpinionSupport.opinion_id == opinion_id, OpinionSupport.user_id == user_id))

    async def opinions(self, consultation_id: int, link_for: Any) -> list[Opinion]:
        """Every opinion with its support count; ``link_for(chat_id, message_id)`` makes links."""
        supports = (
            select(OpinionSupport.opinion_id, func.count().label("n")).group_by(OpinionSupport.opinion_id)
            .subquery()
        )
        rows = (await self.session.execute(
            select(OpinionRow, func.coalesce(supports.c.n, 0))
            .outerjoin(supports, supports.c.opinion_id == OpinionRow.id)
            .where(OpinionRow.consultation_id == consultation_id).order_by(OpinionRow.id)
        )).all()
        return [Opinion(o.id, o.author_id, o.author_name, o.text, link_for(o.chat_id, o.message_id), int(n),
                        o.at, o.author_unit) for o, n in rows]
