"""The waiting list: join requests fill free seats in arrival order, for applicants whose names
meet the real-name rule (or who registered one, in register mode); the others are declined and
told why.

Each decision is written down before the Bot API call that carries it out, and marked done after
it, so ``resume`` finishes after a restart (or a failed call) what was decided but not done.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest

from bot.features.waitlist.state import waitlist_state
from bot.seats import member_count
from bot.services import Services
from bot.texts import display_name, esc
from deliberation.nicknames import NameVerdict, check_name
from deliberation.policy import GroupPolicy
from deliberation.pruning import JoinRequestRecord
from storage.repositories.pruning import PruningRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.pruning")


async def complies(
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
    async with waitlist_state(services).lock(chat_id):
        async with services.uow() as uow:
            queue = await uow.repo(PruningRepository).queued(chat_id)
        if not queue:
            return 0
        capacity = group.pruning.capacity
        free = len(queue) if capacity <= 0 else capacity - await member_count(services, bot, chat_id)
        approved = 0
        for request in queue:
            if approved >= free:
                break
            approved += await _admit_one(services, bot, group, request)
        return approved


async def _admit_one(services: Services, bot: Bot, group: GroupPolicy, request: JoinRequestRecord) -> int:
    name = await _current_name(bot, request)
    now = services.clock.now()
    # a unit per request, committed before the approval or decline: the decision is recorded
    # before it is made, so ``resume`` carries it out after a crash and it is never made twice
    async with services.uow.transaction() as uow:
        repo = uow.repo(PruningRepository)
        if await repo.is_present(group.chat_id, request.user_id):  # came in another way meanwhile
            await repo.decide(request.id, "gone", now=now, note="present")
            return 0
        verdict = await complies(services, uow, group, request.user_id, *name)
        state = "approved" if verdict.ok else "declined"
        if not await repo.decide(request.id, state, now=now, note=verdict.reason, name=name):
            return 0
        await repo.begin(state, str(request.id), now=now)
    decided = replace(request, state=state, note=verdict.reason, first_name=name[0], last_name=name[1])
    return int(await answer(services, bot, group, decided) and verdict.ok)


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


async def answer(
    services: Services, bot: Bot, group: GroupPolicy, request: JoinRequestRecord, *, notify: bool = True,
    resuming: bool = False,
) -> bool:
    """Carry out a decision already recorded (``request.state``), then tell the applicant; False
    when the request was no longer there (withdrawn, or decided by an administrator first)."""
    state = waitlist_state(services)
    kind, key = request.state, str(request.id)
    if (kind, key) in state.in_flight:
        return False
    # held until the decision is marked done, so ``resume`` never carries it out a second time
    state.in_flight.add((kind, key))
    try:
        if resuming:  # read a while ago: done since by the task that decided it?
            async with services.uow() as uow:
                if key not in await uow.repo(PruningRepository).unfinished(kind):
                    return False
        return await _answer(services, bot, group, request, notify=notify)
    finally:
        state.in_flight.discard((kind, key))


async def _answer(
    services: Services, bot: Bot, group: GroupPolicy, request: JoinRequestRecord, *, notify: bool
) -> bool:
    kind, key = request.state, str(request.id)
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
    now = services.clock.now()
    async with services.uow.transaction() as uow:  # the answer made: its record is closed
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
    return done


async def waitlist_job(services: Services, bot: Bot) -> None:
    """Seats also free up when people leave; one indexed query when nobody waits."""
    async with services.uow() as uow:
        chats = await uow.repo(PruningRepository).chats_waiting()
    for chat_id in chats:
        group = services.groups.get(chat_id)
        if group is not None:
            await admit(services, bot, group)


async def resume(services: Services, bot: Bot, group: GroupPolicy) -> None:
    """Carry out the group's answers that were decided but not confirmed before a restart (or a
    failed call)."""
    async with services.uow() as uow:
        repo = uow.repo(PruningRepository)
        keys = [key for kind in ("approved", "declined") for key in await repo.unfinished(kind)]
        requests = [await repo.get_request(int(key)) for key in keys]
    for request in requests:
        if request is not None and request.chat_id == group.chat_id:
            await answer(services, bot, group, request, resuming=True)


async def on_seats_freed(services: Services, bot: Bot, group: GroupPolicy) -> None:
    """A pruning pass ran: finish what was left undone, then fill the free seats in order."""
    await resume(services, bot, group)
    await admit(services, bot, group)
