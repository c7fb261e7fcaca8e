"""The real bot wired to the built-in emulator in one process, on a clock the caller moves.

Used by the end-to-end tests and by ``delibot simulate``: the same runtime as ``delibot run``
(dispatcher, routers, storage, jobs), long polling the emulator over real HTTP. Time is a
``ManualClock`` shared by the bot, the emulator's dates and both sides' rate limits; when the bot
waits for a rate limit, simulated time passes instead of real time.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import tomli_w

from bot import lazy_schemas
from bot.settings import Settings, load_settings
from bot.telegram.pacing import Pacer
from deliberation.clock import ManualClock
from emulator import Emulator

# the harness builds a bot as `delibot` does: aiogram's types build lazily (before bot.app imports them)
lazy_schemas.install()

from bot.app import allowed_updates  # noqa: E402
from bot.runtime import Runtime  # noqa: E402

TOKEN = "123456:TEST-harness"
BOT_ID = 123456


class SimTime:
    """Monotonic time and sleep on the manual clock: waiting moves the clock forward."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock

    def monotonic(self) -> float:
        return self.clock.now().timestamp()

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)


# Configuration keys that name people the bot writes to in private; ``*_chat_id`` keys with a positive
# value are a person's private chat too (a fallback or log chat may be one person).
PEOPLE_KEYS = frozenset({"moderators", "officials", "leaders", "members", "supervisors"})


def configured_people(config: Any, key: str = "") -> set[int]:
    """Every user id the configuration names, in any section or group."""
    found: set[int] = set()
    if isinstance(config, dict):
        for name, value in config.items():
            found |= configured_people(value, name)
    elif isinstance(config, list):
        for item in config:
            found |= configured_people(item, key)
    elif isinstance(config, int) and not isinstance(config, bool) and config > 0 and (
            key in PEOPLE_KEYS or key.endswith("chat_id")):
        found.add(config)
    return found


def write_config(path: Path, config: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


class Harness:
    def __init__(
        self,
        config: dict[str, Any],
        directory: Path,
        *,
        clock: ManualClock | None = None,
        emulator: Emulator | None = None,
        rate_limits: bool = True,
        serial: bool = False,
        unstarted: tuple[int, ...] | list[int] | set[int] = (),
    ) -> None:
        """``unstarted``: configured people who never pressed Start, so the bot cannot write to them.

        Everyone else the configuration names exists in the emulated Telegram and has started the
        bot, as the README's going-live steps ask. A test that ``emu.add_user(..., user_id=)``s a
        configured person defines them afresh (unstarted unless ``started=True``).
        """
        self.clock = clock or ManualClock()
        self.time = SimTime(self.clock)
        self.directory = directory
        self.config = config
        self.emu = emulator or Emulator(
            token=TOKEN,
            bot_id=BOT_ID,
            bot_username="delibot",
            clock=self.clock.now,
            monotonic=self.time.monotonic,
            rate_limits=rate_limits,
        )
        self._own_emulator = emulator is None
        # Presumed, not created: a test that defines the person itself (name, language) still can.
        self.emu.presume_people(configured_people(config), unstarted=unstarted)
        # serial: updates, job runs and deliveries one at a time, so a run replays exactly
        self.serial = asyncio.Lock() if serial else None
        self.runtime: Runtime | None = None
        self._polling: asyncio.Task[None] | None = None

    @property
    def rt(self) -> Runtime:
        assert self.runtime is not None, "the bot is not running"
        return self.runtime

    def settings(self) -> Settings:
        config = {**self.config}
        config["telegram"] = {**config.get("telegram", {}), "token": TOKEN, "api_base": self.emu.base_url}
        config.setdefault("database", {"url": f"sqlite+aiosqlite:///{self.directory / 'delibot.db'}"})
        path = write_config(self.directory / "config.toml", config)
        return load_settings(path, env={})

    async def start(self) -> None:
        if not self.emu.base_url:
            await self.emu.start()
        pacer = Pacer(monotonic=self.time.monotonic, sleep=self.time.sleep)
        self.runtime = Runtime(
            self.settings(), self.clock, pacer=pacer, schedule=False, sleep=self.time.sleep,
            serial=self.serial,
        )
        await self.runtime.prepare()
        await self.runtime.start_web()
        self._polling = asyncio.create_task(
            self.runtime.dp.start_polling(
                self.runtime.bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=1,
                allowed_updates=allowed_updates(self.runtime.dp),
            )
        )
        await asyncio.wait_for(self.runtime.started.wait(), 30)
        await self.settle()

    async def stop(self) -> None:
        """A graceful stop, as on SIGTERM: in-flight updates finish, pending writes flush."""
        if self.runtime is None:
            return
        with contextlib.suppress(RuntimeError):
            await self.runtime.dp.stop_polling()
        if self._polling is not None:
            await self._polling
        await self.runtime._on_shutdown()
        await self.runtime.close()
        self.runtime = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until the bot has handled every update the emulator produced.

        An update stays pending in the emulator until the bot's next poll confirms it, and aiogram
        starts each update's task (counted in flight) before it sends that poll; an update the bot
        causes (a ban's chat_member) is produced while the causing handler is still in flight. So
        "nothing pending and nothing in flight" on a few consecutive loop turns means quiescence.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        stable = 0
        while stable < 3:
            await asyncio.sleep(0.002)
            busy = self.emu.pending_updates or (
                self.runtime is not None and self.runtime.services.in_flight.count
            )
            stable = 0 if busy else stable + 1
            if loop.time() > deadline:
                raise TimeoutError(
                    f"the bot did not settle in {timeout}s (pending={self.emu.pending_updates})"
                )

    async def run_jobs(self, *, force: bool = True) -> None:
        """Run the scheduled jobs: all of them (tests), or those whose interval has passed."""
        if self.serial is None:
            await self.rt.jobs.run_due(force=force)
        else:
            async with self.serial:
                await self.rt.jobs.run_due(force=force)
        await self.settle()

    async def advance(self, delta: timedelta | float) -> None:
        """Move time forward, run the scheduled jobs as the scheduler would, and settle."""
        self.clock.advance(delta if isinstance(delta, timedelta) else timedelta(seconds=delta))
        await self.run_jobs()

    async def __aenter__(self) -> Harness:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
        if self._own_emulator:
            await self.emu.stop()
