"""What the current update holds while one of its calls must wait: its chat's turn and its
write transaction.

A reply that has to wait for its chat's slot (20 a minute in a group) or for a 429's
``retry_after`` must not keep the chat's other updates waiting behind it, nor keep SQLite's write
lock so that other chats' updates fail with "database is locked". The update middleware
registers what it holds here; before a long wait the send path lets go of it (what the handler
wrote so far is committed: a reply is the consequence of a decision, never its condition), and
takes the chat's turn back before the call goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

Release = Callable[[], Awaitable[object] | None]
Reacquire = Callable[[], Awaitable[object]]


@dataclass(eq=False)
class Holding:
    task: asyncio.Task[object] | None
    parts: list[tuple[Release, Reacquire | None]] = field(default_factory=list)
    aside: bool = False
    stepped: int = 0  # how many times a wait stepped aside (tests and logs)


_CURRENT: ContextVar[Holding | None] = ContextVar("delibot_holding", default=None)


class hold:
    """Declare, for the ``with`` block, something this task holds and how to let go of it
    (``release``) and take it back after the wait (``reacquire``, None: nothing to take back).

    A class rather than a ``contextlib.contextmanager``: every update enters two, and the
    generator machinery cost ~2 µs each."""

    __slots__ = ("_entry", "_holding", "_token")

    def __init__(self, release: Release, reacquire: Reacquire | None = None) -> None:
        self._entry = (release, reacquire)

    def __enter__(self) -> Holding:
        current = _CURRENT.get()
        task = asyncio.current_task()
        if current is None or current.task is not task:
            current = Holding(task)  # a task started inside an update does not hold what it holds
            self._token: Token[Holding | None] | None = _CURRENT.set(current)
        else:
            self._token = None
        current.parts.append(self._entry)
        self._holding = current
        return current

    def __exit__(self, *exc: object) -> None:
        self._holding.parts.remove(self._entry)
        if self._token is not None:
            _CURRENT.reset(self._token)


def current() -> Holding | None:
    holding = _CURRENT.get()
    if holding is None or holding.task is not asyncio.current_task() or not holding.parts:
        return None
    return holding


@contextlib.asynccontextmanager
async def stepped_aside() -> AsyncIterator[None]:
    """Let go of what this task holds for the ``async with`` block, then take it back.

    The innermost part is released first (the transaction is committed before the chat's turn is
    given away, so the chat's next update sees what this one decided)."""
    holding = current()
    if holding is None or holding.aside:
        yield
        return
    holding.aside = True
    holding.stepped += 1
    parts = list(holding.parts)
    released: list[tuple[Release, Reacquire | None]] = []
    try:
        for part in reversed(parts):
            result = part[0]()
            if result is not None:
                await result
            released.append(part)
        yield
    finally:
        for _release, reacquire in reversed(released):
            if reacquire is not None:
                await reacquire()
        holding.aside = False
