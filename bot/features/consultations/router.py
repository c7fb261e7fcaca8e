"""The router: opinions first (a reply to a consultation is not a proposal), then /consult,
/conclude, the group choice, reactions and poll updates; set-up and the schedule job."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.filters import Command

from bot.features.consultations.closing import run_schedule
from bot.features.consultations.conclusion import cmd_conclude
from bot.features.consultations.digest import digest_section
from bot.features.consultations.opening import GroupChoice, cb_group, cmd_consult
from bot.features.consultations.opinions import (
    CollectedOpinion,
    OpinionMessage,
    on_opinion,
    on_opinion_edited,
    on_poll,
    on_reaction,
)
from bot.filters.scope import ConfiguredGroup
from bot.jobs.runner import JobRunner
from bot.services import Services


def setup(services: Services) -> None:
    services.hooks.digest_sections.append(digest_section)


def register_jobs(runner: JobRunner) -> None:
    runner.add("consultations", timedelta(minutes=1), run_schedule)


def build_router() -> Router:
    router = Router(name="consultations")
    router.message.register(on_opinion, OpinionMessage())
    router.edited_message.register(on_opinion_edited, CollectedOpinion())
    router.message.register(cmd_consult, Command("consult"))
    router.message.register(cmd_conclude, Command("conclude"))
    router.callback_query.register(cb_group, GroupChoice.filter())
    router.message_reaction.register(on_reaction, ConfiguredGroup())
    router.poll.register(on_poll)
    return router
