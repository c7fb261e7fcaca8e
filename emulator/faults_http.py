"""Answers no Bot API server gives but a real deployment sees: a proxy's HTML 502, a body cut off.

``HttpFaults.install(emu)`` wraps the emulator's request handler (before ``emu.start()``). Faults
are queued per method, like the emulator's own:

- ``html_502``: a reverse proxy answers with an HTML error page; the call never reached Telegram;
- ``truncated``: Telegram did the call, but the JSON answer arrives cut off (status 200).

``every(n, kind, method)`` faults every n-th call of ``method`` instead: with a kind the emulator
already has (``fail``, ``rate_limit``, ``delay``, ``drop``) it queues that fault for the call, so
faults are spread over a long delivery rather than all landing on its first message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from emulator.driver import Emulator
from emulator.faults import Fault

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>" \
    "</center><hr><center>nginx</center></body></html>"


@dataclass
class _Every:
    n: int
    kind: str
    method: str
    seen: int = 0
    limit: int | None = None  # at most this many faults


@dataclass
class HttpFaults:
    emu: Emulator
    _next: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, method, remaining)
    _every: list[_Every] = field(default_factory=list)
    injected: Counter[str] = field(default_factory=Counter)

    @classmethod
    def install(cls, emu: Emulator) -> HttpFaults:
        faults = cls(emu)
        original: Handler = emu.server.handle

        async def handle(request: web.Request) -> web.StreamResponse:
            return await faults._handle(original, request)

        emu.server.handle = handle  # type: ignore[method-assign]
        return faults

    def next(self, kind: str, method: str, n: int = 1) -> None:
        """The next ``n`` calls of ``method`` get ``kind`` (``html_502`` or ``truncated``)."""
        self._next.append((kind, method.lower(), n))

    def every(self, n: int, kind: str, method: str, *, limit: int | None = None) -> None:
        self._every.append(_Every(n, kind, method.lower(), limit=limit))

    def clear(self) -> None:
        self._next.clear()
        self._every.clear()

    def _take(self, method: str) -> str | None:
        for index, (kind, wanted, remaining) in enumerate(self._next):
            if wanted == method:
                if remaining <= 1:
                    del self._next[index]
                else:
                    self._next[index] = (kind, wanted, remaining - 1)
                return kind
        for rule in self._every:
            if rule.method == method:
                rule.seen += 1
                spent = rule.limit is not None and self.injected[rule.kind] >= rule.limit
                if rule.seen % rule.n == 0 and not spent:
                    return rule.kind
        return None

    async def _handle(self, original: Handler, request: web.Request) -> web.StreamResponse:
        method = request.match_info.get("method", "").lower()
        kind = self._take(method)
        if kind is None:
            return await original(request)
        self.injected[kind] += 1
        if kind == "html_502":
            return web.Response(status=502, text=HTML_502, content_type="text/html")
        if kind == "truncated":
            answer = await original(request)
            body = answer.body if isinstance(answer, web.Response) and isinstance(answer.body, bytes) else b""
            cut = body[: max(1, len(body) // 2)]
            return web.Response(status=answer.status, body=cut, content_type="application/json")
        self.emu.faults.add(Fault(kind, request.match_info.get("method"), 1, retry_after=2, seconds=1.0))
        return await original(request)
