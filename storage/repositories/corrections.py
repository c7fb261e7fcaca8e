"""Corrections (辟谣) as recorded: who corrected which message, when, with what; and the members who
turned off hearing the outcome of the proposals they support."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.moderation import CorrectionRecord
from storage.models import Correction, FollowOptOut
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount


class CorrectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, chat_id: int, message_id: int, *, author_id: int | None, moderator_id: int, text: str,
        clarification_message_id: int | None, deleted_original: bool, now: datetime,
    ) -> bool:
        """False when the message was corrected before (a redelivered command)."""
        statement = insert_for(self.session, Correction).values(
            chat_id=chat_id, message_id=message_id, author_id=author_id, moderator_id=moderator_id,
            text=text, clarification_message_id=clarification_message_id,
            deleted_original=deleted_original, at=now,
        ).on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
        return bool(rowcount(await self.session.execute(statement)))

    async def exists(self, chat_id: int, message_id: int) -> bool:
        found = await self.session.scalar(select(Correction.id).where(
            Correction.chat_id == chat_id, Correction.message_id == message_id))
        return found is not None

    async def since(self, since: datetime) -> list[CorrectionRecord]:
        rows = (await self.session.scalars(
            select(Correction).where(Correction.at >= since).order_by(Correction.id))).all()
        return [CorrectionRecord(r.id, r.chat_id, r.message_id, r.author_id, r.moderator_id, r.text,
                                 r.clarification_message_id, r.deleted_original, r.at) for r in rows]


class FollowRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def opt_out(self, user_id: int, now: datetime) -> None:
        await self.session.execute(insert_for(self.session, FollowOptOut).values(user_id=user_id, at=now)
                                   .on_conflict_do_nothing(index_elements=["user_id"]))

    async def opt_in(self, user_id: int) -> None:
        await self.session.execute(delete(FollowOptOut).where(FollowOptOut.user_id == user_id))

    async def opted_out(self, user_ids: Iterable[int]) -> set[int]:
        ids = list(user_ids)
        if not ids:
            return set()
        rows = await self.session.scalars(select(FollowOptOut.user_id).where(FollowOptOut.user_id.in_(ids)))
        return set(rows.all())
