"""Injected faults: server errors, forced 429s, slow answers and dropped connections.

A fault with ``method=None`` hits the next matching request of any method except ``getUpdates``: a
long poll is almost always in flight, so "the next request" would otherwise land on it by chance.
Pass ``method="getUpdates"`` to fault polling itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Fault:
    kind: str  # "fail" | "rate_limit" | "delay" | "drop"
    method: str | None
    remaining: int
    status: int = 500
    retry_after: int = 1
    seconds: float = 0.0

    def matches(self, method: str) -> bool:
        if self.method is None:
            return method.lower() != "getupdates"
        return self.method.lower() == method.lower()


class Faults:
    def __init__(self) -> None:
        self._queue: list[Fault] = []

    def add(self, fault: Fault) -> None:
        if fault.remaining > 0:
            self._queue.append(fault)

    def take(self, method: str, kinds: tuple[str, ...]) -> Fault | None:
        for fault in self._queue:
            if fault.kind in kinds and fault.matches(method):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._queue.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self._queue.clear()
