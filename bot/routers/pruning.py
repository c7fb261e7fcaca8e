"""Pruning inactive members (清退) and the waiting list of join requests.

The domain (``deliberation.pruning.plan_pruning``) decides who is warned and who is removed; this
module reads the roster the bot has built (Telegram gives a bot no member list), writes each
decision down before acting on it, and carries it out: warnings through the outbox, removals one
by one (ban, then unban ``only_if_banned``, so the member may come back), then freed seats go to
the waiting list in arrival order, to applicants whose names meet the real-name rule.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import timedelta

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import ChatJoinRequest, ChatMemberUpdated, Message

from bot.actions import remove_member
from bot.deps import Services
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator
from bot.i18n import Translate
from bot.jobs.activity import flush_activity
from bot.jobs.runner import JobRunner
from bot.notify import tell_moderators
from bot.texts import display_name, esc, mention
from bot.timefmt import local_day, local_text
from deliberation.nicknames import NameVerdict, check_name
from deliberation.policy import GroupPolicy
from deliberation.pruning import PruneAction, PrunePlan, RosterEntry, plan_pruning
from storage.repositories.pruning import JoinRequestRecord, PruningRepository, RosterRow
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.pruning")

MENTIONS_PER_WARNING = 20  # one group message warns many: a first run may find hundreds silent
PREVIEW_LINES = 30  # per section of /prune, to stay far below Telegram's 4096 characters
PRESENT = frozenset({"member", "restricted", "administrator", "creator"})


@dataclass(eq=False)
class PruningState:
    every: timedelta
    locks: dict[int, asyncio.Lock] = field(default_factory=dict)
    in_flight: set[tuple[str, str]] = field(default_factory=set)
    caught_up: bool = False

    def lock(self, chat_id: int) -> asyncio.Lock:
        """One admission at a time per group, so two seat counts never hand out the same seat."""
        return self.locks.setdefault(chat_id, asyncio.Lock())


def job_interval(groups: list[GroupPolicy]) -> timedelta:
    """Hourly in practice (policies speak in days); finer for short policies, so that a warning or
    a removal is never late by more than a tenth of the time it is about."""
    spans = [
        s for g in groups for s in (g.pruning.warn_before, g.pruning.inactive_after - g.pruning.warn_before)
    ]
    return max(timedelta(seconds=5), min([timedelta(hours=1), *(s / 10 for s in spans if s > timedelta(0))]))


def setup(services: Services) -> None:
    services.features["pruning"] = PruningState(job_interval(list(services.groups.values())))


def _span(t: Translate, value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds >= 86400:
        return t("pruning-days", n=seconds // 86400)
    if seconds >= 3600:
        return t("pruning-hours", n=seconds // 3600)
    return t("pruning-minutes", n=max(1, seconds // 60))


def _name(row: RosterRow) -> str:
    return display_name(row.first_name, row.last_name)


async def _member_count(services: Services, bot: Bot, chat_id: int) -> int:
    """Telegram's count (bots and admins included); the bot's own roster when Telegram fails."""
    try:
        return await bot.get_chat_member_count(chat_id)
    except TelegramAPIError as exc:
        log.warning("getChatMemberCount failed chat_id=%s error=%s", chat_id, type(exc).__name__)
        async with services.uow() as uow:
            return await uow.chats.count_present(chat_id)


# -- pruning ----------------------------------------------------------------------------------------
async def plan(
    services: Services, bot: Bot, group: GroupPolicy
) -> tuple[PrunePlan, dict[int, RosterRow], int]:
    chat_id = group.chat_id
    async with services.uow() as uow:
        rows = await uow.repo(PruningRepository).roster(chat_id)
    count = await _member_count(services, bot, chat_id)
    exempt = services.is_exempt
    roster = [
        RosterEntry(
            r.user_id,
            r.joined_at,
            r.last_active_at,
            r.exempt or r.is_admin or r.is_bot or exempt(chat_id, r.user_id),
            r.warned_at,
        )
        for r in rows
    ]
    return (
        plan_pruning(roster, group.pruning, services.clock.now(), count),
        {r.user_id: r for r in rows},
        count,
    )


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
    async with services.uow() as uow:
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
                    member=mention(a.user_id, _name(rows[a.user_id])),
                    inactive=_span(t, a.inactive_for),
                )
                for a in chunk
            )
            text = t("pruning-warning", members=lines, count=len(chunk), deadline=deadline)
            # a member is warned once per spell, so the first of a chunk names the chunk for good
            key = f"prune-warn:{chat_id}:{chunk[0].user_id}:{int(chunk[0].last_active_at.timestamp())}"
            await uow.outbox.enqueue(
                key=key, kind="prune-warning", chat_id=chat_id, params={"text": text}, now=now
            )
        await uow.commit()
    if told:
        log.info("pruning warned chat_id=%s count=%d", chat_id, len(told))
    return len(told)


async def _prune_one(
    services: Services,
    bot: Bot,
    group: GroupPolicy,
    action: PruneAction,
    row: RosterRow,
    actor_id: int | None,
) -> int:
    chat_id, user_id, now = group.chat_id, action.user_id, services.clock.now()
    key = f"{chat_id}:{user_id}:{int(action.last_active_at.timestamp())}"
    t = services.translator.bind(group.locale)
    async with services.uow() as uow:
        repo = uow.repo(PruningRepository)
        if not await repo.mark_removed(chat_id, user_id, last_active_at=action.last_active_at, now=now):
            return 0
        await repo.begin("remove", key, now=now)
        uow.audit.add(
            at=now,
            action="pruned",
            chat_id=chat_id,
            actor_id=actor_id,
            subject_id=user_id,
            reason=action.reason,
            inactive_seconds=int(action.inactive_for.total_seconds()),
            last_active_at=action.last_active_at.isoformat(),
            warned_at=row.warned_at.isoformat() if row.warned_at else None,
        )
        await uow.chats.bump_day(chat_id, local_day(now, group.timezone), removals=1)
        text = t(
            "pruning-removed-notice",
            member=mention(user_id, _name(row)),
            group=esc(group.title),
            inactive=_span(t, action.inactive_for),
            last_active=local_text(action.last_active_at, group.timezone),
        )
        await tell_moderators(services, uow, chat_id, f"pruned:{key}", text)
        await uow.commit()
    services.roster.forget(chat_id, user_id)
    await _remove(services, bot, chat_id, user_id, key)
    return 1


async def _remove(services: Services, bot: Bot, chat_id: int, user_id: int, key: str) -> None:
    state: PruningState = services.features["pruning"]
    if ("remove", key) in state.in_flight:
        return
    state.in_flight.add(("remove", key))
    try:
        await remove_member(bot, chat_id, user_id)
        log.info("pruned chat_id=%s user_id=%s", chat_id, user_id)
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        # no rights, or no such member: retrying will not help; if they are still there, their
        # next message records them present again
        log.warning("prune failed chat_id=%s user_id=%s error=%s", chat_id, user_id, exc.message)
    except TelegramAPIError as exc:
        log.warning("prune deferred chat_id=%s user_id=%s error=%s", chat_id, user_id, type(exc).__name__)
        return
    finally:
        state.in_flight.discard(("remove", key))
    async with services.uow() as uow:
        await uow.repo(PruningRepository).finish("remove", key, now=services.clock.now())
        await uow.commit()


# -- the waiting list -------------------------------------------------------------------------------
async def _complies(
    services: Services,
    uow: UnitOfWork,
    group: GroupPolicy,
    user_id: int,
    first_name: str,
    last_name: str | None,
) -> NameVerdict:
    verdict = check_name(first_name, last_name, group.nickname)
    if verdict.ok or services.is_exempt(group.chat_id, user_id):
        return NameVerdict(True, None, verdict.name, verdict.unit, verdict.normalized)
    if group.nickname.mode == "register":
        user = await uow.chats.get_user(user_id)
        if user is not None and user.real_name and user.unit:
            return NameVerdict(True, None, user.real_name, user.unit, verdict.normalized)
    return verdict


async def _current_name(bot: Bot, request: JoinRequestRecord) -> tuple[str, str | None]:
    """The applicant may have renamed while waiting; getChatMember tells a non-member's name too."""
    try:
        found = await bot.get_chat_member(request.chat_id, request.user_id)
    except TelegramAPIError:
        return request.first_name, request.last_name
    return found.user.first_name, found.user.last_name


