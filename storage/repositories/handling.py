"""Handling (限时办结) as stored: the state columns of a proposal, its departments, its history
and its deadline cards.

A step decided by the domain (``deliberation.handling.Transition``) is written as state columns
plus one ``proposal_events`` row, in the caller's transaction, so the record of "who did what,
when and why" can never disagree with the state. A card row is unique per proposal and level:
inserting it is the claim that makes a restart neither repeat nor skip a card.

Routing a new proposal and reading its officials' languages run for every proposal, so their
statements are built once (per dialect for the upsert) and reused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.handling import (
    OPEN_STATES,
    Action,
    HandlingCase,
    HistoryEntry,
    State,
    Transition,
    parse_rating,
)
from storage.models import Card, Member, PromiseCard, Proposal, ProposalDepartment, ProposalEvent, User
from storage.repositories.dialect import insert_for, insert_on, once_per_dialect
from storage.repositories.proposals import NUMBER_MAX
from storage.repositories.results import rowcount

_OPEN = tuple(sorted(state.value for state in OPEN_STATES))  # for the SQL IN (...) filters
_EVENT = insert(ProposalEvent.__table__)
_LANGUAGES = select(User.__table__.c.id, User.__table__.c.language_code).where(
    User.__table__.c.id.in_(bindparam("ids", expanding=True))
)
_ASSIGNED: dict[str, Any] = {}  # dialect -> INSERT INTO proposal_departments ... ON CONFLICT DO NOTHING


def _assign_or_nothing(dialect: str) -> Any:
    return insert_on(dialect, ProposalDepartment.__table__).on_conflict_do_nothing(
        index_elements=["number", "department_id"]
    )


def _kept(at: datetime) -> Any:
    """With the final answer: kept when a promise stands and the answer is by its date."""
    return case(
        (Proposal.promised_by.is_(None), None),
        else_=Proposal.promised_by >= at,
    )


class HandlingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # reading ---------------------------------------------------------------------------------
    async def _cases(self, where: Any, order: Any = None) -> list[HandlingCase]:
        query = select(Proposal).where(where)
        rows = (await self.session.scalars(query.order_by(order or Proposal.number))).all()
        if not rows:
            return []
        numbers = [p.number for p in rows]
        departments: dict[int, set[str]] = defaultdict(set)
        for number, department in await self.session.execute(
            select(ProposalDepartment.number, ProposalDepartment.department_id).where(
                ProposalDepartment.number.in_(numbers)
            )
        ):
            departments[number].add(department)
        highest = select(Card.number, func.max(Card.level)).where(Card.number.in_(numbers))
        issued: dict[int, int] = dict((await self.session.execute(highest.group_by(Card.number))).all())
        return [
            HandlingCase(
                p.number, p.chat_id, p.message_id, p.author_id, p.author_name, p.author_unit, p.text,
                tuple(p.topics or ()), State(p.state), frozenset(departments[p.number]), p.created_at,
                p.answered_at, p.answer_message_id, parse_rating(p.rating), p.merged_into,
                int(issued.get(p.number) or 0), p.promised_by, int(p.promises or 0), p.replied_at,
                p.adopted_at, int(p.reworks or 0), p.on_time,
            )
            for p in rows
        ]

    async def get(self, number: int) -> HandlingCase | None:
        if not 0 < number <= NUMBER_MAX:
            return None  # no such proposal, and a number the database cannot hold
        found = await self._cases(Proposal.number == number)
        return found[0] if found else None

    async def open_cases(
        self, *, submitted_before: datetime | None = None, below_level: int | None = None
    ) -> list[HandlingCase]:
        """Proposals still waiting for an answer (submitted, accepted, or reopened), oldest first;
        the deadline job narrows them to those old enough for a card and not yet at the last one."""
        where: ColumnElement[bool] = Proposal.state.in_(_OPEN)
        if submitted_before is not None:
            where &= Proposal.created_at <= submitted_before
        if below_level is not None:
            where &= Proposal.card_level < below_level
        return await self._cases(where, Proposal.created_at)

    async def queue(self, departments: Iterable[str]) -> list[HandlingCase]:
        """The open proposals of these departments, oldest first."""
        assigned = select(ProposalDepartment.number).where(
            ProposalDepartment.department_id.in_(list(departments))
        )
        return await self._cases(
            Proposal.state.in_(_OPEN) & Proposal.number.in_(assigned), Proposal.created_at
        )

    async def history(self, number: int) -> list[HistoryEntry]:
        rows = await self.session.scalars(
            select(ProposalEvent).where(ProposalEvent.number == number)
            .order_by(ProposalEvent.at, ProposalEvent.id)
        )
        return [
            HistoryEntry(
                e.at, e.actor_id, e.action, e.from_state, e.to_state, e.department_id, e.detail,
                (e.data or {}).get("into"), (e.data or {}).get("promised_by"),
                (e.data or {}).get("approved_by"), bool((e.data or {}).get("rework")),
                bool((e.data or {}).get("extends")),
            )
            for e in rows.all()
        ]

    async def names(self, chat_id: int, user_ids: Iterable[int]) -> dict[int, str]:
        """Display names as last seen: the user's own record, else the member's in this chat."""
        ids = set(user_ids)
        if not ids:
            return {}
        found: dict[int, str] = {}
        for uid, first, last in await self.session.execute(
            select(Member.user_id, Member.first_name, Member.last_name).where(
                Member.chat_id == chat_id, Member.user_id.in_(ids)
            )
        ):
            found[uid] = f"{first} {last}".strip() if last else first
        for uid, first, last in await self.session.execute(
            select(User.id, User.first_name, User.last_name).where(User.id.in_(ids))
        ):
            found[uid] = f"{first} {last}".strip() if last else first
        return found

    async def languages(self, user_ids: Iterable[int]) -> dict[int, str | None]:
        """The Telegram language of each of these users the bot has seen (officials' notices)."""
        ids = list(user_ids)
        if not ids:
            return {}
        return dict((await self.session.execute(_LANGUAGES, {"ids": ids})).all())

    # writing ---------------------------------------------------------------------------------
    async def assign(self, number: int, departments: Iterable[str], *, now: datetime) -> None:
        """Routing on creation: the bot assigns the departments of the proposal's topics."""
        chosen = sorted(departments)
        if not chosen:
            return
        await self._add_departments(number, chosen, now)
        await self.session.execute(_EVENT, [
            {"number": number, "at": now, "actor_id": None, "action": Action.ASSIGN.value,
             "from_state": State.SUBMITTED.value, "to_state": State.SUBMITTED.value, "department_id": d,
             "detail": None, "data": {}}
            for d in chosen
        ])

    async def _add_departments(self, number: int, departments: list[str], now: datetime) -> None:
        """Those not assigned yet; one statement for all of them."""
        statement = once_per_dialect(self.session, _ASSIGNED, _assign_or_nothing)
        await self.session.execute(
            statement, [{"number": number, "department_id": d, "assigned_at": now} for d in departments]
        )

    async def record(
        self, step: Transition, *, on_time: bool | None = None, approved_by: int | None = None
    ) -> bool:
        """Write one decided step: the state columns it changes and its history row. False (and
        nothing written) when the proposal moved on since it was read: two officials answering at
        once, or a second press of a rating button, record one step. ``approved_by``: the leader
        who approved the draft this step publishes (审核), kept with the step."""
        values: dict[str, Any] = {"state": step.to_state.value, "updated_at": step.at}
        action = step.action
        if action is Action.ACCEPT:
            values["accepted_at"] = step.at
        elif action is Action.ANSWER:
            # the first reply's verdict stands (an interim reply in time was the timely reply)
            values.update(
                answered_at=step.at, answered_by=step.actor_id, answer_text=step.detail,
                on_time=func.coalesce(Proposal.on_time, on_time), rating=None, rated_at=None,
                answer_message_id=None, accepted_at=func.coalesce(Proposal.accepted_at, step.at),
                replied_at=func.coalesce(Proposal.replied_at, step.at),
                promise_kept=_kept(step.at),
            )
        elif action is Action.PROGRESS:
            values.update(
                accepted_at=func.coalesce(Proposal.accepted_at, step.at),
                replied_at=func.coalesce(Proposal.replied_at, step.at),
                on_time=func.coalesce(Proposal.on_time, on_time),
                promised_by=step.promised_by, promises=Proposal.promises + 1,
            )
        elif action is Action.ADOPT:
            values.update(adopted_at=step.at, adopted_by=step.actor_id, adopt_note=step.detail)
        elif action is Action.REJECT:
            values["reject_reason"] = step.detail
        elif action is Action.MERGE:
            values["merged_into"] = step.into
        elif action is Action.CLOSE:
            values["closed_at"] = step.at
        elif action is Action.RATE:
            values.update(rating=step.rating.value if step.rating else None, rated_at=step.at,
                          reworks=step.reworks)
            if step.reopened:
                values["promised_by"] = None  # rework is owed under no earlier promise
        elif action is Action.REOPEN:
            values.update(closed_at=None, promised_by=None)
        unchanged = (Proposal.number == step.number) & (Proposal.state == step.from_state.value)
        if action is Action.RATE:
            unchanged &= Proposal.rating.is_(None)
        elif action is Action.ADOPT:
            unchanged &= Proposal.adopted_at.is_(None)
        elif action is Action.PROGRESS:
            # two officials promising at once record one promise
            unchanged &= (Proposal.promised_by.is_(None) if step.extends is None
                          else Proposal.promised_by == step.extends)
        result = await self.session.execute(update(Proposal).where(unchanged).values(**values))
        if not rowcount(result):
            return False
        if action is Action.ASSIGN:
            await self._set_departments(step.number, step.departments, step.at)
        data: dict[str, Any] = {"departments": sorted(step.departments)}
        if step.into is not None:
            data["into"] = step.into
        if step.promised_by is not None:
            data["promised_by"] = step.promised_by.isoformat()
        if step.extends is not None:
            data["extends"] = step.extends.isoformat()
        if step.rework:
            data["rework"] = step.reworks
        if approved_by is not None:
            data["approved_by"] = approved_by
        self.session.add(ProposalEvent(
            number=step.number, at=step.at, actor_id=step.actor_id, action=action.value,
            from_state=step.from_state.value, to_state=step.to_state.value,
            department_id=step.department, detail=step.detail, data=data,
        ))
        await self.session.flush()
        return True

    async def _set_departments(self, number: int, departments: frozenset[str], now: datetime) -> None:
        await self.session.execute(
            delete(ProposalDepartment).where(
                ProposalDepartment.number == number, ProposalDepartment.department_id.not_in(departments)
            )
        )
        if departments:
            await self._add_departments(number, sorted(departments), now)

    async def set_answer_message(self, number: int, message_id: int) -> None:
        await self.session.execute(
            update(Proposal).where(Proposal.number == number).values(answer_message_id=message_id)
        )

    async def issue_card(self, number: int, level: int, *, now: datetime, age_seconds: int) -> bool:
        """Insert the card; False when it was issued before (the insert is the claim)."""
        result = await self.session.execute(
            insert_for(self.session, Card)
            .values(number=number, level=level, issued_at=now, age_seconds=age_seconds)
            .on_conflict_do_nothing(index_elements=["number", "level"])
        )
        if not rowcount(result):
            return False
        await self.session.execute(
            update(Proposal)
            .where(Proposal.number == number, Proposal.card_level < level)
            .values(card_level=level)
        )
        self.session.add(ProposalEvent(
            number=number, at=now, actor_id=None, action="card", from_state=None, to_state=None,
            department_id=None, detail=str(level), data={"level": level, "age_seconds": age_seconds},
        ))
        return True

    # promises ---------------------------------------------------------------------------------
    async def open_promises(self, *, due_before: datetime) -> list[tuple[HandlingCase, int]]:
        """Open proposals whose promised date is before ``due_before``, each with the highest
        promise card issued for its current promise (0: none)."""
        cases = await self._cases(
            Proposal.state.in_(_OPEN) & Proposal.promised_by.is_not(None)
            & (Proposal.promised_by <= due_before), Proposal.promised_by,
        )
        if not cases:
            return []
        rows = await self.session.execute(
            select(PromiseCard.number, PromiseCard.round, func.max(PromiseCard.level))
            .where(PromiseCard.number.in_([c.number for c in cases]))
            .group_by(PromiseCard.number, PromiseCard.round)
        )
        issued = {(number, rnd): int(level) for number, rnd, level in rows}
        return [(c, issued.get((c.number, c.promises), 0)) for c in cases]

    async def issue_promise_card(
        self, number: int, round_: int, level: int, *, now: datetime, overdue_seconds: int
    ) -> bool:
        """Insert the promise card; False when it was issued before (the insert is the claim)."""
        result = await self.session.execute(
            insert_for(self.session, PromiseCard)
            .values(number=number, round=round_, level=level, issued_at=now, overdue_seconds=overdue_seconds)
            .on_conflict_do_nothing(index_elements=["number", "round", "level"])
        )
        if not rowcount(result):
            return False
        self.session.add(ProposalEvent(
            number=number, at=now, actor_id=None, action="promise_card", from_state=None, to_state=None,
            department_id=None, detail=str(level),
            data={"level": level, "round": round_, "overdue_seconds": overdue_seconds},
        ))
        return True

    async def note(self, number: int, *, at: datetime, actor_id: int | None, action: str,
                   detail: str | None = None, department: str | None = None, **data: Any) -> None:
        """A history row that moves no state: a draft sent for review or returned, a rework
        reason, an escalation."""
        self.session.add(ProposalEvent(
            number=number, at=at, actor_id=actor_id, action=action, from_state=None, to_state=None,
            department_id=department, detail=detail, data=data,
        ))
        await self.session.flush()
