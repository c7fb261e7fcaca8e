"""Pruning inactive members (清退) and the waiting list of join requests: /prune for moderators,
and the wiring of the feature.

/prune shows what the next pass would do (who is removed, who is warned) without pinging anyone;
/prune now runs the pass at once. The pass itself is ``bot.jobs.pruning``; the waiting list is
``bot.jobs.waitlist`` with its handlers in ``bot.routers.waitlist``, registered here.
"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator
from bot.i18n import Translate
from bot.jobs.activity import flush_activity
from bot.jobs.pruning import plan, prune, prune_job, row_name, span_text
from bot.jobs.pruning_state import PruningState, job_interval, pruning_state
from bot.jobs.runner import JobRunner
from bot.jobs.waitlist import admit, waitlist_job
from bot.routers.moderation_commands import cmd_refused
from bot.routers.waitlist import has_left, on_join_request, on_member_left
from bot.services import Services
from bot.texts import esc
from bot.timefmt import local_text
from deliberation.policy import GroupPolicy
from deliberation.pruning import PruneAction, RosterRow
from storage.uow import UnitOfWork

PREVIEW_LINES = 30  # per section of /prune, to stay far below Telegram's 4096 characters


def setup(services: Services) -> None:
    services.features["pruning"] = PruningState(job_interval(list(services.groups.values())))


def register_jobs(runner: JobRunner) -> None:
    every = pruning_state(runner.services).every
    runner.add("pruning", every, prune_job)
    runner.add("waitlist", min(every, timedelta(minutes=1)), waitlist_job)


def _preview_lines(
    t: Translate, group: GroupPolicy, actions: list[PruneAction], rows: dict[int, RosterRow]
) -> list[str]:
    # names without mention links: a preview must not ping the members it lists
    lines = [
        t(
            "pruning-preview-line",
            name=esc(row_name(rows[a.user_id])),
            id=a.user_id,
            inactive=span_text(t, a.inactive_for),
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


def build_router() -> Router:
    router = Router(name="pruning")
    router.message.register(cmd_prune, Command("prune"), ConfiguredGroup(), IsModerator())
    router.message.register(cmd_refused, Command("prune"), ConfiguredGroup(), NotModerator())
    router.chat_join_request.register(on_join_request, ConfiguredGroup())
    router.chat_member.register(on_member_left, ConfiguredGroup(), Where(has_left))
    return router
