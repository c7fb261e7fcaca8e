"""A Bot API call decided by scheduled work and queued until it is delivered, once.

The decision (a card, a digest) and its queued call are written in one transaction under a key,
so the same decision never queues twice; ``state`` runs pending -> sending -> sent (or failed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    id: int
    key: str
    kind: str
    chat_id: int
    method: str  # the Bot API method, e.g. "sendMessage"
    params: dict[str, Any]  # its parameters as JSON, as the column hands them back
    fallback_chat_id: int | None
    due_at: datetime
    attempts: int
    state: str
    sent_at: datetime | None
