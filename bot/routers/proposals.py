"""Proposals (建言征集) in the group: recognise, number, acknowledge, support; /my and /proposal.

Every group message passes the ``Tagged`` filter, so it looks for a number sign before anything
else and uses the group's TopicMatcher built once in ``setup``: an ordinary message costs no
database round-trip and reaches the routers after this one untouched. The domain decides
(``deliberation.proposals``); this feature records through ``ProposalRepository`` and answers.

The parts: ``proposals_intake`` (the hashtag filter, /propose, edits), ``proposals_recording``
(refuse, number, store, route, acknowledge), ``proposals_support`` (the support button),
``proposals_views`` (/my, /proposal) and ``proposals_texts`` (what a proposal shows).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup
from bot.routers.proposals_intake import Tagged, cmd_propose, on_edited, on_tagged
from bot.routers.proposals_recording import FEATURE, HOOKS
from bot.routers.proposals_support import cb_support
from bot.routers.proposals_texts import SupportCallback
from bot.routers.proposals_views import cmd_my, cmd_proposal
from bot.services import Services
from deliberation.keywords import TopicMatcher

__all__ = ["FEATURE", "HOOKS", "SupportCallback", "Tagged", "build_router", "setup"]


def setup(services: Services) -> None:
    services.features[FEATURE] = {
        chat_id: TopicMatcher(group.topics) for chat_id, group in services.groups.items()
    }


def _slash(message: Message) -> bool:
    return (message.text or message.caption or "").startswith("/")


def build_router() -> Router:
    router = Router(name=FEATURE)
    # the hashtag first: it refuses an ordinary message in a microsecond, one filter call fewer
    router.message.register(on_tagged, Tagged(), ConfiguredGroup())
    router.edited_message.register(on_edited, ConfiguredGroup())
    router.callback_query.register(cb_support, SupportCallback.filter())
    # aiogram's Command costs ~14 µs on an ordinary message: one slash check guards all three.
    # Messages of unconfigured groups never get here (core leaves those groups).
    commands = Router(name=f"{FEATURE}-commands")
    commands.message.filter(Where(_slash))
    commands.message.register(cmd_propose, Command("propose"))
    commands.message.register(cmd_my, Command("my"))
    commands.message.register(cmd_proposal, Command("proposal"))
    router.include_router(commands)
    return router
