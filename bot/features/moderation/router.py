"""The router: filters first, then the moderator commands and /report; set-up and jobs."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command

from bot.features.moderation.actions import Acting
from bot.features.moderation.commands import (
    TARGET_COMMANDS,
    cmd_ban,
    cmd_mute,
    cmd_report,
    cmd_unban,
    cmd_unmute,
    cmd_unwarn,
    cmd_warn,
)
from bot.features.moderation.corrections import cmd_correct, digest_section
from bot.features.moderation.filters import Violation, on_violation
from bot.features.moderation.rights import check_rights, on_bot_rights_changed
from bot.features.moderation.state import ModerationState
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator
from bot.jobs.runner import JobRunner
from bot.refusals import cmd_refused
from bot.services import Services


def setup(services: Services) -> None:
    services.keep(ModerationState.of(services))
    services.hooks.digest_sections.append(digest_section)


def register_jobs(runner: JobRunner) -> None:
    runner.add("moderation-rights", timedelta(minutes=1), check_rights)


def build_router() -> Router:
    router = Router(name="moderation")
    router.message.register(on_violation, Violation(), Acting(by_bot=True))
    router.edited_message.register(on_violation, Violation(count_flood=False), Acting(by_bot=True))
    moderated = (ConfiguredGroup(), IsModerator(), Acting())
    for name, handler in (("warn", cmd_warn), ("unwarn", cmd_unwarn), ("mute", cmd_mute),
                          ("unmute", cmd_unmute), ("ban", cmd_ban), ("unban", cmd_unban)):
        router.message.register(handler, Command(name), *moderated)
    router.message.register(cmd_refused, Command(*TARGET_COMMANDS), ConfiguredGroup(), NotModerator())
    router.message.register(cmd_report, Command("report"), ConfiguredGroup())
    router.message.register(cmd_correct, Command("correct"), ConfiguredGroup(), IsModerator())
    router.message.register(cmd_refused, Command("correct"), ConfiguredGroup(), NotModerator())
    router.my_chat_member.register(
        on_bot_rights_changed, ConfiguredGroup(),
        Where(lambda e: e.new_chat_member.status in ("administrator", "creator", "member", "restricted")),
    )
    return router
