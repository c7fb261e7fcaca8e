"""群管理: the banned-word and flood filters, moderator commands, /report, and the bot's own rights.

The filters are this router's first handlers and the router is the first feature router, so a
banned word is deleted before the real-name rule or the proposal recogniser looks at the message.
They run on every group message: per-group automatons and one flood detector are built once in
``setup``; the database is touched only when a message breaks a rule. Every step is written to
the audit log and, when the group has one, to its log chat.

The parts: ``moderation_filters`` (every group message), ``moderation_commands`` (moderators and
/report), ``moderation_actions`` (the steps both take), ``moderation_rights`` (the bot's rights).
"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command

from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator
from bot.jobs.runner import JobRunner
from bot.routers.moderation_actions import Acting
from bot.routers.moderation_commands import (
    TARGET_COMMANDS,
    cmd_ban,
    cmd_mute,
    cmd_refused,
    cmd_report,
    cmd_unban,
    cmd_unmute,
    cmd_unwarn,
    cmd_warn,
)
from bot.routers.moderation_filters import Violation, on_violation
from bot.routers.moderation_rights import check_rights, on_bot_rights_changed
from bot.routers.moderation_state import ModerationState
from bot.services import Services


def setup(services: Services) -> None:
    services.features["moderation"] = ModerationState.of(services)


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
    router.my_chat_member.register(
        on_bot_rights_changed, ConfiguredGroup(),
        Where(lambda e: e.new_chat_member.status in ("administrator", "creator", "member", "restricted")),
    )
    return router
