"""Proposals (建言征集) in the group: recognise, number, acknowledge, support; /my and /proposal.

Every group message passes the ``Tagged`` filter, so it looks for a number sign before anything
else and uses the group's TopicMatcher built once in ``setup``: an ordinary message costs no
database round-trip and reaches the routers after this one untouched. The domain decides
(``deliberation.proposals``); this feature records through ``ProposalRepository`` and answers.

The parts: ``intake`` (the hashtag filter, /propose, edits), ``recording``
(refuse, number, store, route, acknowledge), ``support`` (the support button),
``views`` (/my, /proposal) and ``render`` (what a proposal shows).

SPEC.md: "Proposals"; the rules are ``deliberation.proposals`` and ``deliberation.keywords``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.proposals.router import build_router, register_jobs, setup

FEATURE = Feature(
    "proposals", router=build_router, setup=setup, jobs=register_jobs,
    menu={
        "private": ("my", "proposal", "status", "propose"),
        "group": ("propose", "my", "proposal", "status"),
    },
)
