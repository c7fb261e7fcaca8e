"""/prune for moderators: what the next pass would do (who is removed, who is warned) without
pinging anyone; /prune now runs the pass at once (``bot.features.pruning.jobs``)."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.features.pruning.jobs import plan, prune, prune_job, row_name, seats_freed, span_text
from bot.features.pruning.state import PruningState, pruning_state
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator
from bot.i18n import Translate
from bot.jobs.activity import flush_activity
from bot.jobs.runner import JobRunner
from bot.refusals import cmd_refused
from bot.services import Services
from bot.texts import esc
from bot.timefmt import local_text
from deliberation.policy import GroupPolicy
from deliberation.pruning import PruneAction, RosterRow, pass_interval
from storage.uow import UnitOfWork

PREVIEW_LINES = 30  # per section of /prune, to stay far below Telegram's 4096 characters


def setup(services: Services) -> None:
    services.keep(PruningState(pass_interval(list(services.groups.values()))))


def register_jobs(runner: JobRunner) -> None:
    runner.add("pruning", pruning_state(runner.services).every, prune_job)


def _preview_lines(
    t: Translate, group: GroupPolicy, actions: list[PruneAction], rows: dict[int, RosterRow]
) -> list[str]:
    # names without mention links: a preview must not ping the members it lists
    lines = [
        t(
            "pruning-preview-line",
            name=esc(row_name(rows[a.user_id])),
            id=str(a.user_id),  # copied into /ban: no digit grouping
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
    # the pass writes in units of its own: it runs once this update's writes are committed, so
    # they do not hold the database meanwhile
    uow.after_commit(lambda: _prune(message, command, services, bot, group, t))


async def _prune(
    message: Message, command: CommandObject, services: Services, bot: Bot, group: GroupPolicy, t: Translate
) -> None:
    actor = message.from_user.id if message.from_user else None
    if (command.args or "").strip().lower() == "now":
        warned, removed = await prune(services, bot, group, actor_id=actor)
        await seats_freed(services, bot, group)
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
    return router
