"""Who may read a proposal's author by name outside the group it was posted in.

A member's real name is shown to the people who deal with it: the group that saw the proposal
posted (its members, its moderators), the officials of the departments handling it, and the
author. Anyone else asking privately (``/proposal N``, ``/history N``) — a stranger, an official
of another department, an administrator of another group — reads the proposal without the name.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.services import Services
from storage.uow import UnitOfWork


async def sees_author(
    services: Services, uow: UnitOfWork, viewer_id: int, *, where: int, chat_id: int, author_id: int,
    departments: Iterable[str],
) -> bool:
    """``where``: the chat the question was asked in; ``chat_id``: the proposal's group."""
    if where == chat_id or viewer_id == author_id or services.is_moderator(chat_id, viewer_id):
        return True
    if set(services.officials.get(viewer_id, ())) & set(departments):
        return True
    roster = services.roster
    if not roster.loaded(chat_id) and chat_id in services.groups:
        await roster.load(uow, chat_id)
    return roster.get(chat_id, viewer_id) is not None
