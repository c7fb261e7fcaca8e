"""The HTTP side: /healthz, /metrics and, in webhook mode, the webhook path."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from sqlalchemy import text

from bot.services import Services

SERVICES_KEY = web.AppKey("services", Services)


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES_KEY]
    try:
        async with services.uow() as uow:
            await uow.session.execute(text("SELECT 1"))
    except Exception:
        return web.json_response({"status": "database unavailable"}, status=503)
    return web.json_response({"status": "ok"})


async def metrics(request: web.Request) -> web.Response:
    body = request.app[SERVICES_KEY].metrics.render()
    return web.Response(body=body, headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"})


def build_http_app(services: Services) -> web.Application:
    app = web.Application()
    app[SERVICES_KEY] = services
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


def add_webhook(
    app: web.Application, dp: Dispatcher, bot: Bot, path: str, secret: str, *, background: bool = True
) -> None:
    """aiogram's handler answers 401 when the X-Telegram-Bot-Api-Secret-Token header is wrong.
    ``background=False`` answers once the update was handled (a failure answers 500, so Telegram
    delivers it again)."""
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, secret_token=secret or None, handle_in_background=background
    ).register(app, path=path)


def split_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return (host or "0.0.0.0"), int(port)
