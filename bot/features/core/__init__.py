"""/start and /help in private chats, and leaving groups that are not configured.

SPEC.md: "Only configured groups", "Language"; /start, /help and the command menus.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.core.router import build_router

FEATURE = Feature("core", router=build_router)
