"""The document ``/mydata`` sends: everything held on one user, and nothing of anyone else.

Steps of others on the member's records (who handled a proposal, who warned them, who reported
them, who supported their proposals or opinions, who corrected their message) appear as the step
alone: the actor's id is someone else's personal data. Times are ISO 8601 UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.privacy import banned_in
from storage.models import (
    AuditEntry,
    Chat,
    JoinRequest,
    Member,
    Proposal,
    ProposalDepartment,
    ProposalEvent,
    ProposalVersion,
    Report,
    Support,
    User,
)
from storage.repositories import privacy_consultations

FORMAT = "delibot-personal-data/1"


def _at(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def _titles(session: AsyncSession, chat_ids: set[int]) -> dict[int, str]:
    if not chat_ids:
        return {}
    rows = await session.execute(select(Chat.id, Chat.title).where(Chat.id.in_(chat_ids)))
    return {c: t for c, t in rows.all()}


def _user(u: User | None) -> dict[str, Any] | None:
    if u is None:
        return None
    return {"first_name": u.first_name, "last_name": u.last_name, "username": u.username,
            "language_code": u.language_code, "real_name": u.real_name, "unit": u.unit,
            "private_chat": u.private_chat, "updated_at": _at(u.updated_at)}


def _membership(m: Member, title: str) -> dict[str, Any]:
    return {"chat_id": m.chat_id, "group": title, "first_name": m.first_name, "last_name": m.last_name,
            "status": m.status, "tag": m.tag, "name_ok": m.name_ok, "name_reason": m.name_reason,
            "exempt": m.exempt, "joined_at": _at(m.joined_at), "last_active_at": _at(m.last_active_at),
            "prune_warned_at": _at(m.prune_warned_at), "grace_until": _at(m.grace_until),
            "warnings": m.warn_count, "muted_until": _at(m.muted_until), "erased_at": _at(m.erased_at)}


def _sanctions(m: Member, now: datetime, banned: set[int]) -> list[dict[str, Any]]:
    found = []
    if m.status == "kicked" or m.chat_id in banned:
        found.append({"chat_id": m.chat_id, "kind": "ban", "until": None})
    if m.muted_until is not None and m.muted_until > now:
        found.append({"chat_id": m.chat_id, "kind": "mute", "until": _at(m.muted_until)})
    if m.restricted_by_bot:
        found.append({"chat_id": m.chat_id, "kind": "read_only_name", "until": _at(m.grace_until)})
    if m.warn_count:
        found.append({"chat_id": m.chat_id, "kind": "warnings", "count": m.warn_count})
    return found


async def _proposals(session: AsyncSession, user_id: int, titles: dict[int, str]) -> list[dict[str, Any]]:
    rows = (await session.scalars(
        select(Proposal).where(Proposal.author_id == user_id).order_by(Proposal.number))).all()
    numbers = [p.number for p in rows]
    versions: dict[int, list[dict[str, Any]]] = {}
    for v in (await session.scalars(select(ProposalVersion).where(ProposalVersion.number.in_(numbers))
                                    .order_by(ProposalVersion.id))).all():
        versions.setdefault(v.number, []).append({"text": v.text, "at": _at(v.at)})
    history: dict[int, list[dict[str, Any]]] = {}
    for e in (await session.scalars(select(ProposalEvent).where(ProposalEvent.number.in_(numbers))
                                    .order_by(ProposalEvent.id))).all():
        history.setdefault(e.number, []).append({
            "at": _at(e.at), "action": e.action, "from_state": e.from_state, "to_state": e.to_state,
            "department": e.department_id, "detail": e.detail, "by_you": e.actor_id == user_id})
    departments: dict[int, list[str]] = {}
    for number, department in (await session.execute(select(
            ProposalDepartment.number, ProposalDepartment.department_id)
            .where(ProposalDepartment.number.in_(numbers)))).all():
        departments.setdefault(number, []).append(department)
    supports: dict[int, int] = {}
    for (number,) in (await session.execute(select(Support.number).where(Support.number.in_(numbers)))).all():
        supports[number] = supports.get(number, 0) + 1
    return [{
        "number": p.number, "chat_id": p.chat_id, "group": titles.get(p.chat_id, ""),
        "message_id": p.message_id, "created_at": _at(p.created_at), "author_name": p.author_name,
        "author_unit": p.author_unit, "text": p.text, "topics": list(p.topics or ()), "link": p.link,
        "state": p.state, "departments": sorted(departments.get(p.number, [])),
        "supports": supports.get(p.number, 0), "answer_text": p.answer_text,
        "answered_at": _at(p.answered_at), "rating": p.rating, "rated_at": _at(p.rated_at),
        "reject_reason": p.reject_reason, "merged_into": p.merged_into, "closed_at": _at(p.closed_at),
        "versions": versions.get(p.number, []), "history": history.get(p.number, []),
    } for p in rows]


async def export_document(session: AsyncSession, user_id: int, *, now: datetime) -> dict[str, Any]:
    user = await session.get(User, user_id)
    members = (await session.scalars(
        select(Member).where(Member.user_id == user_id).order_by(Member.chat_id))).all()
    supported = (await session.execute(
        select(Support.number, Support.at, Proposal.chat_id).join(Proposal, Proposal.number == Support.number)
        .where(Support.user_id == user_id).order_by(Support.number))).all()
    audit = (await session.scalars(select(AuditEntry).where(
        or_(AuditEntry.subject_id == user_id, AuditEntry.actor_id == user_id)).order_by(AuditEntry.id))).all()
    reports = (await session.scalars(select(Report).where(
        or_(Report.reporter_id == user_id, Report.reported_id == user_id)))).all()
    requests = (await session.scalars(
        select(JoinRequest).where(JoinRequest.user_id == user_id).order_by(JoinRequest.id))).all()
    handled = (await session.scalars(
        select(ProposalEvent).where(ProposalEvent.actor_id == user_id).order_by(ProposalEvent.id))).all()
    chat_ids = {m.chat_id for m in members} | {c for _, _, c in supported} | {
        a.chat_id for a in audit if a.chat_id is not None} | {r.chat_id for r in requests}
    authored_chats = await session.scalars(select(Proposal.chat_id).where(Proposal.author_id == user_id))
    chat_ids |= set(authored_chats.all()) | await privacy_consultations.chat_ids(session, user_id)
    titles = await _titles(session, chat_ids)
    proposals = await _proposals(session, user_id, titles)
    return {
        "format": FORMAT,
        "user_id": user_id,
        "exported_at": _at(now),
        "user": _user(user),
        "memberships": [_membership(m, titles.get(m.chat_id, "")) for m in members],
        "proposals": proposals,
        "supports": [{"number": n, "chat_id": c, "at": _at(at)} for n, at, c in supported],
        "ratings": [{"number": p["number"], "rating": p["rating"], "rated_at": p["rated_at"]}
                    for p in proposals if p["rating"]],
        "sanctions": [s for m in members for s in _sanctions(m, now, banned_in(
            (a.chat_id, a.action) for a in audit if a.subject_id == user_id))],
        "audit": [{
            "at": _at(a.at), "chat_id": a.chat_id, "action": a.action,
            "role": "subject" if a.subject_id == user_id else "actor",
            "reason": a.reason, "data": dict(a.data or {}),
        } for a in audit],
        "reports": [{"chat_id": r.chat_id, "message_id": r.message_id, "at": _at(r.at),
                     "role": "reporter" if r.reporter_id == user_id else "reported"} for r in reports],
        "join_requests": [{"chat_id": r.chat_id, "first_name": r.first_name, "last_name": r.last_name,
                           "requested_at": _at(r.requested_at), "state": r.state,
                           "decided_at": _at(r.decided_at)} for r in requests],
        "handling_steps": [{"number": e.number, "at": _at(e.at), "action": e.action,
                            "department": e.department_id, "detail": e.detail} for e in handled],
        **await privacy_consultations.export(session, user_id, titles),
    }
