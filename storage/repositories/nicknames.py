"""The real-name rule's queries: who is non-compliant, who is mid-removal, what was last done.

A removal is recorded as status ``removing`` before the Bot API call and ``removed`` after it, so a
restart in between finishes the removal instead of forgetting or repeating it.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.chats import MemberRecord
from storage.models import AuditEntry, Member
from storage.repositories.chats import PRESENT, member_record

NAME_ACTIONS = ("name_restricted", "name_restored", "name_removed", "name_exempted")


class NameRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def non_compliant(self, chat_id: int) -> list[MemberRecord]:
        """Present members whose name fails the rule, soonest deadline first (for /names)."""
        query = (
            select(Member)
            .where(
                Member.chat_id == chat_id, Member.status.in_(PRESENT), Member.name_ok.is_(False),
                Member.exempt.is_(False),
            )
            .order_by(Member.grace_until.is_(None), Member.grace_until, Member.user_id)
        )
        return [member_record(m) for m in (await self.session.scalars(query)).all()]

    async def restricted_of_user(self, user_id: int) -> list[MemberRecord]:
        """Every group where the bot made this user read-only for their name."""
        query = select(Member).where(
            Member.user_id == user_id, Member.restricted_by_bot.is_(True), Member.status.in_(PRESENT)
        )
        return [member_record(m) for m in (await self.session.scalars(query)).all()]

    async def restricted_user_ids(self) -> set[int]:
        query = select(Member.user_id).where(
            Member.restricted_by_bot.is_(True), Member.status.in_(PRESENT)
        ).distinct()
        return set((await self.session.scalars(query)).all())

    async def removing(self) -> list[MemberRecord]:
        """Removals decided but not confirmed done (the bot stopped between the two)."""
        query = select(Member).where(Member.status == "removing")
        return [member_record(m) for m in (await self.session.scalars(query)).all()]

    async def finish_removal(self, chat_id: int, user_id: int) -> None:
        await self.session.execute(
            update(Member)
            .where(Member.chat_id == chat_id, Member.user_id == user_id, Member.status == "removing")
            .values(status="removed")
        )

    async def last_action(self, chat_id: int, user_id: int) -> str | None:
        """The latest real-name step for this member ("name_restricted" means still read-only
        in Telegram, even after leaving and coming back)."""
        return await self.session.scalar(
            select(AuditEntry.action)
            .where(
                AuditEntry.chat_id == chat_id, AuditEntry.subject_id == user_id,
                AuditEntry.action.in_(NAME_ACTIONS),
            )
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
