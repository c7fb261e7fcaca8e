"""The real-name rule (实名制) in the groups: "姓名-单位", or read-only and then removal.

Deliberation only works when everyone knows who speaks for whom (SPEC "Real names"). A member who
joins or posts without complying is made read-only and told, by mention, what to change and by
when. A read-only member cannot post, so any other sign of them counts: the notice's button, a
private message, ``/iam`` in register mode, a ``chat_member`` update, and a re-check every minute
(``getChatMember`` gives the current name). As soon as they comply their rights come back; when
the grace runs out they are removed, free to rejoin. The verdicts come from
``deliberation.nicknames``; this module only acts on them.

The parts: ``names_filters`` (when the rule has something to do), ``names_events`` (joins,
messages, member updates, the notice's button), ``names_commands`` (/iam, /names, /exempt),
``names_actions`` (the steps they take), ``names_texts`` (reasons and the notice),
``names_state`` (what is kept in memory) and the re-check job ``bot.jobs.names``.
"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command, CommandStart

from bot.filters.common import FreshJoin, IsReply, Where
from bot.filters.scope import ConfiguredGroup, IsModerator, NotModerator, PrivateChat
from bot.jobs.names import run_recheck
from bot.jobs.runner import JobRunner
from bot.routers.moderation_commands import cmd_refused
from bot.routers.names_commands import cmd_exempt, cmd_exempt_usage, cmd_iam, cmd_names, cmd_start_iam
from bot.routers.names_events import (
    cb_recheck,
    on_bot_rights,
    on_group_message,
    on_join,
    on_member_update,
    on_private_message,
)
from bot.routers.names_filters import NameCheckDue, RestrictedByBot, RestrictedSomewhere
from bot.routers.names_state import NamesState
from bot.routers.names_texts import Recheck, reason_text
from bot.services import Services

__all__ = ["NameCheckDue", "build_router", "reason_text", "register_jobs", "setup"]

RECHECK_EVERY = timedelta(minutes=1)


def setup(services: Services) -> None:
    services.features["names"] = NamesState.of(services)


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
