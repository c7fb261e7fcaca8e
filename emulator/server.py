"""The HTTP face of the emulator: ``/bot<token>/<method>`` answered like api.telegram.org.

Bodies may be JSON, a urlencoded form or multipart (aiogram always sends multipart, with complex
fields JSON-encoded and files as ``attach://`` parts); everything is decoded to typed values before
a method sees it. Answers are ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": ...}`` with the same HTTP status, plus ``parameters.retry_after`` on 429.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from typing import Any

from aiohttp import web

from emulator import methods, methods_members, methods_messages, methods_polls  # noqa: F401  (registers methods)
from emulator.faults import ANSWERS, WAITS, Fault, Faults
from emulator.records import ApiError, Call, Stats, Upload

# Fields that stay strings even when they look like numbers or booleans.
_STRINGS = frozenset({
    "text", "caption", "callback_query_id", "parse_mode", "url", "secret_token", "language_code", "tag",
    "custom_title", "title", "description", "short_description", "name", "inline_message_id", "ip_address",
    "business_connection_id", "emoji", "message_effect_id", "action", "photo", "document", "query", "data",
})
_INTEGER = re.compile(r"-?\d+")


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, str) or name in _STRINGS:
        return value
    if value in {"true", "false"}:
        return value == "true"
    if _INTEGER.fullmatch(value):
        return int(value)
    if value[:1] in {"{", "["}:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def read_params(request: web.Request) -> dict[str, Any]:
    raw: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                raw.update(body)
        else:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    raw[key] = Upload(value.filename, value.content_type, len(data), data)
                else:
                    raw[key] = value
    return decode_params(raw)


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Typed values; an ``attach://name`` reference is replaced by the uploaded part it names."""
    attached = {v[9:] for v in raw.values() if isinstance(v, str) and v.startswith("attach://")}
    params: dict[str, Any] = {}
    for key, value in raw.items():
        ref = value[9:] if isinstance(value, str) and value.startswith("attach://") else None
        if ref is not None and isinstance(raw.get(ref), Upload):
            params[key] = raw[ref]
        elif not (isinstance(value, Upload) and key in attached):
            params[key] = _decode(key, value)
    return params


def _answer(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


# What nginx in front of an upstream that does not answer sends: the page a misconfigured proxy, a
# captive portal or Telegram's own front end under load gives instead of JSON.
PROXY_PAGE = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
              "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
              "</body>\r\n</html>\r\n")
NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


class ApiServer:
    def __init__(self, token: str, ctx: methods.Context, faults: Faults, stats: Stats,
                 now: Callable[[], datetime], on_arrival: Callable[[str], None],
                 on_call: Callable[[Call], None], surface: frozenset[str] | None = None) -> None:
        self.token = token
        self.ctx = ctx
        self.faults = faults
        self.stats = stats
        self._now = now
        self._on_arrival = on_arrival
        self._on_call = on_call
        self.surface = surface  # None: every method in the registry; else only these (lower case)
        self.closing = asyncio.Event()

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        return app

    def lookup(self, name: str) -> str | None:
        """The canonical name of a method this server answers, or None (Telegram's 404)."""
        known = methods.REGISTRY.get(name.lower())
        if known is None or (self.surface is not None and name.lower() not in self.surface):
            return None
        return known[0]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        name = request.match_info["method"]
        try:
            params = await read_params(request)
        except ValueError:
            return _answer(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid JSON"})
        self.stats.requests += 1
        canonical = self.lookup(name)
        self._on_arrival(canonical or name)
        if canonical is None:
            self.stats.errors += 1
            self._record(name, params, False, 404, "Not Found", None)
            return _answer(404, dict(NOT_FOUND))
        delay = self.faults.take(canonical, WAITS, params)
        if delay is not None:
            await self._pause(delay.seconds)
        fault = self.faults.take(canonical, ANSWERS, params)
        if fault is None or fault.kind in {"fail", "rate_limit"}:
            return await self.execute(canonical, params, fault)
        return await self._faulty(request, canonical, params, fault)

    async def _pause(self, seconds: float | None) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.closing.wait(), seconds)

    async def _faulty(self, request: web.Request, name: str, params: dict[str, Any],
                      fault: Fault) -> web.StreamResponse:
        """An answer that never arrives whole; the call itself happened only if ``fault.executed``."""
        answer = await self.execute(name, params, note=fault.kind) if fault.executed else None
        if answer is None:
            self._record(name, params, False, None, f"{fault.kind}: not executed", None, fault.kind)
        if fault.kind == "timeout":
            await self._pause(None)  # until the emulator stops; the client gives up long before
            return web.Response(status=504)
        if fault.kind == "drop":
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)
        if fault.kind == "proxy":
            return web.Response(status=502, text=PROXY_PAGE, content_type="text/html")
        body = bytes(answer.body) if answer is not None and isinstance(answer.body, bytes) else b"{}"
        half = body[: max(len(body) // 2, 1)]
        status = answer.status if answer is not None else 200
        if fault.kind == "truncate":
            return web.Response(status=status, body=half, content_type="application/json")
        # reset: the headers promise the whole body, half of it arrives, then the connection dies
        stream = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
        stream.content_length = len(body)
        await stream.prepare(request)
        await stream.write(half)
        if request.transport is not None:
            request.transport.abort()
        return stream

    async def execute(self, name: str, params: dict[str, Any], fault: Any = None,
                      note: str | None = None) -> web.Response:
        canonical = self.lookup(name)
        if canonical is None:
            self._record(name, params, False, 404, "Not Found", None)
            return _answer(404, dict(NOT_FOUND))
        name = canonical
        try:
            if fault is not None and fault.kind == "fail":
                raise ApiError(fault.status, HTTPStatus(fault.status).phrase)
            if fault is not None:
                raise ApiError(429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after)
            result = await methods.call(self.ctx, name, params)
        except ApiError as exc:
            body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
                self.stats.too_many_requests += 1
            self.stats.errors += 1
            self._record(name, params, False, exc.code, exc.description, None, note)
            return _answer(exc.code, body)
        self._record(name, params, True, None, None, result, note)
        return _answer(200, {"ok": True, "result": result})

    def _record(self, name: str, params: dict[str, Any], ok: bool, code: int | None, description: str | None,
                result: Any, fault: str | None = None) -> None:
        seq = self.ctx.world.next_seq()
        self._on_call(Call(name, params, self._now(), ok, code, description, result, seq, fault))
