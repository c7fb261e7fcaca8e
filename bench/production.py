"""The production bot under test, minus the network: what the throughput benchmarks feed.

``Production`` is ``delibot run``'s ``bot.runtime.Runtime`` (``bot.app.build_services`` and
``build_dispatcher``: every feature router present at run time, all middlewares and filters, the
jobs and the outbox waker; a real SQLite file migrated to head), but the Bot's session is
:class:`FakeSession`, which answers every Bot API call in-process, so a send costs next to nothing
and the figures are the bot's own.

Time is a ``ManualClock`` moved one second per update (``Production.feed``) and each message is
dated at that second: members post at a human pace (one message per member every few minutes),
so flood limits and "last active" logic see ordinary traffic however fast the machine feeds it.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w
from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import Chat, Message, Update, User

from bench.traffic import Member, group_id, group_message, group_message_json
from bot.features import FEATURES
from bot.runtime import Runtime
from bot.services import Services
from bot.settings import Settings, load_settings
from deliberation.clock import Clock, ManualClock

TOKEN = "123456:BENCH"
BOT_ID = 123456
MODERATOR = 111111
START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
TOPICS = {"人才": ["人才", "招聘"], "创新": ["创新", "科技"], "转型": ["转型"]}

def config(directory: Path, groups: int = 1, **overrides: Any) -> dict[str, Any]:
    """tests/e2e/conftest.py's BASE with production durations, ``groups`` configured groups."""
    result: dict[str, Any] = {
        "telegram": {"token": TOKEN, "api_base": "http://127.0.0.1:9"},  # never called
        "database": {"url": f"sqlite+aiosqlite:///{directory / 'bench.db'}"},
        "locale": {"default": "zh", "timezone": "Asia/Shanghai"},
        "moderation": {"moderators": [MODERATOR], "warn_limit": 3, "mute_for": "1d",
                       "flood": {"messages": 8, "per": "10s", "mute_for": "1h"},
                       "banned_words": ["违禁词"]},
        "nickname": {"mode": "display", "grace": "24h"},
        "pruning": {"inactive_after": "30d", "warn_before": "3d"},
        "digest": {"at": "08:30", "weekly_ranking": "mon"},
        "groups": [{"chat_id": group_id(i), "title": f"科创中心建言群{i}", "topics": TOPICS}
                   for i in range(groups)],
        "departments": [
            {"id": "talent", "name": "市人才办", "officials": [222222], "topics": ["人才"]},
            {"id": "innovation", "name": "区科技局", "officials": [333333], "topics": ["创新", "转型"]},
        ],
        "faq": [{"keywords": ["社保", "医保"], "answer": "社保查询请访问市社保局网站，或拨打 12333。"}],
    }
    result.update(overrides)
    return result


class FakeSession(BaseSession):
    """Answers every Bot API call in-process with a plausible result; counts calls by method."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()
        self.group_sends = 0  # sends to a group: replies, acknowledgements, notices
        self._ids = itertools.count(1_000_000)
        self._templates: dict[int, Message] = {}
        self._me = User(id=BOT_ID, is_bot=True, first_name="Delibot", username="delibot")

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        name = method.__api_method__
        self.calls[name] += 1
        chat_id = getattr(method, "chat_id", None)
        if name == "getMe":
            return self._me
        if name == "getChatAdministrators":
            return []
        if name.startswith(("send", "copy", "forward", "edit")) and isinstance(chat_id, int):
            text = getattr(method, "text", None) or ""
            self.group_sends += chat_id < 0
            template = self._templates.get(chat_id)
            if template is None:
                chat = Chat(id=chat_id, type="supergroup" if chat_id < 0 else "private")
                template = self._templates[chat_id] = Message(
                    message_id=0, date=datetime.now(UTC), chat=chat, from_user=self._me, text=""
                )
            message = template.model_copy(update={"message_id": next(self._ids), "text": text})
            return [message] if name == "sendMediaGroup" else message
        return True

    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
                             chunk_size: int = 65536, raise_for_status: bool = True
                             ) -> AsyncGenerator[bytes, None]:
        yield b""


@dataclass
class Production:
    runtime: Runtime
    services: Services
    dp: Dispatcher
    bot: Bot
    session: FakeSession
    clock: Clock
    update_ids: itertools.count[int]
    message_ids: itertools.count[int]

    @classmethod
    async def start(cls, directory: Path, groups: int = 1, cfg: dict[str, Any] | None = None,
                    clock: Clock | None = None) -> Production:
        """``delibot run``'s Runtime (services, dispatcher, jobs, everything it wires), with the
        fake session swapped into its Bot before anything was sent, and no scheduler."""
        settings = settings_file(directory, cfg or config(directory, groups))
        runtime = Runtime(settings, clock or ManualClock(START), schedule=False)
        await runtime.bot.session.close()  # aiohttp's session: nothing opened yet
        session = runtime.bot.session = FakeSession()
        await runtime.prepare()  # migrations, and getMe answered by the fake
        return cls(runtime, runtime.services, runtime.dp, runtime.bot, session, runtime.services.clock,
                   itertools.count(1), itertools.count(1))

    async def close(self) -> None:
        await self.runtime._on_shutdown()  # in-flight work finishes, activity is flushed
        await self.runtime.close()

    def batch(self, messages: list[tuple[Member, str]]) -> list[Update]:
        """Group messages for :meth:`feed`, each dated at the second it will be fed."""
        now = int(self.clock.now().timestamp())
        return [
            group_message(self.bot, next(self.update_ids), next(self.message_ids), m.chat_id, m.user_id,
                          m.name, text, now + k)
            for k, (m, text) in enumerate(messages, start=1)
        ]

    def bodies(self, messages: list[tuple[Member, str]]) -> list[bytes]:
        """The same messages as Telegram posts them to a webhook: one JSON body each."""
        now = int(self.clock.now().timestamp())
        return [
            json.dumps(group_message_json(next(self.update_ids), next(self.message_ids), m.chat_id,
                                          m.user_id, m.name, text, now), ensure_ascii=False).encode()
            for m, text in messages
        ]

    async def feed(self, updates: list[Update]) -> None:
        """One by one, as one process's polling loop would; one second passes per update on a
        manual clock (see the module docstring), real time on any other."""
        dp, bot, second = self.dp, self.bot, _SECOND
        advance = self.clock.advance if isinstance(self.clock, ManualClock) else _still
        for update in updates:
            advance(second)
            await dp.feed_update(bot, update)
        await self.services.in_flight.idle.wait()  # what updates started in the background too


_SECOND = timedelta(seconds=1)


def _still(_: timedelta) -> None:
    return None


def settings_file(directory: Path, cfg: dict[str, Any]) -> Settings:
    """Written to a file and loaded as ``delibot run`` loads it (no environment overrides)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "config.toml"
    path.write_text(tomli_w.dumps(cfg), encoding="utf-8")
    return load_settings(path, env={})


def wired_features() -> list[str]:
    return [feature.name for feature in FEATURES]
