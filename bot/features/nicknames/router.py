"""The router of the real-name rule, its set-up and its re-check job."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command, CommandStart

from bot.features.nicknames.commands import cmd_exempt, cmd_exempt_usage, cmd_iam, cmd_names, cmd_start_iam
from bot.features.nicknames.events import (
    cb_recheck,
    on_bot_rights,
    on_group_message,
    on_join,
    on_member_update,
    on_private_message,
)
from bot.features.nicknames.filters import NameCheckDue, RestrictedByBot, RestrictedSomewhere
from bot.features.nicknames.jobs import run_recheck
from bot.features.nicknames.render import Recheck, reason_text
from bot.features.nicknames.state import NamesState, names_state
from bot.filters.common import FreshJoin, IsReply, Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator, PrivateChat
from bot.jobs.runner import JobRunner
from bot.refusals import cmd_refused
from bot.services import Services

__all__ = ["NameCheckDue", "build_router", "reason_text", "register_jobs", "setup"]

RECHECK_EVERY = timedelta(minutes=1)


def setup(services: Services) -> None:
    services.keep(NamesState.of(services))
    services.hooks.member_changed.append(_forget_restricted)


def _forget_restricted(services: Services, chat_id: int, user_id: int) -> None:
    """Another replica changed a member: who is read-only is read again on the next private message."""
    names_state(services).restricted_users = None


def register_jobs(runner: JobRunner) -> None:
    runner.add("names", RECHECK_EVERY, run_recheck)


def build_router() -> Router:
    router = Router(name="names")
    in_group = ConfiguredGroup()
    # on messages the cheap refusing filter goes first: an ordinary message fails it, one call fewer
    router.message.register(on_join, FreshJoin(), in_group)
    router.chat_member.register(on_join, in_group, FreshJoin())
    router.chat_member.register(on_member_update, in_group, RestrictedByBot())
    router.my_chat_member.register(
        on_bot_rights, in_group, Where(lambda e: getattr(e.new_chat_member, "can_manage_tags", False))
    )
    router.message.register(on_group_message, NameCheckDue(), in_group)
    router.message.register(cmd_names, Command("names"), in_group, IsModerator())
    router.message.register(cmd_exempt, Command("exempt"), in_group, IsModerator(), IsReply())
    router.message.register(cmd_exempt_usage, Command("exempt"), in_group, IsModerator())
    router.message.register(cmd_refused, Command("names", "exempt"), in_group, NotModerator())
    router.message.register(cmd_iam, Command("iam"), PrivateChat())
    router.message.register(
        cmd_start_iam, CommandStart(deep_link=True), PrivateChat(),
        Where(lambda m: (m.text or "").split(maxsplit=1)[1:] == ["iam"]),
    )
    router.message.register(on_private_message, PrivateChat(), RestrictedSomewhere())
    router.callback_query.register(cb_recheck, Recheck.filter())
    return router