async def admit(services: Services, bot: Bot, group: GroupPolicy) -> int:
    """Fill free seats from the waiting list in arrival order; returns how many were approved."""
    chat_id = group.chat_id
    async with services.features["pruning"].lock(chat_id):
        async with services.uow() as uow:
            queue = await uow.repo(PruningRepository).queued(chat_id)
        if not queue:
            return 0
        capacity = group.pruning.capacity
        free = len(queue) if capacity <= 0 else capacity - await _member_count(services, bot, chat_id)
        approved = 0
        for request in queue:
            if approved >= free:
                break
            approved += await _admit_one(services, bot, group, request)
        return approved


async def _admit_one(services: Services, bot: Bot, group: GroupPolicy, request: JoinRequestRecord) -> int:
    name = await _current_name(bot, request)
    now = services.clock.now()
    async with services.uow() as uow:
        repo = uow.repo(PruningRepository)
        if await repo.is_present(group.chat_id, request.user_id):  # came in another way meanwhile
            await repo.decide(request.id, "gone", now=now, note="present")
            await uow.commit()
            return 0
        verdict = await _complies(services, uow, group, request.user_id, *name)
        state = "approved" if verdict.ok else "declined"
        if not await repo.decide(request.id, state, now=now, note=verdict.reason, name=name):
            return 0
        await repo.begin(state, str(request.id), now=now)
        await uow.commit()
    decided = replace(request, state=state, note=verdict.reason, first_name=name[0], last_name=name[1])
    return int(await _answer(services, bot, group, decided) and verdict.ok)


