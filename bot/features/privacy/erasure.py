"""Erasing a member (删除个人信息): the same steps for ``/forget``, the operator's command and the
retention pass.

The database side is ``storage.repositories.privacy``; here the names to look for are gathered,
the moderators' log is told that an erasure happened (and nothing more: no name, no id, no
group list), and what the running bot holds in memory about the member is dropped.
"""

from __future__ import annotations

import logging
import secrets

from bot.features.privacy.state import privacy_state
from bot.jobs.activity import flush_activity
from bot.notify import tell_moderators
from bot.services import Services
from deliberation.privacy import Erased, Erasure, name_needles
from storage.repositories.privacy import PrivacyRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.privacy")


async def erase(
    services: Services, uow: UnitOfWork, user_id: int, *, by: str,
    chat_ids: frozenset[int] | None = None,
) -> Erased:
    """Erase ``user_id`` in ``chat_ids`` (None: everywhere, their own record too) inside ``uow``;
    the caller commits. ``by`` says who asked: "member", "operator" or "retention"."""
    state, now = privacy_state(services), services.clock.now()
    # whatever activity is still buffered is written first, so that the erasure removes it too
    await flush_activity(services, into=uow)
    repo = uow.repo(PrivacyRepository)
    names, units = await repo.names(user_id, chat_ids)
    chats = await repo.chats_of(user_id) if chat_ids is None else sorted(chat_ids)
    plan = Erasure(
        user_id, chat_ids, name_needles([*names, *units], state.separators), state.policy, now,
        units=frozenset(u.strip() for u in units),
    )
    erased = await repo.erase(plan)
    uow.audit.add(at=now, action="erasure", by=by, groups=erased.groups)
    if by != "retention":
        await _tell_moderators(services, uow, chats)
    for chat_id in chats:
        services.roster.forget(chat_id, user_id)
    log.info("erasure done by=%s groups=%d proposals=%d kept_sanctions=%d",
             by, erased.groups, erased.proposals, erased.kept_sanctions)
    return erased


async def _tell_moderators(services: Services, uow: UnitOfWork, chats: list[int]) -> None:
    """Once per log chat of the groups concerned, or once to the moderators where there is none."""
    token = secrets.token_hex(8)  # the notice's key must not carry the member's id
    by_log: dict[int, int | None] = {}
    for chat_id in chats:
        group = services.groups.get(chat_id)
        if group is not None:
            by_log.setdefault(group.moderation.log_chat_id, chat_id)
    for log_chat, group_id in (by_log or {0: None}).items():
        t = services.translator.bind(services.language(group_id))
        await tell_moderators(services, uow, group_id, f"erasure:{token}:{log_chat}", t("privacy-erased-log"),
                              kind="privacy")
