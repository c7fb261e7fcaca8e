"""Read-only tallies of a whole run, for tools that report on one (``delibot simulate``): plain
values, so that such a tool never needs the ORM models."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, Card, OutboxMessage, Proposal


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def sent_messages(self, kinds: Iterable[str]) -> list[tuple[int, int | None]]:
        """(chat id, Telegram's message id) of every delivered outbox call of these kinds, in the
        order they were queued; the message id is None when Telegram's answer had none."""
        rows = (await self.session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.result)
            .where(OutboxMessage.kind.in_(list(kinds)), OutboxMessage.state == "sent")
            .order_by(OutboxMessage.id)
        )).all()
        return [(chat_id, (result or {}).get("message_id")) for chat_id, result in rows]

    async def proposal_states(self) -> dict[str, int]:
        """How many proposals are in each state (states nobody is in are left out)."""
        rows = await self.session.execute(select(Proposal.state, func.count()).group_by(Proposal.state))
        return {state: count for state, count in rows.all()}

    async def card_levels(self) -> dict[int, int]:
        """How many deadline cards were issued at each level."""
        rows = await self.session.execute(select(Card.level, func.count()).group_by(Card.level))
        return {level: count for level, count in rows.all()}

    async def audit_actions(self) -> dict[str, int]:
        """How many times each action was written to the audit log."""
        rows = await self.session.execute(select(AuditEntry.action, func.count()).group_by(AuditEntry.action))
        return {action: count for action, count in rows.all()}
