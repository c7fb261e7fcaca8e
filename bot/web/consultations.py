"""The board's consultation pages (征求意见): the list, and one consultation with its background,
the poll's results, the opinions grouped by topic keyword as the official's summary groups them
(most supported first), and the conclusion once published.

Authors appear as on the proposal pages (``[web] public_names``: the unit only by default); an
erased author has no name, and no unit either where the group's privacy policy says so.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.app import SERVICES, render
from deliberation.consultations import summarize
from deliberation.publicity import PAGE_SIZE, BoardQuery, page_count, parse_query, public_author
from storage.repositories.consultation_board import ConsultationBoardRepository

NUMBER_DIGITS = 12  # longer is no consultation's number: 404 without asking the database


async def consultations(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    page = parse_query({"page": request.query.get("page", "1")}, topics=(), departments=()).page
    async with services.uow() as uow:
        items, total = await uow.repo(ConsultationBoardRepository).page(
            limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    titles = {chat_id: group.title for chat_id, group in services.groups.items()}
    return render(request, "consultations.html", items=items, total=total, titles=titles,
                  query=BoardQuery(page=page), pages=page_count(total))


async def consultation(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    raw = request.match_info["number"]
    if not raw.isdigit() or len(raw) > NUMBER_DIGITS:
        raise web.HTTPNotFound()
    async with services.uow() as uow:
        found = await uow.repo(ConsultationBoardRepository).detail(int(raw))
    if found is None:
        raise web.HTTPNotFound()
    record, opinions = found
    group = services.groups.get(record.chat_id)
    summary = summarize(opinions, group.topics if group else {}, record.poll)
    policy = services.settings.web.public_names
    authors = {o.id: public_author(o.author_name, o.author_unit, policy) for o in opinions}
    return render(request, "consultation.html", record=record, summary=summary, authors=authors,
                  group_title=group.title if group else "")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/consultations", consultations)
    app.router.add_get("/consultations/{number}", consultation)
