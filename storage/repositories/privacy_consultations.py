"""Personal data in what consultations store: opinions, their supports, follow opt-outs, FAQ
entries and corrections; what ``/mydata`` shows of them and what an erasure does to them.

The opinions stay (the deliberation record belongs to the group) under "a member (unit)" or no
one, as the group's policy says, their texts without the author's name; the member's supports of
opinions and their opt-out go; corrections and FAQ entries keep what was said and when, not by or
about whom. Texts others wrote (their opinions, a clarification, an answer, a conclusion) lose the
member's name only: a unit there is a place or an office the text is about, not the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.privacy import ERASED_AUTHOR, Erasure, scrub, shown_author
from storage.models import Consultation, Correction, FaqItem, FollowOptOut, Opinion, OpinionSupport
from storage.repositories.results import rowcount

Titles = dict[int, str]


@dataclass(frozen=True, slots=True)
class ConsultationsErased:
    opinions: int = 0
    supports: int = 0


def _at(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _scope(column: Any, plan: Erasure) -> Any:
    return column.in_(plan.chat_ids) if plan.chat_ids is not None else column.is_not(None)


def _mentioning(*columns: Any, needles: tuple[str, ...]) -> Any:
    return or_(*(c.contains(n) for c in columns for n in needles))


# what is held -----------------------------------------------------------------------------------
async def names(
    session: AsyncSession, user_id: int, chat_ids: frozenset[int] | None
) -> tuple[list[str], list[str]]:
    """(names, units) the member's opinions recorded."""
    query = select(Opinion.author_name, Opinion.author_unit).where(Opinion.author_id == user_id)
    if chat_ids is not None:
        query = query.where(Opinion.chat_id.in_(chat_ids))
    rows = (await session.execute(query.distinct())).all()
    return [n for n, _ in rows if n.strip()], [u for _, u in rows if u.strip()]


async def chat_ids(session: AsyncSession, user_id: int) -> set[int]:
    """The groups the member's consultation records are in (for the export's group titles)."""
    found = set((await session.scalars(select(Opinion.chat_id).where(Opinion.author_id == user_id))).all())
    found |= set((await session.scalars(
        select(Opinion.chat_id).join(OpinionSupport, OpinionSupport.opinion_id == Opinion.id)
        .where(OpinionSupport.user_id == user_id))).all())
    found |= set((await session.scalars(select(FaqItem.chat_id).where(FaqItem.created_by == user_id))).all())
    found |= set((await session.scalars(select(Correction.chat_id).where(
        or_(Correction.author_id == user_id, Correction.moderator_id == user_id)))).all())
    return found


