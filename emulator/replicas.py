"""Real ``delibot run`` replicas for the multi-process tests and the benchmark: the processes, a
splitter in front of their webhooks, and a proxy behind each one towards the emulator that can
kill it in the middle of a call."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import signal
import socket
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from emulator.harness import write_config

_FIELD = re.compile(rb'name="([a-z_]+)"\r\n(?:[^\r\n]+\r\n)*\r\n(.*?)\r\n--', re.S)


def _params(content_type: str, body: bytes) -> dict[str, str]:
    """The call's text fields, as aiohttp sends them (urlencoded, or multipart with a file)."""
    if content_type.startswith("multipart/"):
        return {m[1].decode(): m[2].decode("utf-8", "replace") for m in _FIELD.finditer(body)}
    return {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace")).items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Call:
    """A Bot API call a replica makes, as its proxy sees it."""

    method: str
    params: dict[str, str]

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id", "")
        return int(value) if value.lstrip("-").isdigit() else None

    @property
    def text(self) -> str:
        return self.params.get("text", "")


class _Server:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    async def start(self, app: web.Application) -> None:
        self._http = aiohttp.ClientSession()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()


class Splitter(_Server):
    """A load balancer in front of the replicas' webhooks: round robin, the next on a refused or
    broken connection (as nginx's ``proxy_next_upstream error``)."""

    def __init__(self) -> None:
        super().__init__()
        self.backends: list[str] = []
        self._turn = itertools.count()

    async def start(self) -> None:  # type: ignore[override]
        app = web.Application()
        app.router.add_post("/tg", self._forward)
        await super().start(app)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("content-type", "x-telegram-bot-api-secret-token")}
        assert self._http is not None
        for _ in range(max(len(self.backends), 1) * 2):
            if not self.backends:
                break
            backend = self.backends[next(self._turn) % len(self.backends)]
            try:
                async with self._http.post(backend, data=body, headers=headers,
                                           timeout=aiohttp.ClientTimeout(total=60)) as answer:
                    return web.Response(status=answer.status, body=await answer.read(),
                                        content_type=answer.content_type)
            except (aiohttp.ClientError, TimeoutError):
                continue
        return web.Response(status=502)


class Outbound(_Server):
    """Between one replica and the emulator; ``kill_on(call)`` True: the replica is killed -9
    before the call reaches the emulator (Telegram never got it)."""

    def __init__(self, upstream: str) -> None:
        super().__init__()
        self.upstream = upstream
        self.kill_on: Callable[[Call], bool] = lambda _call: False
        self.pid: int | None = None
        self.killed = asyncio.Event()

    async def start(self) -> None:  # type: ignore[override]
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        await super().start(app)

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        content_type = request.headers.get("Content-Type", "application/octet-stream")
        call = Call(request.path.rsplit("/", 1)[-1], _params(content_type, body))
        if self.pid is not None and not self.killed.is_set() and self.kill_on(call):
            os.kill(self.pid, signal.SIGKILL)
            self.killed.set()
            await asyncio.sleep(0.5)
            return web.Response(status=502)  # nobody reads it: the caller is gone
        assert self._http is not None
        headers = {"Content-Type": content_type}
        async with self._http.request(request.method, self.upstream + request.path, data=body,
                                      headers=headers) as answer:
            return web.Response(status=answer.status, body=await answer.read(),
                                content_type=answer.content_type)


@dataclass(eq=False)
class Replica:
    name: str
    directory: Path
    config: dict[str, Any]
    outbound: Outbound
    port: int = field(default_factory=free_port)
    process: asyncio.subprocess.Process | None = None

    @property
    def log(self) -> Path:
        return self.directory / f"{self.name}.log"

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.port}/tg"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    async def start(self, ready: str = "webhook serving", log_level: str = "DEBUG",
                    **overrides: Any) -> None:
        cfg = {**self.config, **overrides}
        cfg["telegram"] = {**cfg["telegram"], "api_base": self.outbound.url}
        if cfg["telegram"].get("mode") == "webhook":
            cfg["webhook"] = {**cfg["webhook"], "listen": f"127.0.0.1:{self.port}"}
        path = write_config(self.directory / f"{self.name}.toml", cfg)
        env = {**os.environ, "DELIBOT_CONFIG": str(path), "PYTHONUNBUFFERED": "1",
               "DELIBOT_LOG_LEVEL": log_level}
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, stdout=out, stderr=out)
        self.outbound.pid = self.process.pid
        await self.wait_log(ready, timeout=60)

    async def wait_log(self, text: str, timeout: float = 30) -> None:
        for _ in range(int(timeout * 20)):
            if text in self.log_text():
                return
            if self.process is not None and self.process.returncode is not None:
                code = self.process.returncode
                raise AssertionError(f"{self.name} exited {code}:\n{self.log_text()[-3000:]}")
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name}: no {text!r} in {timeout}s:\n{self.log_text()[-3000:]}")

    async def stop(self) -> int | None:
        """A graceful stop (SIGTERM), as a rolling restart does."""
        if self.process is None or self.process.returncode is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.process.wait(), 45)
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()

    async def reap(self) -> None:
        if self.process is not None:
            if self.process.returncode is None:
                self.process.kill()
            await self.process.wait()


TURN = re.compile(r"chat turn chat_id=(-?\d+) start=([\d.]+) end=([\d.]+)")
Span = tuple[int, float, float, str]


def chat_turns(replicas: list[Replica]) -> list[Span]:
    """(chat id, start, end, replica) of every turn a replica held a chat (monotonic clock, which
    all processes of one machine share), from the replicas' logs."""
    return [(int(m[1]), float(m[2]), float(m[3]), r.name)
            for r in replicas for m in TURN.finditer(r.log_text())]


def overlapping(spans: list[Span]) -> list[tuple[Span, Span]]:
    """Pairs of turns on one chat that overlapped: two updates of it handled at once."""
    found: list[tuple[Span, Span]] = []
    by_chat: dict[int, list[Span]] = {}
    for span in spans:
        by_chat.setdefault(span[0], []).append(span)
    for chat_spans in by_chat.values():
        chat_spans.sort(key=lambda s: s[1])
        found += [(a, b) for a, b in itertools.pairwise(chat_spans) if b[1] < a[2]]
    return found
