"""The supervision view, a Telegram Mini App: what is overdue, for the person Telegram vouches for.

``/app`` is a static page: its script reads ``initData`` from the address Telegram opened
(``#tgWebAppData=...``) and sends it as ``Authorization: tma <initData>`` with each data call.
A call without valid, fresh ``initData`` gets 401 and nothing else.
"""

from __future__ import annotations

import csv
import io

from aiohttp import web

from bot.services import Services
from bot.web.app import SERVICES, render
from bot.web.initdata import WebAppUser, validate
from deliberation.handling import OPEN_STATES
from deliberation.publicity import Overdue, overdue, visible_departments
from storage.repositories.board import BoardRepository


def _user(request: web.Request) -> WebAppUser:
    services = request.app[SERVICES]
    scheme, _, data = request.headers.get("Authorization", "").partition(" ")
    token = services.settings.telegram.token.get_secret_value()
    user = validate(data, token, services.clock.now()) if scheme.lower() == "tma" else None
    if user is None:
        raise web.HTTPUnauthorized(text="401: unauthorized", headers={"WWW-Authenticate": "tma"})
    return user


async def _overdue(services: Services, user: WebAppUser) -> list[Overdue]:
    anywhere = any(services.is_moderator(chat_id, user.id) for chat_id in (None, *services.groups))
    visible = visible_departments(user.id, moderator=anywhere, officials=services.officials)
    if visible is not None and not visible:
        return []
    async with services.uow() as uow:
        items = await uow.repo(BoardRepository).items(
            titles={}, policy_for=lambda _chat: "unit", states=frozenset(s.value for s in OPEN_STATES)
        )
    return overdue(items, services.handling, services.clock.now(), visible)


async def page(request: web.Request) -> web.Response:
    return render(request, "app.html")


async def api_overdue(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    user = _user(request)
    found = await _overdue(services, user)
    names = {d.id: d.name for d in services.departments}
    return web.json_response({"items": [
        {"number": o.number, "department": o.department,
         "department_name": names.get(o.department, o.department), "card": o.card, "days": o.days,
         "text": o.text[:200], "act": f"/answer {o.number}"}
        for o in found
    ]})


async def api_overdue_csv(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    user = _user(request)
    found = await _overdue(services, user)
    t = services.translator.bind(user.language_code if user.language_code in ("zh", "en")
                                 else services.translator.default)
    names = {d.id: d.name for d in services.departments}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t("web-col-number"), t("web-col-department"), t("web-col-card"), t("web-col-days"),
                     t("web-col-text")])
    for o in found:
        writer.writerow([o.number, names.get(o.department, o.department),
                         t("handling-card-name", level=o.card), o.days, o.text])
    return web.Response(
        body=("\ufeff" + out.getvalue()).encode(), content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="overdue.csv"'},
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get("/app", page)
    app.router.add_get("/app/api/overdue", api_overdue)
    app.router.add_get("/app/api/overdue.csv", api_overdue_csv)
