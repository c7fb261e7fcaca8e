"""The board's aiohttp application: templates, the page's language, headers and error pages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.services import Services
from bot.timefmt import zone

log = logging.getLogger("delibot.web")

SERVICES = web.AppKey("web_services", Services)
LANGUAGES = ("zh", "en")
STATIC = Path(__file__).with_name("static")
# no inline script or style anywhere: what runs is /static/*, from this server only
CSP_BOARD = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
             "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# the Mini App is framed by Telegram's web client; its data calls go to this server only
CSP_APP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
           "connect-src 'self'; base-uri 'none'; frame-ancestors 'self' https://web.telegram.org")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def language(request: web.Request) -> str:
    """``?lang=`` first, then the browser's preference, then the deployment's default."""
    asked = request.query.get("lang", "")
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return request.app[SERVICES].translator.default


def context(request: web.Request, **values: Any) -> dict[str, Any]:
    """What every template gets: texts in the page's language, local dates, links that keep it."""
    services = request.app[SERVICES]
    lang = language(request)
    t = services.translator.bind(lang)
    tz = zone(services.digest.timezone)

    def url(path: str, **params: object) -> str:
        query = {k: str(v) for k, v in params.items() if v not in (None, "")}
        if "lang" in request.query and lang != services.translator.default:
            query["lang"] = lang
        return path + ("?" + urlencode(query) if query else "")

    def date(value: datetime | None, fmt: str = "%Y-%m-%d") -> str:
        return value.astimezone(tz).strftime(fmt) if value is not None else ""

    policy = services.settings.web.public_names
    return {"t": t, "lang": lang, "url": url, "date": date, "request": request, "policy": policy, **values}


def render(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, context(request, **values), status=status)


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        response = render(request, "error.html", status=404, code=404)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("page failed path=%s", request.path)
        response = render(request, "error.html", status=500, code=500)
    app_view = request.path == "/app" or request.path.startswith("/app/")
    response.headers.setdefault("Content-Security-Policy", CSP_APP if app_view else CSP_BOARD)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if app_view or response.status >= 400:
        response.headers.setdefault("Cache-Control", "no-store")
    elif request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
    else:
        response.headers.setdefault("Cache-Control", "public, max-age=60")  # the board changes slowly
    return response


def build_web_app(services: Services) -> web.Application:
    from bot.web import consultations, miniapp, pages

    app = web.Application(middlewares=[headers])
    app[SERVICES] = services
    aiohttp_jinja2.setup(
        app, loader=jinja2.PackageLoader("bot.web", "templates"), autoescape=True,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    pages.add_routes(app)
    consultations.add_routes(app)
    miniapp.add_routes(app)
    app.router.add_static("/static/", STATIC, append_version=False)
    return app
