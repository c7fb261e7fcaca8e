"""Supervision (问政监督): the supervising office and the appointed supervisors.

Weekly, the supervising office gets the list of everything at a red card or urged; monthly, each
supervisor (问政监督员) gets privately a form to score every department 1 to 5 beside the month's
figures, and the month's report (the figures, the supervisors' average and how many scored) goes
to the office and the departments' leaders. Each is claimed per period like the digests, so it
goes out exactly once across restarts and replicas.

SPEC.md: "Added in the second round", ``[supervision]``; the rules are ``deliberation.supervision``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.supervision.router import build_router, register_jobs

FEATURE = Feature("supervision", router=build_router, jobs=register_jobs)
