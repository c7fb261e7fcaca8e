"""Proposals as recorded: the text and who gave it, earlier versions, supports and the history.

The handling workflow, the digests and the export read proposals through this repository too, so a
proposal always comes back as the same frozen :class:`ProposalRecord`, with its support count and
assigned departments loaded in one batch for however many proposals are asked for.

Recording a proposal (``prior``, ``add``, ``set_ack``) runs for every one a member posts, so its
statements are built once on the table and reused: building an ORM statement costs more than
SQLite takes to run it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.proposals import Change, EventRecord, Prior, ProposalRecord, SupportRecord, VersionRecord
from storage.models import Proposal, ProposalDepartment, ProposalEvent, ProposalVersion, Support, Watermark
from storage.repositories.dialect import insert_for
from storage.repositories.results import rowcount

NAME_LIMIT = 64  # author_name and author_unit columns
# the number column is a 32-bit integer on PostgreSQL; a number past it (``/proposal 10**30``, a
# forged button) names no proposal, and must not reach the driver, which raises OverflowError
NUMBER_MAX = 2**31 - 1
PROPOSALS = Proposal.__table__
_P = PROPOSALS.c
_SINCE = bindparam("since", type_=_P.created_at.type)
_PRIOR = (
    select(_P.number, _P.dup_key, _P.created_at, _P.chat_id, _P.message_id, _P.author_id)
    .where(
        ((_P.chat_id == bindparam("chat_id")) & (_P.message_id == bindparam("message_id")))
        | ((_P.author_id == bindparam("author_id")) & (_P.created_at > _SINCE))
    )
    .order_by(_P.number)
)
_ADD = insert(PROPOSALS).returning(_P.number)
_SET_ACK = update(PROPOSALS).where(_P.number == bindparam("acked")).values(ack_message_id=bindparam("ack"))


def _record(p: Proposal, supports: int, departments: tuple[str, ...]) -> ProposalRecord:
    return ProposalRecord(
        p.number, p.chat_id, p.message_id, p.author_id, p.author_name, p.author_unit, p.text,
        tuple(p.topics or ()), p.link, p.created_at, p.state, p.ack_message_id, supports,
        p.answer_text, p.answered_at, p.rating, p.card_level, p.merged_into, departments,
        p.updated_at, p.accepted_at, p.answered_by, p.answer_message_id, p.on_time, p.rated_at,
        p.closed_at, p.reject_reason,
    )


class ProposalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # reading -------------------------------------------------------------------------------------
    async def _records(self, rows: Sequence[Proposal]) -> list[ProposalRecord]:
        numbers = [p.number for p in rows]
        if not numbers:
            return []
        counts = dict(
            (await self.session.execute(
                select(Support.number, func.count()).where(Support.number.in_(numbers))
                .group_by(Support.number)
            )).all()
        )
        departments: dict[int, list[str]] = {}
        assigned = await self.session.execute(
            select(ProposalDepartment.number, ProposalDepartment.department_id)
            .where(ProposalDepartment.number.in_(numbers))
            .order_by(ProposalDepartment.department_id)
        )
        for number, department in assigned.all():
            departments.setdefault(number, []).append(department)
        return [_record(p, counts.get(p.number, 0), tuple(departments.get(p.number, ()))) for p in rows]

    async def get(self, number: int) -> ProposalRecord | None:
        found = await self.get_many([number])
        return found[0] if found else None

    async def get_many(self, numbers: Iterable[int]) -> list[ProposalRecord]:
        """The proposals with these numbers that exist, by number."""
        wanted = sorted({n for n in numbers if 0 < n <= NUMBER_MAX})
        if not wanted:
            return []
        rows = (await self.session.scalars(
            select(Proposal).where(Proposal.number.in_(wanted)).order_by(Proposal.number)
        )).all()
        return await self._records(rows)

    async def by_message(self, chat_id: int, message_id: int) -> ProposalRecord | None:
        row = await self.session.scalar(
            select(Proposal).where(Proposal.chat_id == chat_id, Proposal.message_id == message_id)
        )
        return None if row is None else (await self._records([row]))[0]

    async def by_author(self, author_id: int, *, limit: int = 20) -> list[ProposalRecord]:
        """The author's latest proposals, newest first."""
        rows = (await self.session.scalars(
            select(Proposal).where(Proposal.author_id == author_id)
            .order_by(Proposal.number.desc()).limit(limit)
        )).all()
        return await self._records(rows)

    async def count_by_author(self, author_id: int) -> int:
        return int(await self.session.scalar(
            select(func.count()).where(Proposal.author_id == author_id)
        ) or 0)

    async def find(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        states: Iterable[str] | None = None,
        chat_id: int | None = None,
    ) -> list[ProposalRecord]:
        """Proposals created in ``[since, until)``, optionally in these states or this group, by number."""
        query = select(Proposal).order_by(Proposal.number)
        if since is not None:
            query = query.where(Proposal.created_at >= since)
        if until is not None:
            query = query.where(Proposal.created_at < until)
        if states is not None:
            query = query.where(Proposal.state.in_(list(states)))
        if chat_id is not None:
            query = query.where(Proposal.chat_id == chat_id)
        return await self._records((await self.session.scalars(query)).all())

    async def prior(self, chat_id: int, message_id: int, author_id: int, since: datetime) -> Prior:
        """The proposal already made of this message (a redelivered update), and the author's
        proposals created after ``since`` (the duplicate check): both in one round trip."""
        rows = (await self.session.execute(_PRIOR, {
            "chat_id": chat_id, "message_id": message_id, "author_id": author_id, "since": since,
        })).all()
        existing = next((r.number for r in rows if r.chat_id == chat_id and r.message_id == message_id), None)
        recent = [(r.number, r.dup_key, r.created_at) for r in rows
                  if r.author_id == author_id and r.created_at > since]
        return Prior(existing, recent)

    # writing -------------------------------------------------------------------------------------
    async def add(
        self,
        *,
        chat_id: int,
        message_id: int,
        author_id: int,
        author_name: str,
        author_unit: str,
        text: str,
        topics: Sequence[str],
        dup_key: str,
        link: str | None,
        now: datetime,
    ) -> ProposalRecord:
        """Record a new proposal in state ``submitted``; its number comes from the database."""
        name, unit, topics = author_name[:NAME_LIMIT], author_unit[:NAME_LIMIT], tuple(topics)
        number = (await self.session.execute(_ADD, {
            "chat_id": chat_id, "message_id": message_id, "author_id": author_id, "author_name": name,
            "author_unit": unit, "text": text, "topics": list(topics), "dup_key": dup_key, "link": link,
            "created_at": now, "updated_at": now, "state": "submitted", "card_level": 0,
        })).scalar_one()
        return ProposalRecord(
            number, chat_id, message_id, author_id, name, unit, text, topics, link, now, "submitted",
            None, 0, None, None, None, 0, None, (), now,
        )

    async def set_ack(self, number: int, ack_message_id: int) -> None:
        await self.session.execute(_SET_ACK, {"acked": number, "ack": ack_message_id})

    async def edit_text(self, number: int, text: str, dup_key: str, now: datetime) -> bool:
        """The author edited the message: keep the current text as a version, then replace it.
        False when the text did not change (an edit of formatting only) or there is no proposal."""
        row = await self.session.get(Proposal, number)
        if row is None or row.text == text:
            return False
        self.session.add(ProposalVersion(number=number, text=row.text, at=row.updated_at))
        row.text, row.dup_key, row.updated_at = text, dup_key, now
        await self.session.flush()
        return True

    # supports ------------------------------------------------------------------------------------
    async def supporters(self, number: int) -> frozenset[int]:
        found = await self.session.scalars(select(Support.user_id).where(Support.number == number))
        return frozenset(found.all())

    async def add_support(self, number: int, user_id: int, now: datetime) -> None:
        await self.session.execute(
            insert_for(self.session, Support).values(number=number, user_id=user_id, at=now)
            .on_conflict_do_nothing(index_elements=["number", "user_id"])
        )

    async def remove_support(self, number: int, user_id: int) -> None:
        await self.session.execute(
            delete(Support).where(Support.number == number, Support.user_id == user_id)
        )

    async def count_supports(self, number: int) -> int:
        return int(await self.session.scalar(
            select(func.count()).where(Support.number == number)
        ) or 0)

    # history, for /history and the export --------------------------------------------------------
    async def versions_of(self, numbers: Iterable[int]) -> dict[int, list[VersionRecord]]:
        """Earlier texts per proposal, oldest first."""
        found: dict[int, list[VersionRecord]] = {}
        rows = await self.session.scalars(
            select(ProposalVersion).where(ProposalVersion.number.in_(list(numbers)))
            .order_by(ProposalVersion.number, ProposalVersion.id)
        )
        for v in rows:
            found.setdefault(v.number, []).append(VersionRecord(v.number, v.text, v.at))
        return found

    async def supports_of(self, numbers: Iterable[int]) -> dict[int, list[SupportRecord]]:
        found: dict[int, list[SupportRecord]] = {}
        rows = await self.session.scalars(
            select(Support).where(Support.number.in_(list(numbers))).order_by(Support.number, Support.at)
        )
        for s in rows:
            found.setdefault(s.number, []).append(SupportRecord(s.number, s.user_id, s.at))
        return found

    async def events_of(self, numbers: Iterable[int]) -> dict[int, list[EventRecord]]:
        """The handling history (written by the handling workflow) per proposal, in order."""
        found: dict[int, list[EventRecord]] = {}
        rows = await self.session.scalars(
            select(ProposalEvent).where(ProposalEvent.number.in_(list(numbers)))
            .order_by(ProposalEvent.number, ProposalEvent.id)
        )
        for e in rows:
            found.setdefault(e.number, []).append(EventRecord(
                e.id, e.number, e.at, e.actor_id, e.action, e.from_state, e.to_state, e.department_id,
                e.detail, dict(e.data or {}),
            ))
        return found

    # what changed -------------------------------------------------------------------------------
    async def changed_after(self, event_id: int, *, limit: int) -> list[Change]:
        """The handling steps recorded after ``event_id``, in order: every step, card and rating
        is one, so this is what changed since a job last looked."""
        rows = await self.session.execute(
            select(ProposalEvent.id, ProposalEvent.number, ProposalEvent.action, ProposalEvent.detail,
                   ProposalEvent.at)
            .where(ProposalEvent.id > event_id).order_by(ProposalEvent.id).limit(limit)
        )
        return [Change(int(i), int(n), a, d, at) for i, n, a, d, at in rows.all()]

    async def watermark(self, name: str) -> int:
        found = await self.session.scalar(select(Watermark.value).where(Watermark.name == name))
        return int(found or 0)

    async def advance_watermark(self, name: str, seen: int, to: int) -> bool:
        """Move ``name`` from ``seen`` to ``to``; False when another run moved it first (its
        transaction queued the same work, so this one must roll back)."""
        moved = await self.session.execute(
            update(Watermark).where(Watermark.name == name, Watermark.value == seen).values(value=to)
        )
        if rowcount(moved) or seen != 0:
            return bool(rowcount(moved))
        first = insert_for(self.session, Watermark).values(name=name, value=to).on_conflict_do_nothing()
        return bool(rowcount(await self.session.execute(first)))