def _request_notice(services: Services, group: GroupPolicy, request: JoinRequestRecord) -> str:
    t = services.translator.bind(group.locale)
    if request.state == "approved":
        return t("pruning-request-admitted", group=esc(group.title))
    return t(
        "pruning-request-declined",
        group=esc(group.title),
        name=esc(display_name(request.first_name, request.last_name)),
        problem=t("pruning-name-problem", reason=request.note or "other"),
    )


async def _answer(
    services: Services, bot: Bot, group: GroupPolicy, request: JoinRequestRecord, *, notify: bool = True
) -> bool:
    """Carry out a decision already recorded (``request.state``), then tell the applicant; False
    when the request was no longer there (withdrawn, or decided by an administrator first)."""
    state: PruningState = services.features["pruning"]
    kind, key = request.state, str(request.id)
    if (kind, key) in state.in_flight:
        return False
    state.in_flight.add((kind, key))
    done = True
    try:
        if kind == "approved":
            await bot.approve_chat_join_request(request.chat_id, request.user_id)
        else:
            await bot.decline_chat_join_request(request.chat_id, request.user_id)
    except TelegramBadRequest as exc:
        log.info(
            "join request gone chat_id=%s user_id=%s error=%s", request.chat_id, request.user_id, exc.message
        )
        done = False
    except TelegramAPIError as exc:
        log.warning(
            "join request deferred chat_id=%s user_id=%s error=%s",
            request.chat_id,
            request.user_id,
            type(exc).__name__,
        )
        return False
    finally:
        state.in_flight.discard((kind, key))
    now = services.clock.now()
    async with services.uow() as uow:
        repo = uow.repo(PruningRepository)
        await repo.finish(kind, key, now=now)
        if not done:
            await repo.decide(request.id, "gone", now=now, note=kind, current=kind)
        elif notify:
            # the applicant can be written to only if they opened a chat with the bot (the queued
            # notice asks them to) or within minutes of asking: a failed notice is marked, not retried
            await uow.outbox.enqueue(
                key=f"join-request:{request.id}:{kind}",
                kind="join-request",
                chat_id=request.user_chat_id or request.user_id,
                params={"text": _request_notice(services, group, request)},
                now=now,
            )
        await uow.commit()
    return done


async def resume(services: Services, bot: Bot) -> None:
    """Carry out what was decided but not confirmed before a restart (or a failed call)."""
    async with services.uow() as uow:
        repo = uow.repo(PruningRepository)
        removals = await repo.unfinished("remove")
        keys = [key for kind in ("approved", "declined") for key in await repo.unfinished(kind)]
        requests = [await repo.get_request(int(key)) for key in keys]
    for key in removals:
        chat_id, user_id, _ = key.split(":")
        await _remove(services, bot, int(chat_id), int(user_id), key)
    for request in requests:
        group = services.groups.get(request.chat_id) if request is not None else None
        if request is not None and group is not None:
            await _answer(services, bot, group, request)


