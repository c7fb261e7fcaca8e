"""群管理: the banned-word and flood filters, moderator commands, /report, and the bot's own rights.

The filters are this router's first handlers and the router is the first feature router, so a
banned word is deleted before the real-name rule or the proposal recogniser looks at the message.
They run on every group message: per-group automatons and one flood detector are built once in
``setup``; the database is touched only when a message breaks a rule. Every step is written to
the audit log and, when the group has one, to its log chat.

The parts: ``filters`` (every group message), ``commands`` (moderators and
/report), ``actions`` (the steps both take), ``rights`` (the bot's rights).

SPEC.md: "Moderation".
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.moderation.router import build_router, register_jobs, setup

FEATURE = Feature(
    "moderation", router=build_router, setup=setup, jobs=register_jobs,
    menu={"group": ("report",), "moderator": ("warn", "unwarn", "mute", "unmute", "ban", "unban", "correct")},
)
