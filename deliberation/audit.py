"""The audit log's entries: every moderation step, removal and exemption, with who and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    chat_id: int | None
    actor_id: int | None  # None: the bot itself
    subject_id: int | None
    action: str
    reason: str | None
    data: dict[str, Any]  # the details as JSON, as the column hands them back
