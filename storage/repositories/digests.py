"""Read-only queries behind the daily digest and the weekly ranking.

Everything is read in a few set-based queries (never a query per proposal or per official), and
handed out as the domain's own plain values (``ProposalLine``, ``HandledItem``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.digests import ProposalLine
from deliberation.handling import OPEN_STATES, State, counted_on_time
from deliberation.ranking import HandledItem
from storage.models import Card, Chat, Claim, OutboxMessage, Proposal, ProposalDepartment, Support

LinkFor = Callable[[int, int], str]
DIGEST_JOB = "digest"
_OPEN = tuple(sorted(state.value for state in OPEN_STATES))  # for the SQL IN (...) filters


def _digest_window(new_since: datetime) -> ColumnElement[bool]:
    """Proposals a digest can show: new ones, open ones, answered ones not yet rated."""
    return or_(
        Proposal.created_at >= new_since,
        Proposal.state.in_(_OPEN),
        and_(Proposal.state == State.ANSWERED.value, Proposal.rating.is_(None)),
        Proposal.adopted_at >= new_since,
    )


class DigestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def proposal_lines(
        self, new_since: datetime, *, titles: Mapping[int, str] | None = None, link_for: LinkFor | None = None
    ) -> list[ProposalLine]:
        """Proposals created since ``new_since``, plus every open or unrated one, oldest first.

        Group titles come from ``titles`` (the configuration), else from the chats table; a
        proposal without a stored link gets ``link_for(chat_id, message_id)``.

        Supports are counted and the card level taken (the highest card issued, or the level
        recorded on the proposal) by correlated subqueries on the primary keys."""
        titles = titles or {}
        window = _digest_window(new_since)
        supports = select(func.count()).where(Support.number == Proposal.number).scalar_subquery().label("n")
        card = select(func.max(Card.level)).where(Card.number == Proposal.number).scalar_subquery().label("c")
        rows = (await self.session.execute(
            select(
                Proposal.number, Proposal.chat_id, Proposal.message_id, Proposal.topics, Proposal.text,
                Proposal.author_name, Proposal.author_unit, Proposal.link, Proposal.created_at,
                Proposal.state, Proposal.card_level, Proposal.answered_at, Proposal.rating,
                Proposal.promised_by, Proposal.adopted_at, supports, card, Chat.title,
            )
            .outerjoin(Chat, Chat.id == Proposal.chat_id)
            .where(window)
            .order_by(Proposal.created_at, Proposal.number)
        )).all()
        departments: dict[int, list[str]] = {}
        for number, dept in (await self.session.execute(
            select(ProposalDepartment.number, ProposalDepartment.department_id)
            .join(Proposal, Proposal.number == ProposalDepartment.number)
            .where(window)
            .order_by(ProposalDepartment.number, ProposalDepartment.department_id)
        )).all():
            departments.setdefault(number, []).append(dept)
        return [
            ProposalLine(
                number=r.number, chat_id=r.chat_id, group_title=titles.get(r.chat_id) or r.title or "",
                topics=tuple(r.topics or ()), text=r.text, author_name=r.author_name,
                author_unit=r.author_unit,
                supports=int(r.n or 0),
                link=r.link or (link_for(r.chat_id, r.message_id) if link_for else None),
                submitted_at=r.created_at, state=r.state, card=max(r.card_level or 0, r.c or 0),
                departments=tuple(departments.get(r.number, ())), answered_at=r.answered_at,
                rated=r.rating is not None, promised_by=r.promised_by, adopted_at=r.adopted_at,
            )
            for r in rows
        ]

    async def handled_items(
        self, start: datetime, end: datetime, *, now: datetime, reply_due: timedelta
    ) -> list[HandledItem]:
        """One item per (proposal received in [start, end), assigned department).

        A merged proposal is left out (its target carries it); on-time as the ranking counts it
        (``deliberation.handling.counted_on_time``), from the first reply, interim or final; a
        promise still open past its date counts as not kept."""
        rows = (await self.session.execute(
            select(
                ProposalDepartment.department_id, Proposal.number, Proposal.text, Proposal.created_at,
                Proposal.answered_at, Proposal.on_time, Proposal.rating, Proposal.state,
                Proposal.replied_at, Proposal.promised_by, Proposal.promise_kept, Proposal.adopted_at,
            )
            .join(Proposal, Proposal.number == ProposalDepartment.number)
            .where(Proposal.created_at >= start, Proposal.created_at < end,
                   Proposal.state != State.MERGED.value)
            .order_by(Proposal.number, ProposalDepartment.department_id)
        )).all()
        finished = (State.ANSWERED.value, State.CLOSED.value)

        def kept(recorded: bool | None, promised: datetime | None, state: str) -> bool | None:
            if recorded is not None:
                return recorded
            return False if promised is not None and promised < now and state in _OPEN else None

        return [
            HandledItem(dept, number, text, created, answered if state in finished else None,
                        counted_on_time(on_time, created, replied or answered, state, now=now,
                                        reply_due=reply_due),
                        rating, state in finished, kept(promise_kept, promised, state), adopted is not None)
            for (dept, number, text, created, answered, on_time, rating, state, replied, promised,
                 promise_kept, adopted) in rows
        ]

    async def last_digest_ends(self) -> dict[int, datetime]:
        """When each official's previous digest was made (the end of the period it covered).

        The latest claimed digest period's outbox rows are keyed ``digest:PERIOD:OFFICIAL:PART``
        and created at the moment the digest was built; a range on the unique key finds them."""
        period = await self.session.scalar(
            select(Claim.period).where(Claim.job == DIGEST_JOB).order_by(Claim.period.desc()).limit(1)
        )
        if period is None:
            return {}
        prefix = f"{DIGEST_JOB}:{period}:"
        rows = (await self.session.execute(
            select(OutboxMessage.key, OutboxMessage.created_at).where(
                OutboxMessage.key >= prefix, OutboxMessage.key < prefix[:-1] + ";"
            )
        )).all()
        ends: dict[int, datetime] = {}
        for key, created in rows:
            official = key[len(prefix):].split(":", 1)[0]
            if official.lstrip("-").isdigit():
                ends[int(official)] = max(created, ends.get(int(official), created))
        return ends
