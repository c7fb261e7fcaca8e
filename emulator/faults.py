"""Injected faults: what Telegram, a proxy in front of it or the network do to a request.

Kinds, and whether Telegram carried the call out before the answer went wrong (``executed``):

- ``fail``: an HTTP error from Telegram itself (500 by default), JSON body; not executed.
- ``rate_limit``: 429 with ``parameters.retry_after``; not executed.
- ``delay``: the answer comes ``seconds`` late (executed after the pause, as a slow server would).
- ``timeout``: no answer ever comes (until the emulator stops), so the client's own timeout fires,
  whatever it is; executed by default (the message went out, only the answer is lost).
- ``drop``: the connection closes before any answer; not executed by default.
- ``proxy``: a proxy's HTML error page (502 Bad Gateway, ``text/html``): not JSON at all; not executed
  by default (the proxy could not reach Telegram).
- ``truncate``: the real JSON answer cut in half, with a matching Content-Length, so the client reads
  a complete body that does not decode; executed.
- ``reset``: headers and half the body are sent, then the connection is reset; executed.

A fault with ``method=None`` hits the next matching request of any method except ``getUpdates``: a
long poll is almost always in flight, so "the next request" would otherwise land on it by chance.
Pass ``method="getUpdates"`` to fault polling itself. ``chat_id`` narrows a fault to requests for that
chat, so a fault scenario can hit the third official's digest and nobody else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = frozenset({"fail", "rate_limit", "delay", "timeout", "drop", "proxy", "truncate", "reset"})
EXECUTED_BY_DEFAULT = frozenset({"delay", "timeout", "truncate", "reset"})
WAITS = ("delay",)
ANSWERS = ("fail", "rate_limit", "timeout", "drop", "proxy", "truncate", "reset")


@dataclass
class Fault:
    kind: str
    method: str | None
    remaining: int
    status: int = 500
    retry_after: int = 1
    seconds: float = 0.0
    chat_id: int | str | None = None
    executed: bool | None = None  # None: the kind's default (EXECUTED_BY_DEFAULT)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(KINDS)}")
        if self.executed is None:
            self.executed = self.kind in EXECUTED_BY_DEFAULT

    def matches(self, method: str, params: dict[str, Any] | None = None) -> bool:
        if self.method is None:
            if method.lower() == "getupdates":
                return False
        elif self.method.lower() != method.lower():
            return False
        if self.chat_id is None:
            return True
        return params is not None and str(params.get("chat_id")) == str(self.chat_id)


class Faults:
    def __init__(self) -> None:
        self._queue: list[Fault] = []
        self.hits: list[tuple[str, str]] = []  # (kind, method) of every fault that fired, in order

    def add(self, fault: Fault) -> None:
        if fault.remaining > 0:
            self._queue.append(fault)

    def take(self, method: str, kinds: tuple[str, ...], params: dict[str, Any] | None = None) -> Fault | None:
        for fault in self._queue:
            if fault.kind in kinds and fault.matches(method, params):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._queue.remove(fault)
                self.hits.append((fault.kind, method))
                return fault
        return None

    @property
    def pending(self) -> int:
        """Faults still waiting for a request to hit (each counts its remaining hits)."""
        return sum(f.remaining for f in self._queue)

    def clear(self) -> None:
        self._queue.clear()
