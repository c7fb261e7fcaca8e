"""Consultations (征求意见 / 问计): officials and moderators ask the group, the bot collects the
opinions, reminds, closes once, summarises for the official, and posts the conclusion.

Before proposals in the router order: a reply to a consultation that carries a topic hashtag is
an opinion on the consultation, not a new proposal. Only replies to the bot and messages with a
number sign are looked up, so ordinary messages pass at no cost.

The parts: ``opening`` (/consult, the group choice in private, post, pin and poll), ``opinions``
(collecting, the reaction that acknowledges, supports by reaction, poll counts), ``closing``
(the reminder and the close, claimed once, the summary), ``conclusion`` (/conclude),
``render`` and ``digest``.

SPEC.md: "Added in the second round" (/consult, /conclude); the rules are ``deliberation.consultations``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.consultations.router import build_router, register_jobs, setup

FEATURE = Feature(
    "consultations", router=build_router, setup=setup, jobs=register_jobs,
    menu={"moderator": ("consult", "conclude"), "official": ("consult", "conclude")},
)
