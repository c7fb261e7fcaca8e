"""The append-only audit log: every moderation step, removal and exemption, with who and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.audit import AuditRecord
from storage.models import AuditEntry


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(
        self,
        *,
        at: datetime,
        action: str,
        chat_id: int | None = None,
        actor_id: int | None = None,
        subject_id: int | None = None,
        reason: str | None = None,
        **data: Any,
    ) -> None:
        self.session.add(
            AuditEntry(
                at=at,
                action=action,
                chat_id=chat_id,
                actor_id=actor_id,
                subject_id=subject_id,
                reason=reason,
                data=data,
            )
        )

    async def list(
        self, *, chat_id: int | None = None, action: str | None = None, subject_id: int | None = None
    ) -> list[AuditRecord]:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if chat_id is not None:
            query = query.where(AuditEntry.chat_id == chat_id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        if subject_id is not None:
            query = query.where(AuditEntry.subject_id == subject_id)
        rows = (await self.session.scalars(query)).all()
        return [
            AuditRecord(r.id, r.at, r.chat_id, r.actor_id, r.subject_id, r.action, r.reason, r.data)
            for r in rows
        ]
