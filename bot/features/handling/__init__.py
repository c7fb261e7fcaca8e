"""Handling within deadlines (限时办结) in Telegram: the officials' commands that move a proposal
along, and the wiring of the feature (routing hook, rating buttons, deadline cards).

Officials work in a private chat with the bot (the practice's "办理平台"); everything they do goes
through ``deliberation.handling.decide`` (see ``steps``) and is recorded with who, when
and why. Answers, rejections and merges are posted back in the group as replies to the proposal.

The parts: ``router`` (the commands), ``steps`` (decide and record one step), ``notices`` (who is
told what), ``replies`` (the answer in the group and its rating buttons), ``views`` (/queue,
/history) and ``deadlines`` (the yellow, red and urge cards).

SPEC.md: "Handling"; the state machine is ``deliberation.handling``, the cards ``deliberation.deadlines``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.handling.router import build_router, register_jobs, setup

FEATURE = Feature(
    "handling", router=build_router, setup=setup, jobs=register_jobs,
    menu={
        "moderator": ("adopt",),
        "official": (
            "queue", "accept", "progress", "answer", "assign", "reject", "merge", "close", "history",
        ),
        "leader": ("adopt", "history"),
    },
)