# -- jobs -------------------------------------------------------------------------------------------
async def prune_job(services: Services, bot: Bot) -> None:
    state: PruningState = services.features["pruning"]
    now = services.clock.now()
    period = str(int(now.timestamp() // state.every.total_seconds()))
    async with services.uow() as uow:
        claimed = await uow.claims.claim("pruning", period, now=now, owner=services.instance)
        await uow.commit()
    if not claimed and state.caught_up:
        return
    # the first run in a process goes ahead even in a claimed period: the process that claimed
    # it may have stopped half-way, and every step below is safe to repeat
    state.caught_up = True
    await resume(services, bot)
    for group in services.groups.values():
        await prune(services, bot, group)
        await admit(services, bot, group)
    async with services.uow() as uow:
        await uow.claims.mark_done("pruning", period, now=services.clock.now())
        await uow.commit()


async def waitlist_job(services: Services, bot: Bot) -> None:
    """Seats also free up when people leave; one indexed query when nobody waits."""
    async with services.uow() as uow:
        chats = await uow.repo(PruningRepository).chats_waiting()
    for chat_id in chats:
        group = services.groups.get(chat_id)
        if group is not None:
            await admit(services, bot, group)


def register_jobs(runner: JobRunner) -> None:
    state: PruningState = runner.services.features["pruning"]
    runner.add("pruning", state.every, prune_job)
    runner.add("waitlist", min(state.every, timedelta(minutes=1)), waitlist_job)


# -- handlers ---------------------------------------------------------------------------------------
def _preview_lines(
    t: Translate, group: GroupPolicy, actions: list[PruneAction], rows: dict[int, RosterRow]
) -> list[str]:
    # names without mention links: a preview must not ping the members it lists
    lines = [
        t(
            "pruning-preview-line",
            name=esc(_name(rows[a.user_id])),
            id=a.user_id,
            inactive=_span(t, a.inactive_for),
            last_active=local_text(a.last_active_at, group.timezone),
        )
        for a in actions[:PREVIEW_LINES]
    ]
    if len(actions) > PREVIEW_LINES:
        lines.append(t("pruning-preview-more", n=len(actions) - PREVIEW_LINES))
    return lines


async def cmd_prune(
    message: Message,
    command: CommandObject,
    services: Services,
    bot: Bot,
    uow: UnitOfWork,
    group: GroupPolicy,
    t: Translate,
) -> None:
    await uow.commit()  # the middlewares' writes must not hold the database while the pass writes
    actor = message.from_user.id if message.from_user else None
    if (command.args or "").strip().lower() == "now":
        warned, removed = await prune(services, bot, group, actor_id=actor)
        await admit(services, bot, group)
        await message.answer(t("pruning-done", warned=warned, removed=removed))
        return
    await flush_activity(services)
    decided, rows, count = await plan(services, bot, group)
    parts = [
        t("pruning-preview", group=esc(group.title), remove=len(decided.removals), warn=len(decided.warnings))
    ]
    if group.pruning.capacity > 0:
        parts.append(
            t(
                "pruning-preview-capacity",
                capacity=group.pruning.capacity,
                reserve=group.pruning.reserve,
                count=count,
            )
        )
    if decided.removals:
        parts.append(
            "\n".join([t("pruning-preview-remove"), *_preview_lines(t, group, decided.removals, rows)])
        )
    if decided.warnings:
        parts.append(
            "\n".join([t("pruning-preview-warn"), *_preview_lines(t, group, decided.warnings, rows)])
        )
    parts.append(
        t("pruning-preview-hint") if decided.removals or decided.warnings else t("pruning-preview-none")
    )
    await message.answer("\n\n".join(parts))


async def cmd_prune_refused(message: Message, t: Translate) -> None:
    await message.answer(t("refused-not-moderator"))


async def _tell(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        log.info("applicant not told chat_id=%s error=%s", chat_id, type(exc).__name__)


async def on_join_request(
    request: ChatJoinRequest, services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, t: Translate
) -> None:
    """Approve while there is room, else queue; tell the applicant now, while the bot may write
    to them (a join request opens their private chat for a few minutes only)."""
    user, chat_id, now = request.from_user, group.chat_id, services.clock.now()
    await uow.commit()  # hold no write while waiting for a job's admission to finish
    repo = uow.repo(PruningRepository)
    async with services.features["pruning"].lock(chat_id):
        record = await repo.add_request(
            chat_id,
            user.id,
            user_chat_id=request.user_chat_id,
            first_name=user.first_name,
            last_name=user.last_name,
            now=now,
        )
        position = await repo.position(record)
        await uow.commit()
        capacity = group.pruning.capacity
        if position == 1 and (capacity <= 0 or await _member_count(services, bot, chat_id) < capacity):
            if await repo.decide(record.id, "approved", now=now):
                await repo.begin("approved", str(record.id), now=now)
                await uow.commit()
                await _tell(bot, request.user_chat_id, t("pruning-request-approved", group=esc(group.title)))
                decided = replace(record, state="approved")
                await _answer(services, bot, group, decided, notify=False)
            return
    text = t("pruning-request-queued", group=esc(group.title), position=position)
    verdict = await _complies(services, uow, group, user.id, user.first_name, user.last_name)
    if not verdict.ok:
        text += "\n\n" + t(
            "pruning-request-name-hint",
            name=esc(verdict.normalized),
            problem=t("pruning-name-problem", reason=verdict.reason or "other"),
        )
    await _tell(bot, request.user_chat_id, text)


async def on_member_left(
    event: ChatMemberUpdated, services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy
) -> None:
    """A seat is free: the waiting list comes first."""
    await uow.commit()
    await admit(services, bot, group)


def build_router() -> Router:
    router = Router(name="pruning")
    router.message.register(cmd_prune, Command("prune"), ConfiguredGroup(), IsModerator())
    router.message.register(cmd_prune_refused, Command("prune"), ConfiguredGroup(), NotModerator())
    router.chat_join_request.register(on_join_request, ConfiguredGroup())
    router.chat_member.register(
        on_member_left,
        ConfiguredGroup(),
        Where(lambda e: e.old_chat_member.status in PRESENT and e.new_chat_member.status not in PRESENT),
    )
    return router
