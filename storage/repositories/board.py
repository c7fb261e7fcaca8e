"""Read-only queries behind the public board: a page of proposals, one proposal with its steps,
each group's and department's counts.

Every page is a fixed number of queries, whatever the number of proposals: a filtered count, one
page of rows with their support counts and card levels, and the page's departments.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.publicity import (
    PAGE_SIZE,
    AuthorPolicy,
    BoardDetail,
    BoardItem,
    BoardQuery,
    BoardStep,
    public_author,
)
from storage.models import Card, Chat, Proposal, ProposalDepartment, ProposalEvent, Support

PolicyFor = Callable[[int], AuthorPolicy]


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class BoardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _filters(self, query: BoardQuery) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if query.state:
            where.append(Proposal.state == query.state)
        if query.topic:
            # topics are a JSON list, serialised the same way by both dialects (json.dumps)
            where.append(cast(Proposal.topics, String).like(_like(json.dumps(query.topic)), escape="\\"))
        if query.department:
            where.append(ProposalDepartment.department_id == query.department)
        if query.card is not None:
            where.append(Proposal.card_level == query.card)
        if query.q:
            where.append(Proposal.text.like(_like(query.q), escape="\\"))
        return where

    async def page(
        self, query: BoardQuery, *, titles: Mapping[int, str], policy_for: PolicyFor
    ) -> tuple[list[BoardItem], int]:
        """One page of proposals, newest first, and how many match in all."""
        where = self._filters(query)
        counted = self._by_department(select(func.count()).select_from(Proposal), query).where(*where)
        total = (await self.session.execute(counted)).scalar_one()
        # by department: walk that department's index, newest first, and join each proposal
        order = ProposalDepartment.number.desc() if query.department else Proposal.number.desc()
        rows = (await self.session.execute(
            self._by_department(self._items(), query).where(*where).order_by(order)
            .limit(PAGE_SIZE).offset(query.offset())
        )).all()
        return await self._build(rows, titles, policy_for), int(total)

    @staticmethod
    def _by_department(statement: Select[Any], query: BoardQuery) -> Select[Any]:
        if not query.department:
            return statement
        return statement.join(ProposalDepartment, ProposalDepartment.number == Proposal.number)

    async def items(
        self, numbers: list[int] | None = None, *, titles: Mapping[int, str], policy_for: PolicyFor,
        states: frozenset[str] | None = None,
    ) -> list[BoardItem]:
        """The given proposals (or all in ``states``), oldest first."""
        statement = self._items()
        if numbers is not None:
            statement = statement.where(Proposal.number.in_(numbers))
        if states is not None:
            statement = statement.where(Proposal.state.in_(sorted(states)))
        rows = (await self.session.execute(statement.order_by(Proposal.number))).all()
        return await self._build(rows, titles, policy_for)

    async def detail(
        self, number: int, *, titles: Mapping[int, str], policy_for: PolicyFor
    ) -> BoardDetail | None:
        rows = (await self.session.execute(self._items().where(Proposal.number == number))).all()
        if not rows:
            return None
        (item,) = await self._build(rows, titles, policy_for)
        extra = (await self.session.execute(
            select(Proposal.answer_text, Proposal.reject_reason, Proposal.merged_into)
            .where(Proposal.number == number)
        )).one()
        events = (await self.session.execute(
            select(ProposalEvent.at, ProposalEvent.action, ProposalEvent.to_state,
                   ProposalEvent.department_id, ProposalEvent.detail)
            .where(ProposalEvent.number == number).order_by(ProposalEvent.at, ProposalEvent.id)
        )).all()
        steps = tuple(BoardStep(e.at, e.action, e.to_state, e.department_id, e.detail) for e in events)
        return BoardDetail(item, extra.answer_text, extra.reject_reason, extra.merged_into, steps)

    async def groups(self) -> dict[int, int]:
        """How many proposals each group has."""
        rows = (await self.session.execute(
            select(Proposal.chat_id, func.count()).group_by(Proposal.chat_id)
        )).all()
        return {chat_id: int(n) for chat_id, n in rows}

    async def department_counts(self, department: str) -> dict[str, int]:
        """The department's proposals by state."""
        rows = (await self.session.execute(
            select(Proposal.state, func.count())
            .join(ProposalDepartment, ProposalDepartment.number == Proposal.number)
            .where(ProposalDepartment.department_id == department)
            .group_by(Proposal.state)
        )).all()
        return {state: int(n) for state, n in rows}

    @staticmethod
    def _items() -> Select[Any]:
        supports = select(func.count()).where(Support.number == Proposal.number).scalar_subquery().label("n")
        card = select(func.max(Card.level)).where(Card.number == Proposal.number).scalar_subquery().label("c")
        return select(
            Proposal.number, Proposal.chat_id, Proposal.topics, Proposal.state, Proposal.card_level,
            Proposal.created_at, Proposal.answered_at, Proposal.rating, Proposal.text, Proposal.author_name,
            Proposal.author_unit, supports, card, Chat.title,
        ).outerjoin(Chat, Chat.id == Proposal.chat_id)

    async def _build(
        self, rows: Sequence[Row[Any]], titles: Mapping[int, str], policy_for: PolicyFor
    ) -> list[BoardItem]:
        numbers = [r.number for r in rows]
        departments: dict[int, list[str]] = {}
        if numbers:
            for number, dept in (await self.session.execute(
                select(ProposalDepartment.number, ProposalDepartment.department_id)
                .where(ProposalDepartment.number.in_(numbers))
                .order_by(ProposalDepartment.number, ProposalDepartment.department_id)
            )).all():
                departments.setdefault(number, []).append(dept)
        return [_item(r, titles, policy_for, departments) for r in rows]


def _item(
    row: Row[Any], titles: Mapping[int, str], policy_for: PolicyFor, departments: dict[int, list[str]]
) -> BoardItem:
    return BoardItem(
        number=row.number,
        chat_id=row.chat_id,
        group_title=titles.get(row.chat_id) or row.title or "",
        topics=tuple(row.topics or ()),
        departments=tuple(departments.get(row.number, ())),
        state=row.state,
        card=max(row.card_level or 0, row.c or 0),
        supports=int(row.n or 0),
        submitted_at=row.created_at,
        answered_at=row.answered_at,
        rating=row.rating,
        text=row.text,
        author=public_author(row.author_name, row.author_unit, policy_for(row.chat_id)),
    )
