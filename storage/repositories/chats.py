"""Chats, users and the roster of members the bot has seen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from deliberation.chats import PRESENT_STATES, ChatRecord, MemberRecord, RosterRow, UserRecord
from storage.models import ActiveDay, Chat, GroupDay, Member, User
from storage.repositories.dialect import insert_for, insert_on, once_per_dialect
from storage.repositories.results import rowcount

PRESENT = tuple(sorted(PRESENT_STATES))  # for the SQL IN (...) filters

_MEMBERS = Member.__table__
# Built once: making a statement costs more than running it (each value is coerced anew), and
# SQLAlchemy compiles a statement once per set of parameter names. Plain table statements: the
# repositories hand out records, never ORM objects, so there is no identity map to keep in step.
_UPDATE_MEMBER = update(_MEMBERS).where(
    _MEMBERS.c.chat_id == bindparam("member_chat_id"), _MEMBERS.c.user_id == bindparam("member_user_id")
)
_BOT_RIGHTS = select(Chat.__table__.c.bot_rights).where(Chat.__table__.c.id == bindparam("chat_id"))
_NEW_MEMBER: dict[str, Any] = {}  # INSERT ... ON CONFLICT DO NOTHING, per dialect


def _insert_member_or_nothing(dialect: str) -> Any:
    return insert_on(dialect, _MEMBERS).on_conflict_do_nothing()


def member_record(m: Member) -> MemberRecord:
    return MemberRecord(
        m.chat_id, m.user_id, m.first_name, m.last_name, m.is_bot, m.is_admin, m.exempt, m.status,
        m.name_ok, m.name_reason, m.grace_until, m.restricted_by_bot, m.tag, m.joined_at,
        m.last_active_at, m.prune_warned_at, m.warn_count, m.muted_until,
    )


def _new_member_row(
    chat_id: int, user_id: int, first_name: str, last_name: str | None, is_bot: bool, now: datetime,
    status: str, is_admin: bool,
) -> dict[str, Any]:
    return {
        "chat_id": chat_id, "user_id": user_id, "first_name": first_name, "last_name": last_name,
        "is_bot": is_bot, "is_admin": is_admin, "exempt": False, "status": status, "name_ok": None,
        "name_reason": None, "grace_until": None, "restricted_by_bot": False, "tag": None,
        "joined_at": now, "last_active_at": now, "prune_warned_at": None, "warn_count": 0,
        "muted_until": None, "updated_at": now,
    }


def _new_spell(m: Member, status: str, now: datetime) -> None:
    """Back after leaving (or joining again): activity, warnings and the real-name state restart."""
    m.status = status
    m.joined_at = m.last_active_at = now
    m.prune_warned_at = None
    m.grace_until = None
    m.restricted_by_bot = False
    m.name_ok = None


def _user_record(u: User) -> UserRecord:
    return UserRecord(
        u.id, u.first_name, u.last_name, u.username, u.is_bot, u.language_code, u.private_chat,
        u.blocked, u.real_name, u.unit,
    )


class ChatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # chats -----------------------------------------------------------------------------------
    async def upsert_chat(
        self, chat_id: int, *, title: str, type: str, configured: bool, now: datetime
    ) -> None:
        statement = insert_for(self.session, Chat).values(
            id=chat_id, title=title, type=type, configured=configured, state="active",
            bot_rights={}, created_at=now,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["id"], set_={"title": title, "type": type, "configured": configured}
        )
        await self.session.execute(statement)

    async def get_chat(self, chat_id: int) -> ChatRecord | None:
        c = await self.session.get(Chat, chat_id)
        if c is None:
            return None
        return ChatRecord(c.id, c.title, c.type, c.configured, c.state, c.bot_rights)

    async def bot_rights(self, chat_id: int) -> dict[str, Any] | None:
        """The bot's own rights in the chat as last reported (None for a chat never recorded)."""
        rights: dict[str, Any] | None = await self.session.scalar(_BOT_RIGHTS, {"chat_id": chat_id})
        return rights

    async def update_chat(self, chat_id: int, **values: Any) -> None:
        await self.session.execute(update(Chat).where(Chat.id == chat_id).values(**values))

    # users -----------------------------------------------------------------------------------
    async def upsert_user(
        self,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        username: str | None,
        is_bot: bool,
        language_code: str | None,
        now: datetime,
        private_chat: bool = False,
    ) -> None:
        values = {
            "first_name": first_name, "last_name": last_name, "username": username,
            "is_bot": is_bot, "language_code": language_code, "updated_at": now,
        }
        statement = insert_for(self.session, User).values(
            id=user_id, private_chat=private_chat, blocked=False, **values
        )
        if private_chat:
            values = {**values, "private_chat": True, "blocked": False}
        await self.session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=values))

    async def get_user(self, user_id: int) -> UserRecord | None:
        u = await self.session.get(User, user_id)
        return None if u is None else _user_record(u)

    async def users(self, user_ids: Iterable[int]) -> dict[int, UserRecord]:
        ids = list(user_ids)
        if not ids:
            return {}
        rows = (await self.session.scalars(select(User).where(User.id.in_(ids)))).all()
        return {u.id: _user_record(u) for u in rows}

    async def update_user(self, user_id: int, **values: Any) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(**values))

    # members ---------------------------------------------------------------------------------
    async def get_member(self, chat_id: int, user_id: int) -> MemberRecord | None:
        m = await self.session.get(Member, (chat_id, user_id))
        return None if m is None else member_record(m)

    async def ensure_member(
        self,
        chat_id: int,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        is_bot: bool,
        now: datetime,
        status: str = "member",
        is_admin: bool = False,
        rejoin: bool = False,
    ) -> MemberRecord:
        """Insert a member on first sight; on ``rejoin`` a returning member starts a new spell."""
        m = await self.session.get(Member, (chat_id, user_id))
        if m is None:
            return await self._insert_member(chat_id, user_id, first_name, last_name, is_bot, now, status,
                                             is_admin)
        m.first_name, m.last_name, m.updated_at = first_name, last_name, now
        if rejoin or m.status not in PRESENT_STATES:
            _new_spell(m, status, now)
        if is_admin:
            m.is_admin = True
        await self.session.flush()
        return member_record(m)

    async def sight_member(
        self,
        chat_id: int,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        is_bot: bool,
        now: datetime,
        is_admin: bool = False,
    ) -> MemberRecord:
        """A member the roster does not know: inserted, or a new spell when they had left. A present
        member is returned as recorded, name included, since the name on record is the one their
        real-name verdict is about."""
        # a member the roster misses is almost always new: insert first, read only if one was there
        row = _new_member_row(chat_id, user_id, first_name, last_name, is_bot, now, "member", is_admin)
        statement = once_per_dialect(self.session, _NEW_MEMBER, _insert_member_or_nothing)
        if rowcount(await self.session.execute(statement, row)):
            return MemberRecord(**{f: row[f] for f in MemberRecord.__dataclass_fields__})
        m = await self.session.get(Member, (chat_id, user_id))
        if m is not None and m.status in PRESENT_STATES:
            return member_record(m)
        # back after leaving (a new spell), or deleted meanwhile with the whole chat (inserted);
        # ensure_member finds the row just read in the session, with no second SELECT
        return await self.ensure_member(chat_id, user_id, first_name=first_name, last_name=last_name,
                                        is_bot=is_bot, now=now, is_admin=is_admin)

    async def _insert_member(
        self, chat_id: int, user_id: int, first_name: str, last_name: str | None, is_bot: bool,
        now: datetime, status: str, is_admin: bool,
    ) -> MemberRecord:
        # every column set, so that reading the record back after the flush costs no SELECT
        m = Member(**_new_member_row(chat_id, user_id, first_name, last_name, is_bot, now, status, is_admin))
        self.session.add(m)
        await self.session.flush()
        return member_record(m)

    async def roster_rows(self, chat_id: int) -> list[RosterRow]:
        """The present members of a chat as the roster keeps them, in one query."""
        query = select(
            Member.user_id, Member.first_name, Member.last_name, Member.is_bot, Member.is_admin,
            Member.exempt, Member.name_ok, Member.restricted_by_bot,
        ).where(Member.chat_id == chat_id, Member.status.in_(PRESENT))
        return [RosterRow(*row) for row in (await self.session.execute(query)).all()]

    async def update_member(self, chat_id: int, user_id: int, **values: Any) -> None:
        params = {**values, "member_chat_id": chat_id, "member_user_id": user_id}
        await self.session.execute(_UPDATE_MEMBER, params)

    async def claim_release(self, chat_id: int, user_id: int) -> bool:
        """Compare-and-set ``restricted_by_bot`` from true to false: of several concurrent paths
        (a private message, a chat_member update, the re-check job) exactly one wins."""
        result = await self.session.execute(
            update(Member)
            .where(Member.chat_id == chat_id, Member.user_id == user_id, Member.restricted_by_bot.is_(True))
            .values(restricted_by_bot=False)
        )
        return bool(rowcount(result))

    async def members(self, chat_id: int, *, present: bool = True) -> list[MemberRecord]:
        query = select(Member).where(Member.chat_id == chat_id)
        if present:
            query = query.where(Member.status.in_(PRESENT))
        return [member_record(m) for m in (await self.session.scalars(query)).all()]

    async def restricted_by_bot(self, chat_id: int | None = None) -> list[MemberRecord]:
        query = select(Member).where(Member.restricted_by_bot.is_(True), Member.status.in_(PRESENT))
        if chat_id is not None:
            query = query.where(Member.chat_id == chat_id)
        return [member_record(m) for m in (await self.session.scalars(query)).all()]

    async def count_present(self, chat_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).where(Member.chat_id == chat_id, Member.status.in_(PRESENT))
            )
            or 0
        )

    async def set_admins(self, chat_id: int, admin_ids: set[int]) -> None:
        await self.session.execute(
            update(Member)
            .where(Member.chat_id == chat_id)
            .values(is_admin=Member.user_id.in_(admin_ids) if admin_ids else False)
        )

    # activity (written in batches, never per message) ----------------------------------------
    async def write_activity(
        self,
        latest: Mapping[tuple[int, int], datetime],
        days: Mapping[tuple[int, str], set[int]],
        messages: Mapping[tuple[int, str], int],
    ) -> None:
        """One flush of the activity buffer: last-active times, active-day rows, message counts."""
        if latest:
            table = Member.__table__
            rows = [{"c": c, "u": u, "t": t} for (c, u), t in latest.items()]
            # one executemany: members never seen by this replica are simply not matched
            await self.session.execute(
                update(table)
                .where(
                    table.c.chat_id == bindparam("c"),
                    table.c.user_id == bindparam("u"),
                    table.c.last_active_at < bindparam("t"),
                )
                .values(last_active_at=bindparam("t")),
                rows,
            )
        active_rows = [
            {"chat_id": c, "day": d, "user_id": u} for (c, d), users in days.items() for u in users
        ]
        if active_rows:
            await self.session.execute(
                insert_for(self.session, ActiveDay).on_conflict_do_nothing(), active_rows
            )
        for (chat_id, day), count in messages.items():
            await self.bump_day(chat_id, day, messages=count)

    async def bump_day(self, chat_id: int, day: str, **counts: int) -> None:
        table = GroupDay.__table__
        statement = insert_for(self.session, GroupDay).values(
            chat_id=chat_id, day=day, messages=counts.get("messages", 0), joins=counts.get("joins", 0),
            removals=counts.get("removals", 0), name_problems=counts.get("name_problems", 0),
        )
        statement = statement.on_conflict_do_update(
            index_elements=["chat_id", "day"],
            set_={k: table.c[k] + v for k, v in counts.items()},
        )
        await self.session.execute(statement)

    async def group_day(self, chat_id: int, day: str) -> dict[str, int]:
        row = await self.session.get(GroupDay, (chat_id, day))
        active = await self.session.scalar(
            select(func.count()).where(ActiveDay.chat_id == chat_id, ActiveDay.day == day)
        )
        base = {"messages": 0, "joins": 0, "removals": 0, "name_problems": 0}
        if row is not None:
            base = {k: getattr(row, k) for k in base}
        return {**base, "active_members": int(active or 0)}
