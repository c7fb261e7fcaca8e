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

from emulator import methods, methods_members, methods_messages  # noqa: F401  (registers methods)
from emulator.faults import Faults
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


class ApiServer:
    def __init__(self, token: str, ctx: methods.Context, faults: Faults, stats: Stats,
                 now: Callable[[], datetime], on_arrival: Callable[[str], None],
                 on_call: Callable[[Call], None]) -> None:
        self.token = token
        self.ctx = ctx
        self.faults = faults
        self.stats = stats
        self._now = now
        self._on_arrival = on_arrival
        self._on_call = on_call
        self.closing = asyncio.Event()

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        name = request.match_info["method"]
        try:
            params = await read_params(request)
        except ValueError:
            return _answer(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid JSON"})
        self.stats.requests += 1
        known = methods.REGISTRY.get(name.lower())
        canonical = known[0] if known else name
        self._on_arrival(canonical)
        delay = self.faults.take(canonical, ("delay",)) if known else None
        if delay is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.closing.wait(), delay.seconds)
        fault = self.faults.take(canonical, ("drop", "fail", "rate_limit")) if known else None
        if fault is not None and fault.kind == "drop":
            self._record(canonical, params, False, None, "connection dropped", None)
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)
        return await self.execute(canonical, params, fault)

    async def execute(self, name: str, params: dict[str, Any], fault: Any = None) -> web.Response:
        known = methods.REGISTRY.get(name.lower())
        name = known[0] if known else name
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
            self._record(name, params, False, exc.code, exc.description, None)
            return _answer(exc.code, body)
        self._record(name, params, True, None, None, result)
        return _answer(200, {"ok": True, "result": result})

    def _record(self, name: str, params: dict[str, Any], ok: bool, code: int | None, description: str | None,
                result: Any) -> None:
        seq = self.ctx.world.next_seq()
        self._on_call(Call(name, params, self._now(), ok, code, description, result, seq))
