"""The emulator as tests and ``delibot simulate`` drive it: lifecycle, faults, read-back and waiting.

Waiting is event-driven: every API call wakes the waiters, who also re-check at least every 20 ms,
so a test never sleeps for a fixed time and never depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.actions import WorldActions
from emulator.faults import Fault, Faults
from emulator.methods import Context
from emulator.payloads import poll_json
from emulator.ratelimit import RateLimiter, RateLimits
from emulator.records import Call, ChatLine, EmulatorError, MemberState, SentMessage, Stats
from emulator.server import ApiServer, decode_params
from emulator.state import User, World
from emulator.webapp import sign_init_data, webapp_url
from emulator.webhook import WebhookPusher

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher


def _as_callable(clock: Any) -> Callable[[], datetime]:
    if clock is None:
        return lambda: datetime.now(UTC)
    return clock.now if hasattr(clock, "now") else clock


class Emulator(WorldActions):
    def __init__(self, token: str = "123456:TEST", bot_id: int | None = None, bot_username: str = "delibot",
                 clock: Any = None, monotonic: Callable[[], float] | None = None,
                 rate_limits: bool | RateLimits = True, *, privacy_mode: bool = True,
                 bot_first_name: str | None = None, surface: Iterable[str] | None = None) -> None:
        """``surface``: answer only these methods (``MINIMAL_SURFACE``, say); any other is 404."""
        head = token.split(":", 1)[0]
        self.token = token
        self.bot_id = bot_id if bot_id is not None else (int(head) if head.isdigit() else 123456)
        self.bot_username = bot_username
        self._monotonic = monotonic or time.monotonic
        self._user_ids = itertools.count(100001)
        self._callback_ids = itertools.count(1)
        self.stats = Stats()
        self.faults = Faults()
        name = bot_first_name or bot_username.capitalize()
        bot = User(self.bot_id, name, username=bot_username, is_bot=True)
        self.world = World(bot, _as_callable(clock), privacy_mode)
        self.limiter = RateLimiter(None, self._monotonic)
        self.set_rate_limits(rate_limits)
        self.webhook = WebhookPusher(self.world.updates, self.stats, self.world.ts, self._webhook_reply)
        self.ctx = Context(self.world, self.limiter, self.webhook, self._monotonic)
        self.surface = frozenset(m.lower() for m in surface) if surface is not None else None
        self.server = ApiServer(token, self.ctx, self.faults, self.stats, self.world.now, self._on_arrival,
                                self._on_call, self.surface)
        self._calls: list[Call] = []
        self._arrivals: Counter[str] = Counter()
        self._activity = asyncio.Event()
        self._last_activity = 0.0
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> Emulator:
        self._runner = web.AppRunner(self.server.app(), shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound}"
        return self

    async def stop(self) -> None:
        self.world.updates.closed = True
        self.world.updates.wake()
        self.server.closing.set()
        await self.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def make_bot(self, **kwargs: Any) -> Bot:
        """An aiogram Bot talking to this emulator over HTTP (close it with ``await bot.session.close()``)."""
        from aiogram import Bot
        from aiogram.client.telegram import TelegramAPIServer

        from emulator.session import LoopbackSession

        if not self.base_url:
            raise EmulatorError("start() the emulator before making a bot")
        session = LoopbackSession(api=TelegramAPIServer.from_base(self.base_url))
        return Bot(self.token, session=session, **kwargs)

    @contextlib.asynccontextmanager
    async def polling(self, dispatcher: Dispatcher, bot: Bot, **kwargs: Any) -> AsyncIterator[None]:
        """Run ``dispatcher.start_polling(bot)`` against the emulator for the ``async with`` block."""
        kwargs.setdefault("polling_timeout", 1)
        first = self._arrivals["getUpdates"]
        run = dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False, **kwargs)
        task = asyncio.create_task(run)
        try:
            await self.wait_for(lambda e: e._arrivals["getUpdates"] > first or task.done(), 5.0,
                                "the dispatcher's first getUpdates")
            if task.done():
                task.result()
            yield
        finally:
            if not task.done():
                await dispatcher.stop_polling()
            await task

    def set_rate_limits(self, limits: bool | RateLimits) -> None:
        self.limiter.limits = RateLimits() if limits is True else (limits or None)

    # -- faults ----------------------------------------------------------------------------------------
    # Each fault hits the next ``n`` matching requests: ``method`` (any but getUpdates when None) and,
    # when given, ``chat_id``. See emulator.faults for what each kind does and whether the call is
    # carried out (``executed``) before its answer is spoiled.
    def inject(self, kind: str, method: str | None = None, n: int = 1, *, chat_id: int | str | None = None,
               executed: bool | None = None, status: int = 500, retry_after: int = 1,
               seconds: float = 0.0) -> None:
        self.faults.add(Fault(kind, method, n, status=status, retry_after=retry_after, seconds=seconds,
                              chat_id=chat_id, executed=executed))

    def fail_next(self, n: int = 1, status: int = 500, method: str | None = None, *,
                  chat_id: int | str | None = None) -> None:
        """Telegram's own HTTP error (JSON ``{"ok": false}``), 500 unless ``status`` says otherwise."""
        self.inject("fail", method, n, chat_id=chat_id, status=status)

    def rate_limit_next(self, retry_after: int = 1, method: str | None = None, n: int = 1, *,
                        chat_id: int | str | None = None) -> None:
        self.inject("rate_limit", method, n, chat_id=chat_id, retry_after=retry_after)

    def delay_next(self, seconds: float, method: str | None = None, n: int = 1, *,
                   chat_id: int | str | None = None) -> None:
        self.inject("delay", method, n, chat_id=chat_id, seconds=seconds)

    def timeout_next(self, method: str | None = None, n: int = 1, *, chat_id: int | str | None = None,
                     executed: bool = True) -> None:
        """No answer at all, so the client's timeout fires; by default the call was carried out."""
        self.inject("timeout", method, n, chat_id=chat_id, executed=executed)

    def drop_connection_next(self, method: str | None = None, n: int = 1, *, chat_id: int | str | None = None,
                             executed: bool = False) -> None:
        self.inject("drop", method, n, chat_id=chat_id, executed=executed)

    def proxy_error_next(self, method: str | None = None, n: int = 1, *, chat_id: int | str | None = None,
                         executed: bool = False) -> None:
        """A proxy's HTML 502 page instead of JSON."""
        self.inject("proxy", method, n, chat_id=chat_id, executed=executed)

    def truncate_next(self, method: str | None = None, n: int = 1, *, chat_id: int | str | None = None,
                      executed: bool = True) -> None:
        """The real JSON answer cut in half: the call happened, its answer does not decode."""
        self.inject("truncate", method, n, chat_id=chat_id, executed=executed)

    def reset_next(self, method: str | None = None, n: int = 1, *, chat_id: int | str | None = None,
                   executed: bool = True) -> None:
        """The connection is reset halfway through the answer."""
        self.inject("reset", method, n, chat_id=chat_id, executed=executed)

    # -- reading back ----------------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None, user_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent, oldest first; ``user_id`` selects the private chat with that user."""
        found = []
        for m in self.world.sent_by_bot:
            if chat_id is not None and m.chat_id != chat_id:
                continue
            if user_id is not None and m.chat_id != user_id:
                continue
            rows = (m.reply_markup or {}).get("inline_keyboard", [])
            found.append(SentMessage(
                m.chat_id, m.message_id, m.text, m.html, m.reply_to,
                [[(b["text"], b.get("callback_data")) for b in row] for row in rows], m.kind, m.deleted,
                m.edit_date is not None, datetime.fromtimestamp(m.date, UTC), m.mentions, m.upload))
        return found

    def history(self, chat_id: int) -> list[ChatLine]:
        """Everything said in a chat, by people and by the bot, in order."""
        lines = []
        for m in sorted(self._chat(chat_id).messages.values(), key=lambda m: m.seq):
            user = self.world.users[m.from_id]
            author = " ".join(filter(None, [user.first_name, user.last_name]))
            kind, text = m.kind, m.text
            if m.kind == "service":
                kind = "joined" if "new_chat_members" in m.service else "left"
                who = m.service.get("new_chat_members", [m.service.get("left_chat_member")])[0]
                text = " ".join(filter(None, [who.get("first_name"), who.get("last_name")]))
            lines.append(ChatLine(m.chat_id, m.message_id, datetime.fromtimestamp(m.date, UTC), m.from_id,
                                  author, text, kind, m.reply_to, m.deleted, m.edit_date is not None,
                                  m.seq))
        return lines

    def open_web_app(self, user_id: int, now: datetime) -> str | None:
        """What pressing the Mini App button in the private chat opens, as Telegram opens it: the
        page's address with ``#tgWebAppData=`` signed with the bot's token; None without a button."""
        button = self.world.menu_buttons.get(user_id) or self.world.menu_buttons.get(None) or {}
        if button.get("type") != "web_app":
            return None
        user = self.world.users.get(user_id)
        name = user.first_name if user is not None else str(user_id)
        language = (user.language_code if user is not None else None) or "zh"
        signed = sign_init_data(self.token, user_id, name, now, language)
        return webapp_url(button["web_app"]["url"], signed)

    def pinned(self, chat_id: int) -> list[int]:
        """The chat's pinned messages, the latest pinned last."""
        return list(self._chat(chat_id).pinned)

    def poll(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The poll of a message as the Bot API shows it (question, options with counts, closed)."""
        message = self._chat(chat_id).messages.get(message_id)
        poll = self.world.polls.get(message.poll_id or "") if message is not None else None
        return None if poll is None else poll_json(poll)

    def reactions(self, chat_id: int, message_id: int) -> dict[int, list[str]]:
        message = self._chat(chat_id).messages.get(message_id)
        return {} if message is None else {uid: list(e) for uid, e in message.reactions.items()}

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in self._calls if method is None or c.method.lower() == method.lower()]

    def member(self, chat_id: int, user_id: int) -> MemberState:
        m = self.world.member(self._chat(chat_id), user_id)
        until = datetime.fromtimestamp(m.until_date, UTC) if m.until_date else None
        return MemberState(m.status, dict(m.permissions), until, m.tag, dict(m.rights), m.present)

    def callback_answers(self, callback_id: str) -> list[dict[str, Any]]:
        query = self.world.callbacks.get(callback_id)
        return [dict(a) for a in query.answers] if query else []

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[tuple[str, str]]:
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return [(c["command"], c["description"]) for c in self.world.commands.get(key, [])]

    @property
    def pending_updates(self) -> int:
        return len(self.world.updates.pending) + self.world.updates.delivering

    # -- waiting -----------------------------------------------------------------------------------------
    def _on_arrival(self, method: str) -> None:
        self._arrivals[method] += 1
        self._touch()

    def _on_call(self, call: Call) -> None:
        self._calls.append(call)
        self._touch()

    def _touch(self) -> None:
        self._last_activity = asyncio.get_running_loop().time()
        self._activity.set()
        self._activity = asyncio.Event()

    async def _tick(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._activity.wait(), 0.02)

    async def wait_for(self, predicate: Callable[[Emulator], bool], timeout: float = 5.0,
                       message: str | None = None) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self):
            if loop.time() >= deadline:
                recent = ", ".join(c.method + ("" if c.ok else f"!{c.error_code}") for c in self._calls[-8:])
                what = message or getattr(predicate, "__name__", repr(predicate))
                raise TimeoutError(f"emulator: {what} not true after {timeout}s; last calls: [{recent}]; "
                                   f"pending updates: {self.pending_updates}")
            await self._tick()

    async def wait_for_call(self, method: str, timeout: float = 5.0, *, new_only: bool = False,
                            ok: bool | None = None, **param_match: Any) -> Call:
        """The first call of ``method`` whose params equal ``param_match`` (already made, or to come)."""
        start = len(self._calls) if new_only else 0

        def matching() -> Call | None:
            for c in self._calls[start:]:
                if c.method.lower() == method.lower() and (ok is None or c.ok == ok) and all(
                        c.params.get(k) == v for k, v in param_match.items()):
                    return c
            return None

        await self.wait_for(lambda _: matching() is not None, timeout, f"a {method} call with {param_match}")
        found = matching()
        assert found is not None
        return found

    async def wait_idle(self, quiet: float = 0.2, timeout: float = 5.0) -> None:
        """Wait until no API call arrived and no update was pending for ``quiet`` seconds."""
        loop = asyncio.get_running_loop()
        self._last_activity = max(self._last_activity, loop.time())

        def idle(_: Emulator) -> bool:
            if self.pending_updates:
                self._last_activity = loop.time()
            return loop.time() - self._last_activity >= quiet

        await self.wait_for(idle, timeout, f"idle for {quiet}s")

    async def _webhook_reply(self, method: str, raw: dict[str, Any]) -> None:
        await self.server.execute(method, decode_params(raw))
