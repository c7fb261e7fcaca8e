"""What every middleware of ours shares: the services, and aiogram's handler signature."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.services import Services

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ServiceMiddleware(BaseMiddleware):
    def __init__(self, services: Services) -> None:
        self.services = services
