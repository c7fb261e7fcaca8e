"""Who wrote something, as a proposal or a consultation opinion records its author."""

from __future__ import annotations

from aiogram.types import User

from bot.texts import display_name
from deliberation.nicknames import check_name
from deliberation.policy import GroupPolicy
from storage.uow import UnitOfWork


async def author_of(uow: UnitOfWork, group: GroupPolicy, user: User) -> tuple[str, str]:
    """(real name, unit) at this moment: a compliant display name, else the /iam registration,
    else the display name with no unit. The board shows the unit alone by default, and an erasure
    keeps it where the group's policy says so."""
    verdict = check_name(user.first_name, user.last_name, group.nickname)
    if verdict.ok and verdict.name:
        return verdict.name, verdict.unit or ""
    registered = await uow.chats.get_user(user.id)
    if registered is not None and registered.real_name:
        return registered.real_name, registered.unit or ""
    return display_name(user.first_name, user.last_name), ""
