"""/start, /help and /id, leaving groups that are not configured, and at start-up the check of
whom the bot can write to (``bot.reach``).

SPEC.md: "Only configured groups", "Language"; /start, /help and the command menus.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.core.router import build_router
from bot.reach import setup

FEATURE = Feature(
    "core", router=build_router, setup=setup,
    menu={"private": ("start", "help", "id"), "group": ("id",)},
)
