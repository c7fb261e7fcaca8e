"""The groups' FAQ entries (问答库): added, edited and removed by command, seeded from the
configuration once per group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.faq import StoredEntry
from storage.models import FaqItem
from storage.repositories.results import rowcount


def _entry(row: FaqItem) -> StoredEntry:
    return StoredEntry(row.id, row.chat_id, tuple(row.keywords or ()), row.answer, row.link, row.source,
                       row.proposal_number)


class FaqRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def entries(self, chat_id: int) -> list[StoredEntry]:
        rows = (await self.session.scalars(
            select(FaqItem).where(FaqItem.chat_id == chat_id).order_by(FaqItem.id))).all()
        return [_entry(r) for r in rows]

    async def get(self, chat_id: int, entry_id: int) -> StoredEntry | None:
        row = await self.session.get(FaqItem, entry_id)
        return None if row is None or row.chat_id != chat_id else _entry(row)

    async def add(
        self, chat_id: int, keywords: Sequence[str], answer: str, *, now: datetime, link: str = "",
        source: str = "command", proposal_number: int | None = None, created_by: int | None = None,
    ) -> int:
        row = FaqItem(chat_id=chat_id, keywords=list(keywords), answer=answer, link=link, source=source,
                      proposal_number=proposal_number, created_by=created_by, created_at=now, updated_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def edit(self, chat_id: int, entry_id: int, *, answer: str, keywords: Sequence[str] | None = None,
                   link: str | None = None, now: datetime) -> bool:
        values: dict[str, object] = {"answer": answer, "updated_at": now}
        if keywords is not None:
            values["keywords"] = list(keywords)
        if link is not None:
            values["link"] = link
        result = await self.session.execute(
            update(FaqItem).where(FaqItem.id == entry_id, FaqItem.chat_id == chat_id).values(**values))
        return bool(rowcount(result))

    async def remove(self, chat_id: int, entry_id: int) -> bool:
        result = await self.session.execute(
            delete(FaqItem).where(FaqItem.id == entry_id, FaqItem.chat_id == chat_id))
        return bool(rowcount(result))
