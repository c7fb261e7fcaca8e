"""Dispatcher-level fixtures: ``delibot run``'s runtime (services, dispatcher, jobs, the send path)
on settings loaded from a written TOML and a real SQLite file, with a Bot whose session records
every call and answers it (``tests.fakes``). Updates go in through ``Dispatcher.feed_update``: no
HTTP, no polling, no sleeps (time is a manual clock that waits move forward).
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram.types import Update

from bot import i18n
from bot.runtime import Runtime
from bot.services import Services
from bot.settings import load_settings
from bot.telegram.pacing import Pacer
from deliberation.clock import ManualClock
from emulator.harness import SimTime, write_config
from storage.migrate import upgrade
from tests.e2e.conftest import GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL, config
from tests.fakes import Call, Person, RecordingSession, Telegram

TOKEN = "123456:TEST-features"
BOT_ID = 123456

__all__ = ["GROUP", "INNOVATION_OFFICIAL", "MODERATOR", "TALENT_OFFICIAL", "MakeScene", "Scene", "config"]


class Scene:
    """The production bot, a recorded Telegram, and the people of the standard configuration."""

    def __init__(self, runtime: Runtime, session: RecordingSession, telegram: Telegram,
                 clock: ManualClock) -> None:
        self.runtime = runtime
        self.services: Services = runtime.services
        self.dp = runtime.dp
        self.bot = runtime.bot
        self.session = session
        self.tg = telegram
        self.clock = clock
        # officials and moderators follow the real-name rule in groups too (issue 16)
        self.moderator = telegram.person("管理员-市委", user_id=MODERATOR)
        self.talent_official = telegram.person("王处-人才办", user_id=TALENT_OFFICIAL)
        self.innovation_official = telegram.person("李处-科技局", user_id=INNOVATION_OFFICIAL)

    @classmethod
    async def open(cls, directory: Path, cfg: dict[str, Any], database: Path) -> Scene:
        clock = ManualClock()
        time = SimTime(clock)
        shutil.copy(database, directory / "delibot.db")
        cfg = {**cfg, "telegram": {"token": TOKEN, "api_base": "http://127.0.0.1:9"},  # never called
               "database": {"url": f"sqlite+aiosqlite:///{directory / 'delibot.db'}"}}
        settings = load_settings(write_config(directory / "config.toml", cfg), env={})
        pacer = Pacer(monotonic=time.monotonic, sleep=time.sleep)
        runtime = Runtime(settings, clock, pacer=pacer, schedule=False, sleep=time.sleep)
        telegram = Telegram(clock.now, bot_id=BOT_ID, bot_username="delibot")
        for group in cfg.get("groups", []):
            telegram.group(group["chat_id"], group["title"])
        aiohttp_session, session = runtime.bot.session, RecordingSession(telegram)
        session.middleware = aiohttp_session.middleware  # the send path, as build_bot installed it
        await aiohttp_session.close()  # nothing was opened
        runtime.bot.session = session
        await runtime.prepare()  # migrations (none left), leases given back, getMe
        session.forget()
        return cls(runtime, session, telegram, clock)

    async def close(self) -> None:
        await self.runtime._on_shutdown()
        await self.runtime.close()

    # people

    def member(self, first_name: str, last_name: str | None = None, **kwargs: Any) -> Person:
        """Someone already in the group (no join update), as members are before a test starts."""
        person = self.tg.person(first_name, last_name, **kwargs)
        self.tg.groups[GROUP].statuses[person.id] = "member"
        return person

    async def regular(self, first_name: str, last_name: str | None = None, **kwargs: Any) -> Person:
        """A member the bot has seen before: their first message (and its tag) is behind them."""
        person = self.member(first_name, last_name, **kwargs)
        await self.feed(self.tg.says(GROUP, person, "大家好"))
        return person

    async def introduce(self, person: Person) -> Person:
        """``person`` (a moderator, an official) has spoken in the group before: since they follow
        the real-name rule too, their first message (and its tag) is then behind them."""
        self.tg.groups[GROUP].statuses.setdefault(person.id, "member")
        await self.feed(self.tg.says(GROUP, person, "大家好"))
        return person

    # what happens

    async def feed(self, update: Update) -> list[Call]:
        """One update through the dispatcher, as polling hands it over; returns the calls it made
        (including deliveries and after-commit work it started)."""
        start = len(self.session.calls)
        await self.dp.feed_update(self.bot, update)
        await self.services.in_flight.idle.wait()
        return self.session.calls[start:]

    async def run_jobs(self) -> list[Call]:
        """Every scheduled job once, as the scheduler's tick would; returns the calls made."""
        start = len(self.session.calls)
        await self.runtime.jobs.run_due(force=True)
        await self.services.in_flight.idle.wait()
        return self.session.calls[start:]

    async def later(self, delta: timedelta | float) -> list[Call]:
        self.clock.advance(delta if isinstance(delta, timedelta) else timedelta(seconds=delta))
        return await self.run_jobs()


@pytest.fixture(scope="session", autouse=True)
def catalogues_parsed_once() -> Iterator[None]:
    """Parsing the Fluent catalogues is most of what building a runtime costs (a third of a second);
    the files do not change during a run, so each text is parsed once and every scene's
    translator is built from the same parsed resources, as a second start of one process would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "FluentResource", functools.cache(i18n.FluentResource))
        yield


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once (storage.migrate.upgrade, to head); each scene starts from a copy."""
    path = tmp_path_factory.mktemp("features-db") / "delibot.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


MakeScene = Callable[..., Awaitable["Scene"]]


@pytest.fixture
async def make_scene(tmp_path: Path, migrated_database: Path) -> AsyncIterator[MakeScene]:
    """Opens a scene on a configuration of the test's own (``config(...)``); closed afterwards."""
    opened: list[Scene] = []

    async def factory(cfg: dict[str, Any] | None = None) -> Scene:
        directory = tmp_path / f"scene{len(opened)}"
        directory.mkdir()
        opened.append(await Scene.open(directory, cfg or config(), migrated_database))
        return opened[-1]

    yield factory
    for scene in opened:
        await scene.close()


@pytest.fixture
async def scene(make_scene: MakeScene) -> Scene:
    """The bot with the standard configuration: one configured group, two departments, a moderator."""
    return await make_scene()
