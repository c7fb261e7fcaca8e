"""Webhook delivery: each update POSTed as JSON to the bot's URL, in order, like Telegram does.

Every request carries ``X-Telegram-Bot-Api-Secret-Token`` when a secret was set. A non-2xx answer
or a network error is retried a few times with a growing pause; after the last attempt the error is
recorded for getWebhookInfo (``last_error_date``, ``last_error_message``) and the update is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from emulator.records import Stats
from emulator.updates import DEFAULT_UPDATES, UpdateQueue

log = logging.getLogger(__name__)
RETRY_PAUSES = (0.05, 0.2, 0.5)


@dataclass
class WebhookConfig:
    url: str = ""
    secret_token: str | None = None
    allowed: frozenset[str] = field(default_factory=lambda: DEFAULT_UPDATES)
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class WebhookPusher:
    def __init__(
        self,
        queue: UpdateQueue,
        stats: Stats,
        now_ts: Callable[[], int],
        on_reply: Callable[[str, dict[str, Any]], Awaitable[object]],
    ) -> None:
        self.queue = queue
        self.stats = stats
        self.config = WebhookConfig()
        self._now_ts = now_ts
        self._on_reply = on_reply
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def active(self) -> bool:
        return bool(self.config.url)

    def set(self, config: WebhookConfig) -> None:
        self.config = config
        self.queue.allowed = config.allowed
        self.queue.wake()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    def clear(self) -> None:
        self.config = WebhookConfig(allowed=self.config.allowed)
        self.queue.wake()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()

    async def _run(self) -> None:
        while self.active and not self.queue.closed:
            batch = self.queue.take(1)
            if not batch:
                await self.queue.wait(3600)
                continue
            update = batch[0]
            self.queue.delivering += 1
            try:
                await self._deliver(update.as_json())
            finally:
                self.queue.delivering -= 1
                if update in self.queue.pending:
                    self.queue.pending.remove(update)

    async def _deliver(self, body: dict[str, object]) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {}
        if self.config.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.config.secret_token
        error = ""
        for pause in (0.0, *RETRY_PAUSES):
            await asyncio.sleep(pause)
            try:
                async with self._session.post(self.config.url, json=body, headers=headers,
                                              timeout=aiohttp.ClientTimeout(total=10)) as resp:
                    if 200 <= resp.status < 300:
                        reply = await _read_reply(resp)
                        break
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"Connection failed: {type(exc).__name__}"
        else:
            self.stats.webhook_failures += 1
            self.config.last_error_date = self._now_ts()
            self.config.last_error_message = error
            log.warning("emulator webhook failed update_id=%s error=%s", body.get("update_id"), error)
            return
        if reply.get("method"):
            # A webhook may answer with one method call; Telegram executes it (aiogram's reply-into-webhook).
            method = str(reply.pop("method"))
            await self._on_reply(method, reply)


async def _read_reply(resp: aiohttp.ClientResponse) -> dict[str, Any]:
    if resp.content_type == "application/json":
        data = await resp.json()
        return data if isinstance(data, dict) else {}
    if resp.content_type.startswith("multipart/"):
        fields: dict[str, Any] = {}
        reader = aiohttp.MultipartReader.from_response(resp)
        while (part := await reader.next()) is not None:
            if isinstance(part, aiohttp.BodyPartReader) and part.name:
                fields[part.name] = await part.text()
        return fields
    await resp.read()
    return {}
