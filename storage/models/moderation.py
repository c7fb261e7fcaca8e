"""Moderation records that must survive a restart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Report(Base):
    """A /report; the key makes it "at most once per message"."""

    __tablename__ = "reports"

    chat_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    reporter_id: Mapped[int]
    reported_id: Mapped[int | None]
    at: Mapped[datetime]
