"""Pruning inactive members (清退): the scheduled pass that warns, then removes, then lets the
waiting list fill the freed seats.

The domain (``deliberation.pruning.plan_pruning``) decides who is warned and who is removed; this
module reads the roster the bot has built (Telegram gives a bot no member list), writes each
decision down before acting on it, and carries it out: warnings through the outbox, removals one
by one (ban, then unban ``only_if_banned``, so the member may come back).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError

from bot.actions import remove_member
from bot.features.pruning.state import pruning_state
from bot.i18n import Translate
from bot.jobs.activity import flush_activity
from bot.notify import tell_moderators
from bot.seats import member_count
from bot.services import Services
from bot.texts import display_name, esc, mention
from bot.timefmt import local_day, local_text
from deliberation.policy import GroupPolicy
from deliberation.pruning import PruneAction, PrunePlan, RosterEntry, RosterRow, plan_pruning
from storage.repositories.pruning import PruningRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.pruning")

MENTIONS_PER_WARNING = 20  # one group message warns many: a first run may find hundreds silent


def span_text(t: Translate, value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds >= 86400:
        return t("pruning-days", n=seconds // 86400)
    if seconds >= 3600:
        return t("pruning-hours", n=seconds // 3600)
    return t("pruning-minutes", n=max(1, seconds // 60))


def row_name(row: RosterRow) -> str:
    return display_name(row.first_name, row.last_name)


async def plan(
    services: Services, bot: Bot, group: GroupPolicy
) -> tuple[PrunePlan, dict[int, RosterRow], int]:
    """The plan for one group now, its roster rows by user id (for names), and the member count."""
    chat_id = group.chat_id
    async with services.uow() as uow:
        rows = await uow.repo(PruningRepository).roster(chat_id)
    count = await member_count(services, bot, chat_id)
    exempt = services.is_exempt
    roster = [
        RosterEntry(r.user_id, r.joined_at, r.last_active_at,
                    r.exempt or r.is_admin or r.is_bot or exempt(chat_id, r.user_id), r.warned_at)
        for r in rows
    ]
    decided = plan_pruning(roster, group.pruning, services.clock.now(), count)
    return decided, {r.user_id: r for r in rows}, count


async def prune(
    services: Services, bot: Bot, group: GroupPolicy, *, actor_id: int | None = None
) -> tuple[int, int]:
    """One pass over a group: warn, then remove. Returns (warned, removed)."""
    await flush_activity(services)
    decided, rows, _ = await plan(services, bot, group)
    warned = await _warn(services, group, decided.warnings, rows)
    removed = 0
    for action in decided.removals:
        await flush_activity(services)  # whoever spoke a moment ago stays
        removed += await _prune_one(services, bot, group, action, rows[action.user_id], actor_id)
    return warned, removed


async def _warn(
    services: Services, group: GroupPolicy, actions: list[PruneAction], rows: dict[int, RosterRow]
) -> int:
    if not actions:
        return 0
    chat_id, policy, now = group.chat_id, group.pruning, services.clock.now()
    t = services.translator.bind(group.locale)
    # everyone warned in one pass has the same deadline: the plan warns only those silent since
    # now - (inactive_after - warn_before), so warn_before from now is the later of the two rules
    deadline = local_text(now + policy.warn_before, group.timezone)
    async with services.uow.transaction() as uow:  # one group's warnings: marked and queued together
        marked = await uow.repo(PruningRepository).mark_warned(
            chat_id,
            [a.user_id for a in actions],
            now=now,
            inactive_since=now - (policy.inactive_after - policy.warn_before),
        )
        told = [a for a in actions if a.user_id in marked]
        for start in range(0, len(told), MENTIONS_PER_WARNING):
            chunk = told[start : start + MENTIONS_PER_WARNING]
            lines = "\n".join(
                t(
                    "pruning-warning-line",
                    member=mention(a.user_id, row_name(rows[a.user_id])),
                    inactive=span_text(t, a.inactive_for),
                )
                for a in chunk
            )
            text = t("pruning-warning", members=lines, count=len(chunk), deadline=deadline)
            # a member is warned once per spell, so the first of a chunk names the chunk for good
            key = f"prune-warn:{chat_id}:{chunk[0].user_id}:{int(chunk[0].last_active_at.timestamp())}"
            await uow.outbox.enqueue(
                key=key, kind="prune-warning", chat_id=chat_id, params={"text": text}, now=now
            )
    if told:
        log.info("pruning warned chat_id=%s count=%d", chat_id, len(told))
    return len(told)


async def _prune_one(
    services: Services, bot: Bot, group: GroupPolicy, action: PruneAction, row: RosterRow,
    actor_id: int | None,
) -> int:
    chat_id, user_id, now = group.chat_id, action.user_id, services.clock.now()
    key = f"{chat_id}:{user_id}:{int(action.last_active_at.timestamp())}"
    # a unit per removal, committed before the ban: a removal is recorded before it is made, so
    # ``resume`` carries it out after a crash and it is never made twice
    async with services.uow.transaction() as uow:
        repo = uow.repo(PruningRepository)
        if not await repo.mark_removed(chat_id, user_id, last_active_at=action.last_active_at, now=now):
            return 0
        await repo.begin("remove", key, now=now)
        uow.audit.add(
            at=now, action="pruned", chat_id=chat_id, actor_id=actor_id, subject_id=user_id,
            reason=action.reason, inactive_seconds=int(action.inactive_for.total_seconds()),
            last_active_at=action.last_active_at.isoformat(),
            warned_at=row.warned_at.isoformat() if row.warned_at else None,
        )
        await uow.chats.bump_day(chat_id, local_day(now, group.timezone), removals=1)
    services.roster.forget(chat_id, user_id)
    await _remove(services, bot, chat_id, user_id, key)
    return 1


async def _remove(services: Services, bot: Bot, chat_id: int, user_id: int, key: str) -> None:
    state = pruning_state(services)
    if key in state.in_flight:
        return
    state.in_flight.add(key)
    removed = False
    try:
        await remove_member(bot, chat_id, user_id)
        log.info("pruned chat_id=%s user_id=%s", chat_id, user_id)
        removed = True
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        # no rights, or no such member: retrying will not help; if they are still there, their
        # next message records them present again
        log.warning("prune failed chat_id=%s user_id=%s error=%s", chat_id, user_id, exc.message)
    except TelegramAPIError as exc:
        log.warning("prune deferred chat_id=%s user_id=%s error=%s", chat_id, user_id, type(exc).__name__)
        return
    finally:
        state.in_flight.discard(key)
    async with services.uow.transaction() as uow:  # the removal made: its record is closed
        await uow.repo(PruningRepository).finish("remove", key, now=services.clock.now())
        if removed:  # told once Telegram confirmed the removal
            await _tell_pruned(services, uow, chat_id, user_id, key)


async def _tell_pruned(services: Services, uow: UnitOfWork, chat_id: int, user_id: int, key: str) -> None:
    """Once Telegram confirmed the removal, the moderators hear of it (the key keeps it single)."""
    group = services.groups.get(chat_id)
    if group is None:
        return
    t = services.translator.bind(group.locale)
    last_active = datetime.fromtimestamp(int(key.rsplit(":", 1)[1]), UTC)
    member = await uow.chats.get_member(chat_id, user_id)
    name = display_name(member.first_name, member.last_name) if member is not None else str(user_id)
    text = t(
        "pruning-removed-notice",
        member=mention(user_id, name),
        group=esc(group.title),
        inactive=span_text(t, services.clock.now() - last_active),
        last_active=local_text(last_active, group.timezone),
    )
    await tell_moderators(services, uow, chat_id, f"pruned:{key}", text)


async def resume(services: Services, bot: Bot) -> None:
    """Carry out what was decided but not confirmed before a restart (or a failed call)."""
    async with services.uow() as uow:
        repo = uow.repo(PruningRepository)
        removals = await repo.unfinished("remove")
    for key in removals:
        chat_id, user_id, _ = key.split(":")
        await _remove(services, bot, int(chat_id), int(user_id), key)


async def prune_job(services: Services, bot: Bot) -> None:
    state = pruning_state(services)
    now = services.clock.now()
    period = str(int(now.timestamp() // state.every.total_seconds()))
    # the period is claimed apart, before the pass, so a second replica skips it meanwhile
    async with services.uow.transaction() as uow:
        claimed = await uow.claims.claim("pruning", period, now=now, owner=services.instance)
    if not claimed and state.caught_up:
        return
    # the first run in a process goes ahead even in a claimed period: the process that claimed
    # it may have stopped half-way, and every step below is safe to repeat
    state.caught_up = True
    await resume(services, bot)
    for group in services.groups.values():
        await prune(services, bot, group)
        await seats_freed(services, bot, group)
    async with services.uow.transaction() as uow:  # the pass is over: its units are all committed
        await uow.claims.mark_done("pruning", period, now=services.clock.now())


async def seats_freed(services: Services, bot: Bot, group: GroupPolicy) -> None:
    """After a pass: whoever waits for a seat (the waiting list) may take one now."""
    for hook in services.hooks.seats_freed:
        await hook(services, bot, group)
