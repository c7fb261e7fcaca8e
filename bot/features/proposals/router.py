"""The router: the hashtag filter first, then /propose, /my, /proposal, /status and the support
button; the job that keeps acknowledgements current."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.features.proposals.following import FollowCallback, cb_follow, tell_followers
from bot.features.proposals.intake import Tagged, cmd_propose, on_edited, on_tagged
from bot.features.proposals.jobs import EVERY, refresh_acks
from bot.features.proposals.render import SupportCallback
from bot.features.proposals.state import Topics
from bot.features.proposals.status import cmd_status
from bot.features.proposals.support import cb_support
from bot.features.proposals.views import cmd_my, cmd_proposal
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup
from bot.jobs.runner import JobRunner
from bot.services import Services


def setup(services: Services) -> None:
    services.keep(Topics.of(services))
    services.hooks.proposal_answered.append(tell_followers)


def register_jobs(runner: JobRunner) -> None:
    runner.add("proposal-acks", EVERY, refresh_acks)


def _slash(message: Message) -> bool:
    return (message.text or message.caption or "").startswith("/")


def build_router() -> Router:
    router = Router(name="proposals")
    # the hashtag first: it refuses an ordinary message in a microsecond, one filter call fewer
    router.message.register(on_tagged, Tagged(), ConfiguredGroup())
    router.edited_message.register(on_edited, ConfiguredGroup())
    router.callback_query.register(cb_support, SupportCallback.filter())
    router.callback_query.register(cb_follow, FollowCallback.filter())
    # aiogram's Command costs ~14 µs on an ordinary message: one slash check guards all three.
    # Messages of unconfigured groups never get here (core leaves those groups).
    commands = Router(name="proposals-commands")
    commands.message.filter(Where(_slash))
    commands.message.register(cmd_propose, Command("propose"))
    commands.message.register(cmd_my, Command("my"))
    commands.message.register(cmd_proposal, Command("proposal"))
    commands.message.register(cmd_status, Command("status"))
    router.include_router(commands)
    return router
