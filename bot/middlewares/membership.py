"""Joins, leaves and promotions, recorded once whichever of Telegram's two updates comes first.

Telegram reports a join twice: a service message with ``new_chat_members`` and a ``chat_member``
update. The first one to arrive records the member (a new spell: joining counts as activity) and
is marked ``fresh``; the second finds the member present and is not. Feature handlers act only on
fresh joins (filter ``FreshJoin``), so nobody is greeted or restricted twice. The transitions are
decided by ``deliberation.membership``; this middleware gathers the record and carries them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram.types import ChatMemberUpdated, Message, TelegramObject, Update, User

from bot.middlewares.base import Handler, ServiceMiddleware
from bot.timefmt import local_day
from deliberation.membership import FRESH, KNOWN, decide_join, decide_leave, transition
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Joined:
    users: tuple[User, ...]  # those whose join this update is the first news of


class MembershipMiddleware(ServiceMiddleware):
    async def __call__(
        self,
        handler: Handler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        group = data.get("group")
        if group is None:
            return await handler(event, data)
        uow: UnitOfWork = data["uow"]
        # an outer middleware on ``update`` receives the Update: look at the event inside it
        inner = event.event if isinstance(event, Update) else event
        if isinstance(inner, Message):
            if inner.new_chat_members:
                fresh = [u for u in inner.new_chat_members if await self._joined(uow, group.chat_id, u)]
                data["joined"] = Joined(tuple(fresh))
            elif inner.left_chat_member is not None:
                await self._left(uow, group.chat_id, inner.left_chat_member.id)
        elif isinstance(inner, ChatMemberUpdated):
            user = inner.new_chat_member.user
            change = transition(inner.old_chat_member.status, inner.new_chat_member.status)
            if change.admin is not None:
                self._set_admin(group.chat_id, user.id, change.admin)
                await uow.chats.update_member(group.chat_id, user.id, is_admin=change.admin)
            if change.joined:
                first = await self._joined(uow, group.chat_id, user)
                data["joined"] = Joined((user,) if first else ())
            elif change.left is not None:
                await self._left(uow, group.chat_id, user.id, status=change.left)
        return await handler(event, data)

    async def _joined(self, uow: UnitOfWork, chat_id: int, user: User) -> bool:
        services = self.services
        existing = await uow.chats.get_member(chat_id, user.id)
        outcome = decide_join(user.id, services.bot_id, existing is not None and existing.present)
        if outcome == KNOWN and existing is not None:
            services.roster.put(existing)
        if outcome != FRESH:
            return False
        now = services.clock.now()
        record = await uow.chats.ensure_member(
            chat_id, user.id, first_name=user.first_name, last_name=user.last_name,
            is_bot=user.is_bot, now=now, rejoin=True,
            is_admin=user.id in services.roster.admins.get(chat_id, frozenset()),
        )
        services.roster.put(record)
        await uow.chats.bump_day(chat_id, self._day(chat_id), joins=1)
        return True

    async def _left(self, uow: UnitOfWork, chat_id: int, user_id: int, status: str = "left") -> None:
        existing = await uow.chats.get_member(chat_id, user_id)
        leave = decide_leave(existing is not None and existing.present, status)
        if leave is not None:
            await uow.chats.update_member(chat_id, user_id, status=leave.status, restricted_by_bot=False,
                                          grace_until=None, updated_at=self.services.clock.now())
        self.services.roster.forget(chat_id, user_id)

    def _set_admin(self, chat_id: int, user_id: int, is_admin: bool) -> None:
        admins = set(self.services.roster.admins.get(chat_id, frozenset()))
        (admins.add if is_admin else admins.discard)(user_id)
        self.services.roster.admins[chat_id] = frozenset(admins)
        self.services.roster.set_admin(chat_id, user_id, is_admin)

    def _day(self, chat_id: int) -> str:
        group = self.services.groups[chat_id]
        return local_day(self.services.clock.now(), group.timezone)
