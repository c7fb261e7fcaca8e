"""The supervising office's weekly list and the monthly supervision: form and report, each once.

Each period is claimed in the transaction that queues its messages in the outbox (as the digests
are), so a restart or a second replica neither loses nor doubles one, and a run missed while the
bot was down goes out when it is back (the form only within its first week).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aiogram import Bot

from bot.i18n import Translate
from bot.messages import queued_text
from bot.services import Services
from bot.texts import esc, excerpt, message_link
from bot.timefmt import local, local_text, zone
from deliberation.handling import HandlingCase
from deliberation.ranking import DepartmentRow, weekly_ranking
from deliberation.supervision import SCORES, ScoreSummary, month_bounds, summarize, supervision_due
from storage.repositories.digests import DigestRepository
from storage.repositories.handling import HandlingRepository
from storage.repositories.supervision import SupervisionRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.supervision")

FORM_JOB, REPORT_JOB, WEEKLY_JOB = "supervision-form", "supervision-report", "supervision-weekly"
KIND = "supervision"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RED = 2


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _figures(t: Translate, row: DepartmentRow) -> str:
    return t("supervision-figures", name=esc(row.name), received=row.received,
             on_time=_percent(row.on_time_share), completion=_percent(row.completion),
             kept=_percent(row.kept_share),
             satisfaction=_percent(row.satisfaction), unsatisfied=row.unsatisfied, adopted=row.adopted)


async def run_supervision(services: Services, bot: Bot) -> None:
    """Due once local time passes ``digest.at``: the weekly list on the ranking day, the form in a
    month's first week, the report from its 8th. Delivery is the outbox job's."""
    office = services.settings.supervision_policy()
    if not office.configured and not office.supervisors:
        return
    now = services.clock.now()
    today = local(now, services.digest.timezone)
    hour, minute = (int(part) for part in services.digest.at.split(":"))
    if today.time() < time(hour, minute):
        return
    due = supervision_due(today.date())
    if due.form and office.supervisors:
        await _send_form(services, now, due.form)
    if due.report and office.configured:
        await _send_report(services, now, due.report)
    week = _week(services, today.date())
    if week is not None and office.configured:
        await _send_weekly(services, now, week)


def _week(services: Services, today: date) -> str | None:
    day = today + timedelta(days=WEEKDAYS.index(services.digest.weekly_ranking) - today.weekday())
    if today < day:
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


async def _month_rows(services: Services, uow: UnitOfWork, period: str, now: datetime) -> list[DepartmentRow]:
    tz = zone(services.digest.timezone)
    first, after = month_bounds(period)
    start = datetime.combine(first, time(0), tz).astimezone(UTC)
    end = datetime.combine(after, time(0), tz).astimezone(UTC)
    items = await uow.repo(DigestRepository).handled_items(start, end, now=now,
                                                           reply_due=services.handling.reply_due)
    ranking = weekly_ranking(items, services.departments, start, end, min_items=0)
    configured = [d.id for d in services.departments]
    rows = {r.department_id: r for r in (*ranking.ranked, *ranking.unranked)}
    return [rows[d] for d in configured if d in rows]


async def _enqueue(services: Services, uow: UnitOfWork, key: str, chat_ids: list[int] | tuple[int, ...],
                   render: Any, now: datetime, markup: Any = None) -> None:
    languages = await uow.repo(HandlingRepository).languages([c for c in chat_ids if c > 0])
    for chat_id in dict.fromkeys(chat_ids):
        t = services.translator.bind(services.language(None, languages.get(chat_id)))
        params = queued_text(render(t))
        if markup is not None:
            params["reply_markup"] = markup(t)
        await uow.outbox.enqueue(key=f"{key}:{chat_id}", kind=KIND, chat_id=chat_id, params=params, now=now)


async def _send_form(services: Services, now: datetime, period: str) -> None:
    supervisors = services.settings.supervision_policy().supervisors
    async with services.uow.transaction() as uow:  # the claim with its messages: once
        if await uow.claims.is_claimed(FORM_JOB, period):
            return
        rows = await _month_rows(services, uow, period, now)
        if not await uow.claims.claim(FORM_JOB, period, now=now, owner=services.instance):
            return
        await _enqueue(services, uow, f"{FORM_JOB}:{period}:intro", supervisors,
                       lambda t: t("supervision-form-intro", month=period), now)
        for row in rows:
            def buttons(t: Translate, department: str = row.department_id) -> dict[str, Any]:
                return {"inline_keyboard": [[
                    {"text": str(n), "callback_data": f"score:{period}:{department}:{n}"} for n in SCORES
                ]]}

            await _enqueue(services, uow, f"{FORM_JOB}:{period}:{row.department_id}", supervisors,
                           lambda t, row=row: _figures(t, row), now, markup=buttons)
        await uow.claims.mark_done(FORM_JOB, period, now=now)
    log.info("supervision form queued period=%s supervisors=%d", period, len(supervisors))


def _score_text(t: Translate, summary: ScoreSummary | None) -> str:
    if summary is None or summary.average is None:
        return t("supervision-score-none")
    return t("supervision-score", average=f"{summary.average:.1f}", count=summary.count)


async def _send_report(services: Services, now: datetime, period: str) -> None:
    office = services.settings.supervision_policy()
    leaders = sorted({uid for d in services.departments for uid in d.leaders})
    async with services.uow.transaction() as uow:  # the claim with its messages: once
        if await uow.claims.is_claimed(REPORT_JOB, period):
            return
        rows = await _month_rows(services, uow, period, now)
        scores = await uow.repo(SupervisionRepository).scores(period)
        if not await uow.claims.claim(REPORT_JOB, period, now=now, owner=services.instance):
            return
        summaries = {s.department_id: s for s in summarize(scores, [r.department_id for r in rows])}
        if not scores and not any(r.received for r in rows):
            # a month with nothing to report (e.g. before the bot ran): claimed, nothing sent
            await uow.claims.mark_done(REPORT_JOB, period, now=now)
            return

        def render(t: Translate) -> str:
            lines = [t("supervision-report-title", office=esc(office.office), month=period)]
            lines += [f"{_figures(t, r)}\n{_score_text(t, summaries.get(r.department_id))}" for r in rows]
            return "\n\n".join(lines)

        await _enqueue(services, uow, f"{REPORT_JOB}:{period}", [*office.recipients, *leaders], render, now)
        await uow.claims.mark_done(REPORT_JOB, period, now=now)
    log.info("supervision report queued period=%s departments=%d scores=%d", period, len(rows), len(scores))


def _overdue_line(t: Translate, services: Services, case: HandlingCase, promise: bool) -> str:
    names = {d.id: d.name for d in services.departments}
    departments = esc("、".join(names.get(d, d) for d in sorted(case.departments)) or "-")
    card = t("supervision-promise-red") if promise else t("handling-card-name", level=case.issued)
    return t("supervision-weekly-item", number=case.number, departments=departments, card=card,
             since=local_text(case.created_at, services.digest.timezone), text=excerpt(case.text, 60),
             link=message_link(case.chat_id, case.message_id))


async def _send_weekly(services: Services, now: datetime, week: str) -> None:
    office = services.settings.supervision_policy()
    async with services.uow.transaction() as uow:  # the claim with its messages: once
        if await uow.claims.is_claimed(WEEKLY_JOB, week):
            return
        repo = uow.repo(HandlingRepository)
        red = [(c, False) for c in await repo.open_cases() if c.issued >= RED]
        shown = {c.number for c, _ in red}
        red += [(c, True) for c, issued in await repo.open_promises(due_before=now)
                if issued >= RED and c.number not in shown]
        if not await uow.claims.claim(WEEKLY_JOB, week, now=now, owner=services.instance):
            return

        def render(t: Translate) -> str:
            if not red:
                return t("supervision-weekly-none", office=esc(office.office), week=week)
            lines = [t("supervision-weekly-title", office=esc(office.office), week=week, count=len(red))]
            return "\n".join([*lines, *(_overdue_line(t, services, c, promise) for c, promise in red)])

        await _enqueue(services, uow, f"{WEEKLY_JOB}:{week}", office.recipients, render, now)
        await uow.claims.mark_done(WEEKLY_JOB, week, now=now)
    log.info("supervision weekly list queued week=%s items=%d", week, len(red))
