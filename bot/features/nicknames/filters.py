"""When the real-name rule has something to do. ``NameCheckDue`` runs on every group message, so
it reads only the roster snapshot; the others pick out the signs a read-only member can still
give (a ``chat_member`` update, a private message)."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import ChatMemberUpdated, Message, User

from bot.features.nicknames.state import names_state
from bot.roster import Snapshot
from bot.services import Services
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork


class NameCheckDue(Filter):
    """The hot path: passes only when the rule has something to do (a new name, or one never
    judged or failing). The common case, compliant under the same name, costs one hash of the name."""

    async def __call__(
        self, message: Message, services: Services, member: Snapshot | None = None,
        event_from_user: User | None = None,
    ) -> bool:
        user = event_from_user
        if member is None or user is None:
            return False
        if (member.name_ok or member.restricted_by_bot) and member.same_name(user.first_name, user.last_name):
            return False
        if user.is_bot or message.new_chat_members or message.left_chat_member is not None:
            return False
        return not services.is_name_exempt(message.chat.id, user.id)


class RestrictedByBot(Filter):
    """A chat_member update about someone the bot made read-only: it carries their current name."""

    async def __call__(self, event: ChatMemberUpdated, services: Services) -> bool:
        snapshot = services.roster.get(event.chat.id, event.new_chat_member.user.id)
        return snapshot is not None and snapshot.restricted_by_bot


class RestrictedSomewhere(Filter):
    """A private message from a member the bot made read-only in some group."""

    async def __call__(
        self, event: Message, services: Services, uow: UnitOfWork, event_from_user: User | None = None
    ) -> bool:
        state = names_state(services)
        if state.restricted_users is None:
            state.restricted_users = await uow.repo(NameRepository).restricted_user_ids()
        return event_from_user is not None and event_from_user.id in state.restricted_users
