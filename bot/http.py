"""The HTTP side: /healthz, /metrics and, in webhook mode, the webhook path."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import text

from bot.services import Services
from bot.telegram.malformed import skipped

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


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler (401 when the X-Telegram-Bot-Api-Secret-Token header is wrong), except
    that an update which does not parse is answered 200 and skipped (``bot.telegram.malformed``):
    aiogram would answer 500, and Telegram deliver it again for ever, every later update behind it.

    Relies on ``SimpleRequestHandler``'s ``verify_secret``, ``resolve_bot``, ``data``,
    ``_background_feed_update_tasks`` and ``_build_response_writer`` (the answer a handler may
    return as a Bot API call), as ``handle`` uses them in aiogram 3.28-3.31."""

    skipped = 0

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), bot):
            return web.Response(body="Unauthorized", status=401)
        raw = await request.json(loads=bot.session.json_loads)
        try:
            update = Update.model_validate(raw, context={"bot": bot})
        except ValidationError as error:
            skipped(raw, error)
            self.skipped += 1
            return web.json_response({}, dumps=bot.session.json_dumps)
        if self.handle_in_background:
            task = asyncio.create_task(self._background(bot, update))
            self._background_feed_update_tasks.add(task)
            task.add_done_callback(self._background_feed_update_tasks.discard)
            return web.json_response({}, dumps=bot.session.json_dumps)
        result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
            bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    async def _background(self, bot: Bot, update: Update) -> None:
        result = await self.dispatcher.feed_update(bot, update, **self.data)
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot=bot, result=result)


def add_webhook(
    app: web.Application, dp: Dispatcher, bot: Bot, path: str, secret: str, *, background: bool = True
) -> WebhookHandler:
    """``background=False`` answers once the update was handled (a failure answers 500, so
    Telegram delivers it again)."""
    handler = WebhookHandler(dispatcher=dp, bot=bot, secret_token=secret or None,
                             handle_in_background=background)
    handler.register(app, path=path)
    return handler


def split_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return (host or "0.0.0.0"), int(port)
