"""The board's pages: groups, proposals (filtered, paged), one proposal, the ranking, a department."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from aiohttp import web

from bot.services import Services
from bot.timefmt import zone
from bot.web.app import SERVICES, render
from deliberation.publicity import AuthorPolicy, page_count, parse_query, public_steps
from deliberation.ranking import Ranking, weekly_ranking
from storage.repositories.board import BoardRepository
from storage.repositories.digests import DigestRepository

PERIODS = {"week": 7, "month": 30}
RANKING_FRESH = timedelta(seconds=60)  # as long as a browser may keep the page (Cache-Control)
RANKINGS = web.AppKey("rankings", dict)  # (days, period end) -> (made at, ranking)


def _policy(services: Services) -> AuthorPolicy:
    return services.settings.web.public_names


def _titles(services: Services) -> dict[int, str]:
    return {chat_id: group.title for chat_id, group in services.groups.items()}


def _topics(services: Services) -> list[str]:
    return sorted({topic for group in services.groups.values() for topic in group.topics})


def _departments(services: Services) -> dict[str, str]:
    return {d.id: d.name for d in services.departments}


async def groups(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.uow() as uow:
        counts = await uow.repo(BoardRepository).groups()
    shown = [(group, counts.get(chat_id, 0)) for chat_id, group in services.groups.items()]
    return render(request, "groups.html", groups=shown)


async def proposals(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    names = _departments(services)
    query = parse_query(request.query, topics=_topics(services), departments=names)
    policy = _policy(services)
    async with services.uow() as uow:
        items, total = await uow.repo(BoardRepository).page(
            query, titles=_titles(services), policy_for=lambda _chat: policy
        )
    return render(request, "proposals.html", items=items, total=total, query=query, pages=page_count(total),
                  topics=_topics(services), departments=names)


async def proposal(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    raw = request.match_info["number"]
    if not raw.isdigit() or len(raw) > 12:
        raise web.HTTPNotFound()
    policy = _policy(services)
    async with services.uow() as uow:
        found = await uow.repo(BoardRepository).detail(
            int(raw), titles=_titles(services), policy_for=lambda _chat: policy
        )
    if found is None:
        raise web.HTTPNotFound()
    return render(request, "proposal.html", detail=found, steps=public_steps(found.steps),
                  departments=_departments(services))


def _window(services: Services, days: int, now: datetime) -> tuple[datetime, datetime]:
    """The last ``days`` whole local days, midnight to midnight, as the weekly digest counts them."""
    tz = zone(services.digest.timezone)
    today = now.astimezone(tz).date()
    end = datetime.combine(today, time(0), tz).astimezone(UTC)
    start = datetime.combine(today - timedelta(days=days), time(0), tz).astimezone(UTC)
    return start, end


async def _ranking(app: web.Application, days: int) -> Ranking:
    """The ranking of the last ``days`` days, made at most once a minute: it reads every proposal
    of the period, and a public page is read far more often than the figures change."""
    services = app[SERVICES]
    now = services.clock.now()
    start, end = _window(services, days, now)
    cache: dict[tuple[int, datetime], tuple[datetime, Ranking]] = app[RANKINGS]
    kept = cache.get((days, end))
    if kept is not None and now - kept[0] < RANKING_FRESH:
        return kept[1]
    async with services.uow() as uow:
        items = await uow.repo(DigestRepository).handled_items(
            start, end, now=now, reply_due=services.handling.reply_due
        )
    found = weekly_ranking(items, services.departments, start, end)
    for key in [k for k in cache if k[0] == days]:
        del cache[key]  # one ranking kept per length: an older period end is never asked again
    cache[(days, end)] = (now, found)
    return found


async def ranking(request: web.Request) -> web.Response:
    period = request.query.get("period", "week")
    if period not in PERIODS:
        period = "week"
    found = await _ranking(request.app, PERIODS[period])
    return render(request, "ranking.html", ranking=found, period=period, periods=list(PERIODS),
                  last_day=found.period_end - timedelta(days=1))


async def department(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    names = _departments(services)
    dept = request.match_info["id"]
    if dept not in names:
        raise web.HTTPNotFound()
    query = parse_query({"department": dept, "page": request.query.get("page", "1")},
                        topics=(), departments=names)
    policy = _policy(services)
    async with services.uow() as uow:
        repo = uow.repo(BoardRepository)
        counts = await repo.department_counts(dept)
        items, total = await repo.page(query, titles=_titles(services), policy_for=lambda _chat: policy)
    month = await _ranking(request.app, PERIODS["month"])
    row = next((r for r in (*month.ranked, *month.unranked) if r.department_id == dept), None)
    return render(request, "department.html", dept=dept, name=names[dept], counts=counts, items=items,
                  total=total, query=query, pages=page_count(total), row=row, departments=names)


def add_routes(app: web.Application) -> None:
    app[RANKINGS] = {}
    app.router.add_get("/", groups)
    app.router.add_get("/proposals", proposals)
    app.router.add_get("/proposals/{number}", proposal)
    app.router.add_get("/ranking", ranking)
    app.router.add_get("/departments/{id}", department)
