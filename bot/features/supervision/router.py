"""The supervisors' score buttons, and the feature's job."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.features.supervision.jobs import REPORT_JOB, run_supervision
from bot.filters.common import Where
from bot.i18n import Translate
from bot.jobs.runner import JobRunner
from bot.services import Services
from bot.telegram.callbacks import toast
from deliberation.supervision import valid_score
from storage.repositories.supervision import SupervisionRepository
from storage.uow import UnitOfWork

PREFIX = "score:"


async def cb_score(query: CallbackQuery, t: Translate, services: Services, uow: UnitOfWork) -> None:
    """A supervisor's score of a department for a month; a later press replaces it, until the
    month's report is made."""
    period, _, rest = (query.data or "").removeprefix(PREFIX).partition(":")
    department, _, value = rest.rpartition(":")
    score = valid_score(value)
    known = {d.id for d in services.departments}
    if query.from_user.id not in services.settings.supervision_policy().supervisors:
        await toast(query, t("supervision-not-supervisor"))
        return
    if score is None or department not in known or len(period) != 7:
        await toast(query, t("supervision-score-invalid"))
        return
    if await uow.claims.is_claimed(REPORT_JOB, period):
        await toast(query, t("supervision-score-closed", month=period))
        return
    await uow.repo(SupervisionRepository).score(period, query.from_user.id, department, score,
                                                now=services.clock.now())
    await toast(query, t("supervision-scored", score=score))


def register_jobs(runner: JobRunner) -> None:
    runner.add("supervision", timedelta(minutes=1), run_supervision)


def build_router() -> Router:
    router = Router(name="supervision")
    router.callback_query.register(cb_score, Where(lambda q: (q.data or "").startswith(PREFIX)))
    return router
