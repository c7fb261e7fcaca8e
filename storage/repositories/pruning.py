"""Pruning inactive members (清退) and the waiting list of join requests.

Telegram gives a bot no member list, so the roster pruned here is the members table: everyone the
bot has seen join, speak, be promoted or ask to join. Telegram calls made after a decision (a
removal, an approval, a decline) are written down first as "pending" rows and marked done after,
so a restart carries out what was decided instead of forgetting or repeating it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.pruning import WAITING, JoinRequestRecord, RosterRow
from storage.models import Claim, JoinRequest, Member
from storage.repositories.chats import PRESENT
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount

_CHUNK = 500  # ids per statement: far below every driver's bound-parameter limit
_PENDING = "pruning:"  # claims rows of pending Telegram calls: job "pruning:<kind>", period = key


def _request(r: JoinRequest) -> JoinRequestRecord:
    return JoinRequestRecord(
        r.id,
        r.chat_id,
        r.user_id,
        r.user_chat_id,
        r.first_name,
        r.last_name,
        r.requested_at,
        r.state,
        r.note,
    )


class PruningRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # the roster --------------------------------------------------------------------------------
    async def roster(self, chat_id: int) -> list[RosterRow]:
        """Present members, longest-inactive first (from the (chat, last_active_at) index)."""
        m = Member
        query = (
            select(
                m.user_id,
                m.first_name,
                m.last_name,
                m.joined_at,
                m.last_active_at,
                m.prune_warned_at,
                m.is_admin,
                m.is_bot,
                m.exempt,
            )
            .where(m.chat_id == chat_id, m.status.in_(PRESENT))
            .order_by(m.last_active_at, m.user_id)
        )
        return [RosterRow(*row) for row in (await self.session.execute(query)).all()]

    async def mark_warned(
        self, chat_id: int, user_ids: Sequence[int], *, now: datetime, inactive_since: datetime
    ) -> set[int]:
        """Note the warning of those still due one: present, not warned in this spell and silent
        since ``inactive_since``. Returns who was marked (only they are to be told)."""
        m = Member.__table__.c
        marked: set[int] = set()
        for start in range(0, len(user_ids), _CHUNK):
            statement = (
                update(Member.__table__)
                .where(
                    m.chat_id == chat_id,
                    m.user_id.in_(user_ids[start : start + _CHUNK]),
                    m.status.in_(PRESENT),
                    m.last_active_at <= inactive_since,
                    or_(m.prune_warned_at.is_(None), m.prune_warned_at < m.last_active_at),
                )
                .values(prune_warned_at=now, updated_at=now)
                .returning(m.user_id)
            )
            marked.update((await self.session.scalars(statement)).all())
        return marked

    async def mark_removed(
        self, chat_id: int, user_id: int, *, last_active_at: datetime, now: datetime
    ) -> bool:
        """Record a removal unless the member left, or spoke, since the plan was made."""
        m = Member.__table__.c
        result = await self.session.execute(
            update(Member.__table__)
            .where(
                m.chat_id == chat_id,
                m.user_id == user_id,
                m.status.in_(PRESENT),
                m.last_active_at <= last_active_at,
            )
            .values(status="removed", restricted_by_bot=False, grace_until=None, updated_at=now)
        )
        return bool(rowcount(result))

    # Telegram calls decided but not yet confirmed -------------------------------------------------
    async def begin(self, kind: str, key: str, *, now: datetime) -> None:
        statement = insert_for(self.session, Claim).values(
            job=_PENDING + kind, period=key, owner="", claimed_at=now
        )
        await self.session.execute(statement.on_conflict_do_nothing(index_elements=["job", "period"]))

    async def finish(self, kind: str, key: str, *, now: datetime) -> None:
        await self.session.execute(
            update(Claim).where(Claim.job == _PENDING + kind, Claim.period == key).values(done_at=now)
        )

    async def unfinished(self, kind: str) -> list[str]:
        query = (
            select(Claim.period)
            .where(Claim.job == _PENDING + kind, Claim.done_at.is_(None))
            .order_by(Claim.claimed_at, Claim.period)
        )
        return list((await self.session.scalars(query)).all())

    # the waiting list ----------------------------------------------------------------------------
    async def add_request(
        self,
        chat_id: int,
        user_id: int,
        *,
        user_chat_id: int | None,
        first_name: str,
        last_name: str | None,
        now: datetime,
    ) -> JoinRequestRecord:
        """A join request; one already waiting keeps its place (with the name as it is now)."""
        found = await self.session.scalar(
            select(JoinRequest).where(
                JoinRequest.chat_id == chat_id, JoinRequest.user_id == user_id, JoinRequest.state == WAITING
            )
        )
        if found is None:
            found = JoinRequest(chat_id=chat_id, user_id=user_id, requested_at=now, state=WAITING)
            self.session.add(found)
        found.user_chat_id, found.first_name, found.last_name = user_chat_id, first_name, last_name
        await self.session.flush()
        return _request(found)

    async def queued(self, chat_id: int) -> list[JoinRequestRecord]:
        """The waiting list in arrival order."""
        query = (
            select(JoinRequest)
            .where(JoinRequest.chat_id == chat_id, JoinRequest.state == WAITING)
            .order_by(JoinRequest.requested_at, JoinRequest.id)
        )
        return [_request(r) for r in (await self.session.scalars(query)).all()]

    async def position(self, request: JoinRequestRecord) -> int:
        """1 for the first in line."""
        r = JoinRequest
        ahead = await self.session.scalar(
            select(func.count()).where(
                r.chat_id == request.chat_id,
                r.state == WAITING,
                or_(
                    r.requested_at < request.requested_at,
                    and_(r.requested_at == request.requested_at, r.id < request.id),
                ),
            )
        )
        return int(ahead or 0) + 1

    async def chats_waiting(self) -> list[int]:
        query = select(JoinRequest.chat_id).where(JoinRequest.state == WAITING).distinct()
        return list((await self.session.scalars(query)).all())

    async def get_request(self, request_id: int) -> JoinRequestRecord | None:
        found = await self.session.get(JoinRequest, request_id)
        return None if found is None else _request(found)

    async def decide(
        self,
        request_id: int,
        state: str,
        *,
        now: datetime,
        note: str | None = None,
        current: str = WAITING,
        name: tuple[str, str | None] | None = None,
    ) -> bool:
        """Move a request on from ``current`` (with the name it was judged by); False when it had
        moved already (another run)."""
        values: dict[str, object] = {"state": state, "decided_at": now, "note": note}
        if name is not None:
            values["first_name"], values["last_name"] = name
        result = await self.session.execute(
            update(JoinRequest)
            .where(JoinRequest.id == request_id, JoinRequest.state == current)
            .values(values)
        )
        return bool(rowcount(result))

    async def is_present(self, chat_id: int, user_id: int) -> bool:
        m = Member
        found = await self.session.scalar(
            select(exists().where(m.chat_id == chat_id, m.user_id == user_id, m.status.in_(PRESENT)))
        )
        return bool(found)
