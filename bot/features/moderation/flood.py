"""Who counts the flood windows: this process alone, or every replica together.

The ``Violation`` filter asks a ``FloodCounter`` on every counted group message and does not know
which one it has. A single process keeps the windows in memory (``LocalFlood``: no network on the
hot path); with several replicas one chat's messages land on any of them, so the replica wiring
puts a counter shared through Redis in its place (``bot.replicas.flood``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from deliberation.moderation import FloodDetector


class FloodCounter(Protocol):
    async def hit(self, chat_id: int, user_id: int, now: datetime) -> bool:
        """Count one message of ``user_id`` in ``chat_id`` at ``now``; True when it is one too
        many within the chat's flood window (the window then starts over: one burst, one mute)."""
        ...


class LocalFlood:
    """The windows of this process, answered without leaving it."""

    __slots__ = ("detector",)

    def __init__(self, detector: FloodDetector) -> None:
        self.detector = detector

    async def hit(self, chat_id: int, user_id: int, now: datetime) -> bool:
        return self.detector.hit(chat_id, user_id, now)
