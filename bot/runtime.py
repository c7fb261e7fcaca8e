"""A running bot: migrations, services, dispatcher, jobs; started and stopped in one place.

``delibot run`` uses it with the system clock and APScheduler; the tests and ``delibot simulate``
use it with a manual clock and call ``jobs.run_due()`` themselves.

Start-up makes each call Telegram must answer (getMe, deleteWebhook or setWebhook) a bounded
number of times, with one line per failure naming the API's host and the cause, and stops with
``StartupFailed`` (one line, exit code 1) rather than a traceback or minutes of silence. What is
nice to have (command menus) is logged and skipped. A stop is ordered: no new work, running jobs
and deliveries finish or are cancelled, pending writes flush, then the engine closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.types import Update
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import allowed_updates, build_bot, build_dispatcher, build_jobs, build_services
from bot.commands import publish_commands
from bot.http import add_webhook, build_http_app, split_listen
from bot.jobs.activity import flush_activity
from bot.jobs.outbox import OutboxWaker, delivery_state, release_stale
from bot.jobs.runner import JobRunner
from bot.replicas import wiring
from bot.replicas.coordination import Coordination
from bot.replicas.outbox import release_dead_leases
from bot.replicas.polling import poll_with_standby
from bot.replicas.updates import ReplicaUpdateMiddleware
from bot.services import Services
from bot.settings import Settings
from bot.telegram.pacing import Pacer, Sleep
from bot.telegram.send import describe, options
from deliberation.clock import Clock, SystemClock
from storage.migrate import upgrade_async

log = logging.getLogger("delibot")
SHUTDOWN_GRACE = 30.0
STARTUP_ATTEMPTS = 3
STARTUP_TIMEOUT = 10  # seconds per start-up call: a host that accepts and never answers is named soon
T = TypeVar("T")


class StartupFailed(Exception):
    """Telegram could not be reached or refused us at start-up; the message is the one line to print."""


class Runtime:
    def __init__(
        self, settings: Settings, clock: Clock | None = None, *, pacer: Pacer | None = None,
        schedule: bool = True, tick: float = 5.0, sleep: Sleep | None = None,
        serial: asyncio.Lock | None = None,
    ) -> None:
        self.settings = settings
        self.services: Services = build_services(settings, clock or SystemClock(), pacer=pacer)
        self.services.instance = f"{delivery_state(self.services).instance}:{id(self)}"
        # several replicas ([redis] url): locks, claims, limits and cache changes shared in Redis
        self.coordination: Coordination | None = None
        if settings.redis.url:
            self.coordination = wiring.coordinate(settings, self.services, shared_pacing=pacer is None)
        # tests and the simulation pass a sleep that moves their clock instead of waiting
        self._sleep: Sleep = sleep or asyncio.sleep
        self.bot: Bot = build_bot(settings, self.services, sleep=self._sleep)
        c = self.coordination
        updates = None if c is None else ReplicaUpdateMiddleware(self.services, c)
        self.dp: Dispatcher = build_dispatcher(self.services, serial=serial, updates=updates)
        self.jobs: JobRunner = build_jobs(self.services, self.bot)
        if self.coordination is not None:
            self.jobs.add("replicas", timedelta(seconds=5), release_dead_leases)
        self.services.outbox_waker = OutboxWaker(self.services, self.bot)
        self.schedule = schedule
        self.tick = tick
        self.scheduler: AsyncIOScheduler | None = None
        self._http: web.AppRunner | None = None
        self._web: web.AppRunner | None = None
        self.web_url = ""  # where the board listens, once started
        self._stopped = False
        self.started = asyncio.Event()  # set once startup (command menus, scheduler) is done
        self.dp.startup.register(self._on_startup)
        self.dp.shutdown.register(self._on_shutdown)

    async def prepare(self) -> None:
        """Migrate the database, give back what an earlier run left leased, learn who the bot is."""
        c = self.coordination
        if c is None:
            await upgrade_async(self.settings.database.url)
            await release_stale(self.services)
        else:
            async with wiring.migration_turn(c):
                await upgrade_async(self.settings.database.url)
            await wiring.start(c, self.services)
            # not release_stale: rows a live replica on this host holds are not ours to take
            await release_dead_leases(self.services)
        Update.model_validate({"update_id": 0})  # build the parser now, not on the first update
        me = await self.required("getMe", self.bot.me)
        self.services.bot_id = me.id
        self.services.bot_username = me.username or ""

    @property
    def api_host(self) -> str:
        base = self.settings.telegram.api_base
        return urlsplit(base).netloc or base

    @contextlib.contextmanager
    def _startup_timeout(self) -> Iterator[None]:
        session = self.bot.session
        saved, session.timeout = session.timeout, min(session.timeout, STARTUP_TIMEOUT)
        try:
            yield
        finally:
            session.timeout = saved

    async def required(self, name: str, call: Callable[[], Awaitable[T]]) -> T:
        """A start-up call the bot cannot run without: tried ``STARTUP_ATTEMPTS`` times."""
        for attempt in range(1, STARTUP_ATTEMPTS + 1):
            try:
                with self._startup_timeout(), options(attempts=1):
                    return await call()
            except TelegramUnauthorizedError as exc:
                raise StartupFailed(
                    f"Telegram at {self.api_host} refused the token ({name}): check telegram.token"
                ) from exc
            except Exception as exc:
                cause = describe(exc)
                log.warning("start-up call failed call=%s host=%s attempt=%d/%d cause=%s",
                            name, self.api_host, attempt, STARTUP_ATTEMPTS, cause)
                if attempt == STARTUP_ATTEMPTS:
                    raise StartupFailed(
                        f"cannot start: {name} to {self.api_host} failed {STARTUP_ATTEMPTS} times "
                        f"(last: {cause}); check telegram.api_base and the network"
                    ) from exc
                await self._sleep(min(2.0**attempt, 10.0))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _on_startup(self) -> None:
        try:
            await self._start_up()
        finally:
            self.started.set()

    async def _start_up(self) -> None:
        await publish_commands(self.services, self.bot)
        if self.settings.web.enabled:
            from bot.web.menu import offer_supervision_view

            await offer_supervision_view(self.services, self.bot)
        if self.schedule:
            self.scheduler = AsyncIOScheduler()
            self.scheduler.add_job(
                self.jobs.run_due, "interval", seconds=self.tick, max_instances=1, coalesce=True,
                id="tick",
                # shortly after start: catch up on anything missed while the bot was down
                next_run_time=datetime.now(UTC) + timedelta(seconds=1),
            )
            for hook in self.services.hooks.schedule:
                hook(self.scheduler, self.jobs)
            self.scheduler.start()

    async def _on_shutdown(self) -> None:
        """No new work; in-flight updates, jobs and deliveries finish (or are cancelled after the
        grace period), pending writes flush. The engine is closed by ``close`` after this."""
        if self._stopped:
            return
        self._stopped = True
        await asyncio.sleep(0)
        # first: no job starts and no delivery takes a row from here on
        self.jobs.stopping = delivery_state(self.services).stopping = True
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)  # no new ticks
        waker = self.services.outbox_waker
        await asyncio.gather(
            self.jobs.stop(SHUTDOWN_GRACE),
            waker.stop(SHUTDOWN_GRACE) if waker is not None else asyncio.sleep(0),
        )
        try:
            await asyncio.wait_for(self.services.in_flight.idle.wait(), SHUTDOWN_GRACE)
        except TimeoutError:
            log.warning("shutdown with updates still in flight count=%d", self.services.in_flight.count)
        await flush_activity(self.services)
        if self._http is not None:
            await self._http.cleanup()
            self._http = None
        if self._web is not None:
            await self._web.cleanup()
            self._web = None
        log.info("stopped")

    async def close(self) -> None:
        await self.bot.session.close()
        if self.services.engine is not None:
            await self.services.engine.dispose()
        if self.coordination is not None:
            await self.coordination.close()

    async def start_http(self) -> None:
        if self.settings.http.listen:
            host, port = split_listen(self.settings.http.listen)
            self._http = web.AppRunner(build_http_app(self.services))
            await self._http.setup()
            await web.TCPSite(self._http, host, port).start()

    async def start_web(self) -> str:
        """The public board, when ``[web] enabled``; returns the address it listens on."""
        if not self.settings.web.enabled or self._web is not None:
            return self.web_url
        from bot.web.app import build_web_app  # Jinja2 and the templates load only when the board is on

        host, port = split_listen(self.settings.web.listen)
        self._web = web.AppRunner(build_web_app(self.services), access_log=None)
        await self._web.setup()
        site = web.TCPSite(self._web, host, port)
        await site.start()
        self.web_url = f"http://{host}:{port}"
        log.info("board serving listen=%s", self.web_url)
        return self.web_url

    async def run_polling(self, *, handle_signals: bool = True, polling_timeout: int = 30) -> None:
        if self.coordination is not None:
            return await self._poll_as_replica(handle_signals, polling_timeout)
        try:
            await self.prepare()
            # a webhook set once (by another deployment, or by hand) makes getUpdates answer 409
            await self.required("deleteWebhook", lambda: self.bot.delete_webhook(drop_pending_updates=False))
            await self.start_http()
            await self.start_web()
            await self.dp.start_polling(
                self.bot, handle_signals=handle_signals, close_bot_session=False,
                allowed_updates=allowed_updates(self.dp), polling_timeout=polling_timeout,
            )
        finally:
            await self._on_shutdown()
            await self.close()

    async def _poll_as_replica(self, handle_signals: bool, polling_timeout: int) -> None:
        """One replica polls, the others stand by (``bot.replicas.polling``); each runs its jobs."""
        assert self.coordination is not None
        stop = self.stop_event = asyncio.Event()
        try:
            await self.prepare()
            await self.required("deleteWebhook", lambda: self.bot.delete_webhook(drop_pending_updates=False))
            await self.start_http()
            await self.start_web()
            if handle_signals:
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGTERM, signal.SIGINT):
                    loop.add_signal_handler(sig, stop.set)
            await self.dp.emit_startup(bot=self.bot, dispatcher=self.dp, **self.dp.workflow_data)
            await poll_with_standby(self.coordination, self.dp, self.bot, stop,
                                    allowed_updates=allowed_updates(self.dp), polling_timeout=polling_timeout)
        finally:
            await self._on_shutdown()
            await self.close()

    async def run_webhook(self, *, handle_signals: bool = True) -> None:
        stop = self.stop_event = asyncio.Event()
        runner: web.AppRunner | None = None
        try:
            await self.prepare()
            webhook = self.settings.webhook
            secret = webhook.secret_token.get_secret_value() if webhook.secret_token else ""
            app = build_http_app(self.services)
            path = "/" + webhook.public_url.split("://", 1)[-1].split("/", 1)[-1].strip("/")
            # replicas answer after handling: nothing is acknowledged that a dying replica lost
            add_webhook(app, self.dp, self.bot, path if path != "/" else "/webhook", secret,
                        background=self.coordination is None)
            runner = web.AppRunner(app)
            await runner.setup()
            await self.start_web()
            host, port = split_listen(webhook.listen)
            await web.TCPSite(runner, host, port).start()
            if handle_signals:
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGTERM, signal.SIGINT):
                    loop.add_signal_handler(sig, stop.set)
            await self.dp.emit_startup(bot=self.bot, dispatcher=self.dp, **self.dp.workflow_data)
            await self.required("setWebhook", lambda: self.bot.set_webhook(
                webhook.public_url, secret_token=secret or None, allowed_updates=allowed_updates(self.dp)
            ))
            log.info("webhook serving listen=%s path=%s", webhook.listen, path)
            await stop.wait()
        finally:
            if runner is not None:
                await runner.shutdown()  # stop taking requests; handlers in flight go on
            await self._on_shutdown()
            if runner is not None:
                await runner.cleanup()
            await self.close()
