"""The waiting list (候补): join requests fill free seats in arrival order, for applicants whose
names meet the real-name rule; the others are declined and told why. A member who leaves, or a
pruning pass, frees seats for the first in line.

SPEC.md: "Inactive members" (join requests and the queue).
"""

from __future__ import annotations

from datetime import timedelta

from bot.feature import Feature
from bot.features.waitlist.jobs import on_seats_freed, waitlist_job
from bot.features.waitlist.router import build_router
from bot.features.waitlist.state import WaitlistState
from bot.jobs.runner import JobRunner
from bot.services import Services
from deliberation.pruning import pass_interval


def setup(services: Services) -> None:
    services.keep(WaitlistState())
    services.hooks.seats_freed.append(on_seats_freed)


def register_jobs(runner: JobRunner) -> None:
    every = pass_interval(list(runner.services.groups.values()))
    runner.add("waitlist", min(every, timedelta(minutes=1)), waitlist_job)


FEATURE = Feature("waitlist", router=build_router, setup=setup, jobs=register_jobs)
