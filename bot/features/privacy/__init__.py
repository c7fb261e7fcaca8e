"""Personal data (个人信息保护): what the bot holds on a member, an export, erasure, retention.

``/privacy`` says in a few lines what is kept, why and for how long; ``/mydata`` sends a summary
and a JSON document of everything held on the sender; ``/forget`` erases it after a confirmation
button (``erasure.py``). ``jobs`` runs the retention pass, claimed per day: members who left
longer ago than ``[privacy] departed_after`` are anonymised the same way, and stored texts older
than their kind's time (``deliberation.privacy.RETENTION``) go. All three commands are private.

SPEC.md: "Added in the second round" (``/privacy``, ``/mydata``, ``/forget``, ``[privacy]``);
issue 20. The operator's side is ``delibot privacy export|forget --user ID`` (``bot.cli.privacy``).
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.privacy.jobs import register_jobs
from bot.features.privacy.router import build_router, setup

FEATURE = Feature(
    "privacy", router=build_router, setup=setup, jobs=register_jobs,
    menu={"private": ("privacy", "mydata", "forget")},
)
