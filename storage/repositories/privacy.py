"""Personal data in the database: everything held on one user, its erasure, and the retention rule.

Every table that can hold a name, a unit or a user id is listed here, and nowhere else needs to
know about erasure: ``users`` (names, username, registered name and unit), ``members`` (names as
shown, the unit tag, activity, sanctions), ``active_days``, ``join_requests`` (names), ``proposals``
(author id, name, unit; the official who answered), ``supports``, ``proposal_events`` (who did a
step, its reason), ``audit_log`` (subject, actor, reason, data), ``reports``, ``claims`` (keys of
finished work that name a user id) and ``outbox`` (the bot's own messages, which name members);
what consultations store (``consultation_opinions``, ``opinion_supports``, ``follow_optouts``,
``faq_entries``, ``corrections``, the texts of ``consultations``) is ``privacy_consultations``'s.
The rules (what stays, for how long) are ``deliberation.privacy``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.privacy import (
    ERASED_AUTHOR,
    FINISHED,
    PRESENT,
    Departure,
    Erased,
    Erasure,
    banned_in,
    mentions,
    sanction_survives,
    scrub,
    shown_author,
)
from storage.models import (
    ActiveDay,
    AuditEntry,
    Chat,
    Claim,
    JoinRequest,
    Member,
    OutboxMessage,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    Report,
    Support,
    User,
)
from storage.repositories import privacy_consultations
from storage.repositories.privacy_export import export_document
from storage.repositories.results import rowcount

# JSON has no equality in PostgreSQL; its text has, and an emptied row's text is "{}"
_has_params = cast(OutboxMessage.params, Text) != "{}"


def _mention_link(user_id: int) -> re.Pattern[str]:
    """A mention of the user (``bot.texts.mention``): the link goes, the (scrubbed) name stays."""
    return re.compile(rf'<a href="tg://user\?id={user_id}">(.*?)</a>', re.S)


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # what is held -------------------------------------------------------------------------------
    async def export(self, user_id: int, *, now: datetime) -> dict[str, Any]:
        """Everything held on ``user_id``, across groups, as JSON-ready data (nothing of others)."""
        return await export_document(self.session, user_id, now=now)

    async def names(
        self, user_id: int, chat_ids: frozenset[int] | None = None
    ) -> tuple[list[str], list[str]]:
        """(names, units) recorded for the user: what an erasure must find in other texts."""
        names: list[str] = []
        units: list[str] = []
        if chat_ids is None:
            u = await self.session.get(User, user_id)
            if u is not None:
                names += [u.first_name, u.last_name or "", f"{u.first_name} {u.last_name or ''}",
                          u.username or "", u.real_name or ""]
                units.append(u.unit or "")
        members = select(Member.first_name, Member.last_name, Member.tag).where(Member.user_id == user_id)
        requests = select(JoinRequest.first_name, JoinRequest.last_name).where(JoinRequest.user_id == user_id)
        authored = select(Proposal.author_name, Proposal.author_unit).where(Proposal.author_id == user_id)
        if chat_ids is not None:
            members = members.where(Member.chat_id.in_(chat_ids))
            requests = requests.where(JoinRequest.chat_id.in_(chat_ids))
            authored = authored.where(Proposal.chat_id.in_(chat_ids))
        for first, last, tag in (await self.session.execute(members)).all():
            names += [first, last or "", f"{first} {last or ''}"]
            units.append(tag or "")
        for first, last in (await self.session.execute(requests)).all():
            names += [first, last or "", f"{first} {last or ''}"]
        for name, unit in (await self.session.execute(authored)).all():
            names.append(name)
            units.append(unit)
        opinion_names, opinion_units = await privacy_consultations.names(self.session, user_id, chat_ids)
        names += opinion_names
        units += opinion_units
        return [n for n in names if n.strip()], [u for u in units if u.strip()]

    async def banned_chats(self, user_id: int, *, since: datetime | None = None) -> set[int]:
        """Where the user's last ban-or-unban step (since ``since``) is a ban."""
        query = select(AuditEntry.chat_id, AuditEntry.action).where(
            AuditEntry.subject_id == user_id, AuditEntry.action.in_(("ban", "unban"))
        ).order_by(AuditEntry.id)
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        return banned_in((await self.session.execute(query)).all())

    async def unbanned_since(self, user_id: int, chat_id: int, since: datetime) -> bool:
        found = await self.session.scalar(select(func.count()).where(
            AuditEntry.subject_id == user_id, AuditEntry.chat_id == chat_id, AuditEntry.action == "unban",
            AuditEntry.at >= since))
        return bool(found)

    async def chats_of(self, user_id: int) -> list[int]:
        """The groups where the user is on record as a member."""
        rows = await self.session.scalars(select(Member.chat_id).where(Member.user_id == user_id))
        return sorted(set(rows.all()))

    # erasure ------------------------------------------------------------------------------------
    async def erase(self, plan: Erasure) -> Erased:
        uid = plan.user_id
        groups, kept = await self._members(plan)
        proposals = await self._proposals(plan)
        supports = await self._delete(Support, Support.user_id == uid, Support.number.in_(
            select(Proposal.number).where(self._in_scope(Proposal.chat_id, plan))))
        await self._delete(ActiveDay, ActiveDay.user_id == uid, self._in_scope(ActiveDay.chat_id, plan))
        await self._delete(JoinRequest, JoinRequest.user_id == uid, self._in_scope(JoinRequest.chat_id, plan))
        await self.session.execute(
            update(Report).where(Report.reporter_id == uid, self._in_scope(Report.chat_id, plan))
            .values(reporter_id=ERASED_AUTHOR))
        await self.session.execute(
            update(Report).where(Report.reported_id == uid, self._in_scope(Report.chat_id, plan))
            .values(reported_id=None))
        consultations = await privacy_consultations.erase(self.session, plan)
        audit = await self._audit(plan)
        notices = await self._outbox(plan)
        if plan.everywhere:
            await self._delete(User, User.id == uid)
            await self._claims(uid)
        await self.session.flush()
        return Erased(groups=groups, proposals=proposals, supports=supports, kept_sanctions=kept,
                      audit_entries=audit, notices=notices, opinions=consultations.opinions,
                      opinion_supports=consultations.supports)

    @staticmethod
    def _in_scope(column: Any, plan: Erasure) -> Any:
        return column.in_(plan.chat_ids) if plan.chat_ids is not None else column.is_not(None)

    async def _delete(self, model: Any, *where: Any) -> int:
        result = await self.session.execute(delete(model).where(*where))
        return rowcount(result)

    async def _members(self, plan: Erasure) -> tuple[int, int]:
        """Rows go, except those a running sanction needs: those keep no name and no activity."""
        rows = (await self.session.scalars(
            select(Member).where(Member.user_id == plan.user_id, self._in_scope(Member.chat_id, plan))
        )).all()
        banned = await self.banned_chats(plan.user_id)
        kept = 0
        for m in rows:
            if m.chat_id in banned:
                m.status = "kicked"  # the row is all that is left to say so once the audit forgets who
            if sanction_survives(m.status, m.muted_until, m.restricted_by_bot, plan.now):
                kept += 1
                m.first_name, m.last_name, m.tag, m.prune_warned_at = "", None, None, None
                m.joined_at = m.last_active_at = m.updated_at = m.erased_at = plan.now
            else:
                await self.session.delete(m)
        return len(rows), kept

    async def _proposals(self, plan: Erasure) -> int:
        """The proposals stay, numbers and all, under "a member (unit)" or no one."""
        uid = plan.user_id
        rows = (await self.session.scalars(
            select(Proposal).where(Proposal.author_id == uid, self._in_scope(Proposal.chat_id, plan))
        )).all()
        for p in rows:
            needles = plan.proposal_needles(p.chat_id)
            p.author_id = ERASED_AUTHOR
            p.author_name, p.author_unit = shown_author(p.author_unit, plan.policy.authors_in(p.chat_id))
            p.text = scrub(p.text, needles)
            p.answer_text = scrub(p.answer_text, needles)
            p.reject_reason = scrub(p.reject_reason, needles)
        chats = {p.number: p.chat_id for p in rows}
        numbers = list(chats)
        for v in (await self.session.scalars(
            select(ProposalVersion).where(ProposalVersion.number.in_(numbers)))).all():
            v.text = scrub(v.text, plan.proposal_needles(chats[v.number]))
        # the steps keep what was done, not by whom, nor the person's name in a reason
        events = (await self.session.scalars(select(ProposalEvent).where(or_(
            ProposalEvent.number.in_(numbers), ProposalEvent.actor_id == uid,
            *(ProposalEvent.detail.contains(n) for n in plan.needles),
        )))).all()
        for e in events:
            if e.actor_id == uid:
                e.actor_id = None
            e.detail, e.data = scrub(e.detail, plan.needles), scrub(dict(e.data or {}), plan.needles)
        await self.session.execute(
            update(Proposal).where(Proposal.answered_by == uid, self._in_scope(Proposal.chat_id, plan))
            .values(answered_by=None))
        return len(rows)

    async def _audit(self, plan: Erasure) -> int:
        uid = plan.user_id
        query = select(AuditEntry).where(or_(
            AuditEntry.subject_id == uid, AuditEntry.actor_id == uid,
            *(AuditEntry.reason.contains(n) for n in plan.needles),
        ))
        if plan.chat_ids is not None:
            query = query.where(AuditEntry.chat_id.in_(plan.chat_ids))
        rows = (await self.session.scalars(query)).all()
        for a in rows:
            if a.subject_id == uid:
                a.subject_id = None
            if a.actor_id == uid:
                a.actor_id = None
            a.reason, a.data = scrub(a.reason, plan.needles), scrub(dict(a.data or {}), plan.needles)
        return len(rows)

    async def _outbox(self, plan: Erasure) -> int:
        """Messages to the user go; sent ones naming them lose their text; pending ones are
        delivered without the name."""
        uid = plan.user_id
        changed = 0
        if plan.everywhere:
            changed += await self._delete(OutboxMessage, OutboxMessage.chat_id == uid)
        link = _mention_link(uid)
        marker = f"tg://user?id={uid}\""
        rows = (await self.session.scalars(select(OutboxMessage).where(_has_params))).all()
        for o in rows:
            params = dict(o.params or {})
            if not (mentions(params, plan.needles) or mentions(params, (marker,))):
                continue
            changed += 1
            if o.state != "pending":
                o.params, o.result = {}, {}
                continue
            text = params.get("text")
            if isinstance(text, str):
                params["text"] = link.sub(r"\1", text)
            o.params = scrub(params, plan.needles)
        return changed

    async def _claims(self, user_id: int) -> None:
        """Finished work keyed by the user's id ("<chat>:<user>:<time>") is forgotten too."""
        token = str(user_id)
        rows = (await self.session.execute(
            select(Claim.job, Claim.period).where(Claim.period.contains(token), Claim.done_at.is_not(None))
        )).all()
        for job, period in rows:
            if token in period.split(":"):
                await self._delete(Claim, Claim.job == job, Claim.period == period)

    # retention ----------------------------------------------------------------------------------
    async def departures(self, before: datetime) -> list[Departure]:
        """Member rows of people who left before ``before`` and are not anonymised yet."""
        rows = (await self.session.execute(
            select(Member.chat_id, Member.user_id, Member.status, Member.updated_at).where(
                Member.status.not_in(PRESENT), Member.erased_at.is_(None), Member.updated_at <= before)
        )).all()
        return [Departure(c, u, s, at, False) for c, u, s, at in rows]

    async def still_held(self, user_id: int, outside: Iterable[int]) -> bool:
        """Whether the user is on record in some group other than ``outside`` (not anonymised)."""
        found = await self.session.scalar(select(func.count()).where(
            Member.user_id == user_id, Member.chat_id.not_in(list(outside)), Member.erased_at.is_(None)))
        return bool(found)

    async def end_sanctions(self, now: datetime) -> int:
        """Rows kept for a sanction that has ended: a member who left goes; one still present is
        an ordinary member again."""
        rows = (await self.session.scalars(select(Member).where(Member.erased_at.is_not(None)))).all()
        ended = 0
        for m in rows:
            if m.status == "kicked" and m.erased_at is not None and await self.unbanned_since(
                    m.user_id, m.chat_id, m.erased_at):
                m.status = "left"  # /unban by id after the erasure
            if sanction_survives(m.status, m.muted_until, m.restricted_by_bot, now):
                continue
            ended += 1
            if m.status in PRESENT:
                m.erased_at = None
            else:
                await self.session.delete(m)
        return ended

    async def apply_retention(self, cutoffs: dict[str, datetime]) -> dict[str, int]:
        """Texts older than their kind's time go (``deliberation.privacy.RETENTION``)."""
        done: dict[str, int] = {}

        async def run(kind: str, statement: Any) -> None:
            done[kind] = rowcount(await self.session.execute(statement))

        finished = (Proposal.state.in_(FINISHED)) & (Proposal.updated_at <= cutoffs["proposal"]) & (
            Proposal.text != "")
        await run("proposal", update(Proposal).where(finished).values(
            text="", answer_text=None, reject_reason=None))
        await run("proposal_version", delete(ProposalVersion).where(
            ProposalVersion.at <= cutoffs["proposal_version"]))
        await run("report", delete(Report).where(Report.at <= cutoffs["report"]))
        await run("moderation_evidence", update(AuditEntry).where(
            AuditEntry.at <= cutoffs["moderation_evidence"], AuditEntry.reason.is_not(None))
            .values(reason=None))
        await run("sent_message", update(OutboxMessage).where(
            OutboxMessage.state != "pending", OutboxMessage.created_at <= cutoffs["sent_message"],
            _has_params).values(params={}, result={}))
        await run("join_request", delete(JoinRequest).where(
            JoinRequest.state != "queued", JoinRequest.decided_at <= cutoffs["join_request"]))
        return done

    async def chat_titles(self, chat_ids: Iterable[int]) -> dict[int, str]:
        rows = await self.session.execute(select(Chat.id, Chat.title).where(Chat.id.in_(list(chat_ids))))
        return {c: t for c, t in rows.all()}
