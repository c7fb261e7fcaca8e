"""Moderation records of their own: reports, kept once per message. (Warnings and mutes live on
the member row: ``ChatRepository.update_member``.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Report
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount


class ModerationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_report(
        self, chat_id: int, message_id: int, *, reporter_id: int, reported_id: int | None, now: datetime
    ) -> bool:
        """True for the first report of a message: moderators are told once, however many report it."""
        statement = (
            insert_for(self.session, Report)
            .values(chat_id=chat_id, message_id=message_id, reporter_id=reporter_id,
                    reported_id=reported_id, at=now)
            .on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
        )
        result = await self.session.execute(statement)
        return bool(rowcount(result))
