"""The composition root: settings in, a wired dispatcher, bot and job runner out.

This and ``bot.features`` are the only places that know every feature. Importing it opens
nothing; ``build_*`` do.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot import routing
from bot.features import FEATURES
from bot.i18n import Translator
from bot.jobs.activity import flush_activity
from bot.jobs.claims import EVERY as CLAIMS_EVERY
from bot.jobs.claims import UPDATE_CLAIMS_KEPT, forgetting
from bot.jobs.outbox import deliver_due
from bot.jobs.runner import JobRunner
from bot.metrics import Metrics
from bot.middlewares.context import ContextMiddleware
from bot.middlewares.members import GroupMemberMiddleware, PrivateUserMiddleware
from bot.middlewares.membership import MembershipMiddleware
from bot.middlewares.once import UPDATE_JOB, OnceMiddleware
from bot.middlewares.updates import SerialUpdateMiddleware, UpdateMiddleware
from bot.polling import MalformedUpdates
from bot.refusals import leftovers
from bot.services import Services
from bot.settings import Settings
from bot.telegram.pacing import Pacer, Sleep
from bot.telegram.send import SendPolicy
from deliberation.clock import Clock
from storage.engine import make_engine, make_sessionmaker
from storage.uow import UnitOfWorkFactory


def build_services(settings: Settings, clock: Clock, *, pacer: Pacer | None = None) -> Services:
    engine = make_engine(settings.database.url)
    services = Services(
        settings=settings,
        clock=clock,
        uow=UnitOfWorkFactory(make_sessionmaker(engine)),
        translator=Translator(default=settings.locale.default),
        metrics=Metrics(),
        pacer=pacer or Pacer(),
        groups=settings.group_policies(),
        handling=settings.handling_policy(),
        digest=settings.digest_policy(),
        departments=settings.departments(),
        officials=settings.officials(),
        moderators=frozenset(settings.moderation.moderators),
        engine=engine,
    )
    for feature in FEATURES:
        if feature.setup is not None:
            feature.setup(services)
    return services


def build_bot(
    settings: Settings, services: Services, *, timeout: float = 60.0, sleep: Sleep = asyncio.sleep
) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram.api_base), timeout=timeout)
    session.middleware(SendPolicy(services.pacer, metrics=services.metrics, sleep=sleep))
    session.middleware(MalformedUpdates())  # inside the retries: a bad update is skipped, not retried
    token = settings.telegram.token.get_secret_value() if settings.telegram.token else ""
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))


def build_dispatcher(
    services: Services, *, serial: asyncio.Lock | None = None, updates: UpdateMiddleware | None = None
) -> Dispatcher:
    """``serial`` is the simulation's: updates, jobs and deliveries one at a time; ``updates`` the
    replicas' middleware (``bot.replicas.updates``)."""
    # no conversation state is kept, so no FSM; one chat's updates are still handled one at a
    # time, in order: see bot.middlewares.updates.ChatLocks
    dp = Dispatcher(disable_fsm=True, services=services, clock=services.clock)
    if updates is None:
        updates = UpdateMiddleware(services) if serial is None else SerialUpdateMiddleware(services, serial)
    dp.update.outer_middleware(updates)
    dp.update.outer_middleware(OnceMiddleware(services))
    dp.update.outer_middleware(ContextMiddleware(services))
    dp.update.outer_middleware(MembershipMiddleware(services))
    dp.message.outer_middleware(GroupMemberMiddleware(services))
    dp.message.outer_middleware(PrivateUserMiddleware(services))
    routers = [feature.router() for feature in FEATURES if feature.router is not None]
    routing.install(dp, [*routers, leftovers()])
    return dp


def allowed_updates(dp: Dispatcher) -> list[str]:
    # chat_member and chat_join_request are not sent unless asked for
    extra = {"chat_member", "my_chat_member", "chat_join_request", "callback_query", "edited_message"}
    return sorted(set(dp.resolve_used_update_types()) | extra)


def build_jobs(services: Services, bot: Bot) -> JobRunner:
    runner = JobRunner(services, bot)
    runner.add("activity", timedelta(seconds=5), flush_activity)
    runner.add("update-claims", CLAIMS_EVERY, forgetting(UPDATE_JOB, UPDATE_CLAIMS_KEPT))
    for feature in FEATURES:
        if feature.jobs is not None:
            feature.jobs(runner)
    runner.add("outbox", timedelta(seconds=0), deliver_due)
    return runner
