"""Pruning inactive members (清退), so that others can take their seats.

A member inactive for ``inactive_after - warn_before`` is warned once by mention; one still
inactive at ``inactive_after`` is removed (free to rejoin), longest-inactive first when a capacity
is set. ``jobs`` runs the pass (claimed per period); ``router`` has /prune for moderators, which
shows what the next pass would do without pinging anyone, and /prune now. Freed seats are
announced on ``services.hooks.seats_freed`` (the waiting list takes them).

SPEC.md: "Inactive members" (the pass and /prune); the planner is ``deliberation.pruning``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.pruning.router import build_router, register_jobs, setup

FEATURE = Feature(
    "pruning", router=build_router, setup=setup, jobs=register_jobs,
    menu={"moderator": ("prune",)},
)
