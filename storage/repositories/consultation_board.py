"""Read-only queries behind the board's consultation pages: a page of consultations with their
opinion counts, and one consultation with its opinions and their support counts.

Each page is a fixed number of queries whatever the number of consultations or opinions: the
list is a count and one page of rows (the opinion count a correlated subquery on its index); a
consultation is its row with its count, and its opinions with their supports. Drafts (still
waiting for their group) are not public.
"""

from __future__ import annotations

from sqlalchemy import Label, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.consultations import ConsultationRecord, Opinion, State
from storage.models import Consultation, OpinionSupport
from storage.models import Opinion as OpinionRow
from storage.repositories.consultations import consultation_record

_PUBLIC = Consultation.state != State.DRAFT.value


def _opinion_count() -> Label[int]:
    return (select(func.count()).where(OpinionRow.consultation_id == Consultation.id)
            .scalar_subquery().label("opinions"))


class ConsultationBoardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(self, *, limit: int, offset: int) -> tuple[list[ConsultationRecord], int]:
        """One page of consultations, newest first, and how many there are in all."""
        total = (await self.session.execute(
            select(func.count()).select_from(Consultation).where(_PUBLIC))).scalar_one()
        rows = (await self.session.execute(
            select(Consultation, _opinion_count()).where(_PUBLIC)
            .order_by(Consultation.id.desc()).limit(limit).offset(offset))).all()
        return [consultation_record(row, int(n or 0)) for row, n in rows], int(total)

    async def detail(self, number: int) -> tuple[ConsultationRecord, list[Opinion]] | None:
        """The consultation and its opinions (oldest first) with their support counts."""
        found = (await self.session.execute(
            select(Consultation, _opinion_count()).where(Consultation.id == number, _PUBLIC))).first()
        if found is None:
            return None
        supports = (select(func.count()).where(OpinionSupport.opinion_id == OpinionRow.id)
                    .scalar_subquery())
        rows = (await self.session.execute(
            select(OpinionRow, supports).where(OpinionRow.consultation_id == number).order_by(OpinionRow.id)
        )).all()
        opinions = [Opinion(o.id, o.author_id, o.author_name, o.text, "", int(n or 0), o.at, o.author_unit)
                    for o, n in rows]
        return consultation_record(found[0], int(found[1] or 0)), opinions