async def export(session: AsyncSession, user_id: int, titles: Titles) -> dict[str, Any]:
    """The document's consultation parts. Of another member's opinion the member supported, only
    which consultation and which opinion: its author and text are that member's."""
    opinions = (await session.execute(
        select(Opinion, Consultation.topic, Consultation.question, Consultation.state)
        .join(Consultation, Consultation.id == Opinion.consultation_id)
        .where(Opinion.author_id == user_id).order_by(Opinion.id))).all()
    counts: dict[int, int] = {}
    if opinions:
        counted = await session.execute(
            select(OpinionSupport.opinion_id, func.count())
            .where(OpinionSupport.opinion_id.in_([o.id for o, *_ in opinions]))
            .group_by(OpinionSupport.opinion_id))
        counts = {opinion_id: int(n) for opinion_id, n in counted.all()}
    supported = (await session.execute(
        select(OpinionSupport.opinion_id, OpinionSupport.at, Opinion.consultation_id, Opinion.chat_id,
               Consultation.topic, Consultation.question)
        .join(Opinion, Opinion.id == OpinionSupport.opinion_id)
        .join(Consultation, Consultation.id == Opinion.consultation_id)
        .where(OpinionSupport.user_id == user_id).order_by(OpinionSupport.opinion_id))).all()
    optout = await session.get(FollowOptOut, user_id)
    faq = (await session.scalars(
        select(FaqItem).where(FaqItem.created_by == user_id).order_by(FaqItem.id))).all()
    corrections = (await session.scalars(select(Correction).where(
        or_(Correction.author_id == user_id, Correction.moderator_id == user_id))
        .order_by(Correction.id))).all()
    return {
        "opinions": [{
            "consultation": o.consultation_id, "chat_id": o.chat_id, "group": titles.get(o.chat_id, ""),
            "topic": topic, "question": question, "consultation_state": state, "message_id": o.message_id,
            "author_name": o.author_name, "author_unit": o.author_unit, "text": o.text, "at": _at(o.at),
            "supports": counts.get(o.id, 0),
        } for o, topic, question, state in opinions],
        "opinion_supports": [{
            "opinion": opinion_id, "consultation": consultation_id, "chat_id": chat_id,
            "group": titles.get(chat_id, ""), "topic": topic, "question": question, "at": _at(at),
        } for opinion_id, at, consultation_id, chat_id, topic, question in supported],
        "follow_optout": None if optout is None else {"at": _at(optout.at)},
        "faq_entries": [{
            "id": f.id, "chat_id": f.chat_id, "group": titles.get(f.chat_id, ""),
            "keywords": list(f.keywords or ()), "answer": f.answer, "link": f.link, "source": f.source,
            "proposal_number": f.proposal_number, "created_at": _at(f.created_at),
            "updated_at": _at(f.updated_at),
        } for f in faq],
        "corrections": [{
            "chat_id": c.chat_id, "group": titles.get(c.chat_id, ""), "message_id": c.message_id,
            "role": "author" if c.author_id == user_id else "moderator", "text": c.text,
            "deleted_original": c.deleted_original, "at": _at(c.at),
        } for c in corrections],
    }


# erasure ----------------------------------------------------------------------------------------
async def erase(session: AsyncSession, plan: Erasure) -> ConsultationsErased:
    uid = plan.user_id
    others = plan.needles_without_unit
    mine = (await session.scalars(
        select(Opinion).where(Opinion.author_id == uid, _scope(Opinion.chat_id, plan)))).all()
    for o in mine:
        o.author_id = ERASED_AUTHOR
        o.author_name, o.author_unit = shown_author(o.author_unit, plan.policy.authors_in(o.chat_id))
        o.text = scrub(o.text, plan.proposal_needles(o.chat_id))
    supports = rowcount(await session.execute(delete(OpinionSupport).where(
        OpinionSupport.user_id == uid,
        OpinionSupport.opinion_id.in_(select(Opinion.id).where(_scope(Opinion.chat_id, plan))))))
    if plan.everywhere:  # an opt-out belongs to no group: it goes with the member's own record
        await session.execute(delete(FollowOptOut).where(FollowOptOut.user_id == uid))
    in_scope = _scope(Correction.chat_id, plan)
    await session.execute(update(Correction).where(Correction.author_id == uid, in_scope)
                          .values(author_id=None))
    await session.execute(update(Correction).where(Correction.moderator_id == uid, in_scope)
                          .values(moderator_id=ERASED_AUTHOR))
    await session.execute(update(FaqItem).where(FaqItem.created_by == uid, _scope(FaqItem.chat_id, plan))
                          .values(created_by=None))
    if others:
        await _scrub(session, plan, Opinion, (Opinion.text,), Opinion.chat_id, others)
        await _scrub(session, plan, Correction, (Correction.text,), Correction.chat_id, others)
        await _scrub(session, plan, FaqItem, (FaqItem.answer,), FaqItem.chat_id, others)
        texts = (Consultation.question, Consultation.background, Consultation.conclusion)
        await _scrub(session, plan, Consultation, texts, Consultation.chat_id, others)
    return ConsultationsErased(opinions=len(mine), supports=supports)


async def _scrub(
    session: AsyncSession, plan: Erasure, model: Any, columns: tuple[Any, ...], chat: Any,
    needles: tuple[str, ...],
) -> None:
    """Texts in scope that name the member keep everything but the name."""
    rows = (await session.scalars(
        select(model).where(_scope(chat, plan), _mentioning(*columns, needles=needles)))).all()
    for row in rows:
        for column in columns:
            setattr(row, column.key, scrub(getattr(row, column.key), needles))
