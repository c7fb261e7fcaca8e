"""``delibot check-config --live``: ask Telegram whether the configuration can work at all.

A valid file is not a working deployment: Telegram lets a bot write to a person only after that
person pressed Start in a private chat with it (or until they block it), and the bot can restrict,
delete and approve join requests only where it is an administrator with those rights. Both fail
silently in production (a red card "told" to a moderator who never gets it), so they are checked
here, before going live, one line per person and per group.

``sendChatAction(typing)`` is the probe for a person: it answers 403 Forbidden for someone who
never started the bot or blocked it and 400 "chat not found" for an id that is nobody, and shows
a person who can be reached at most a second of "typing…", with no message left behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatAction
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import ChatMemberAdministrator, ChatMemberOwner
from aiogram.utils.token import TokenValidationError

from bot.cli.errors import CliError
from bot.settings import Settings

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
Say = Callable[[str], None]

ATTEMPTS = 3
BACKOFF = (1.0, 3.0)  # seconds before the second and third attempts
TIMEOUT = 15.0
#: The administrator rights the features use: delete (banned words, flood), restrict (real names,
#: mutes, pruning), invite (join requests), pin (conclusions, clarifications); tags where they exist.
RIGHTS = {
    "can_delete_messages": "delete messages",
    "can_restrict_members": "ban and restrict members",
    "can_invite_users": "invite users (join requests)",
    "can_pin_messages": "pin messages",
}
if "can_manage_tags" in ChatMemberAdministrator.model_fields:
    RIGHTS["can_manage_tags"] = "manage tags"
TRANSIENT = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter, ClientDecodeError)


class Unreachable(Exception):
    """Telegram could not be asked after every attempt; each failure was already printed."""


@dataclass(frozen=True, slots=True)
class Recipient:
    """A configured chat the bot must be able to write to, with why it is configured."""

    chat_id: int
    roles: tuple[str, ...]


def recipients(settings: Settings) -> list[Recipient]:
    """Moderators (global and per group), officials, and the log and fallback chats, each once."""
    roles: dict[int, list[str]] = {}

    def add(chat_id: int, role: str) -> None:
        if chat_id and role not in roles.setdefault(chat_id, []):
            roles[chat_id].append(role)

    for user_id in settings.moderation.moderators:
        add(user_id, "moderator")
    for group in settings.groups:
        override = group.moderation
        for user_id in (override.moderators if override and override.moderators else []):
            add(user_id, f"moderator of {group.title}")
        if override and override.log_chat_id:
            add(override.log_chat_id, f"moderation log chat of {group.title}")
    for department in settings.department_tables:
        for user_id in department.officials:
            add(user_id, f"official of {department.name}")
    add(settings.moderation.log_chat_id, "moderation log chat")
    add(settings.digest.fallback_chat_id, "digest fallback chat")
    return [Recipient(chat_id, tuple(r)) for chat_id, r in roles.items()]


class LiveCheck:
    """The checks against one Bot API server, printing as they go; ``failures`` counts the misses."""

    def __init__(self, settings: Settings, say: Say = print, sleep: Sleep = asyncio.sleep) -> None:
        self.settings = settings
        self.say = say
        self.sleep = sleep
        self.host = urlsplit(settings.telegram.api_base).netloc or settings.telegram.api_base
        self.failures = 0
        self._token = settings.telegram.token.get_secret_value()

    def _clean(self, text: str) -> str:
        # aiogram's messages carry no URL, but a proxy's error page might echo one
        return text.replace(self._token, "***") if self._token else text

    async def _ask(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """``call`` with bounded retries on what may pass (network, 5xx, 429, undecodable answers)."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await call()
            except TRANSIENT as exc:
                cause = self._clean(f"{type(exc).__name__}: {exc}".strip())
                self.say(f"telegram: {what} at {self.host} failed (attempt {attempt} of {ATTEMPTS}): {cause}")
                if attempt == ATTEMPTS:
                    raise Unreachable(what) from None
                wait = exc.retry_after if isinstance(exc, TelegramRetryAfter) else BACKOFF[attempt - 1]
                await self.sleep(min(float(wait), 30.0))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _miss(self, line: str) -> None:
        self.failures += 1
        self.say(f"MISSING  {line}")

    async def run(self, bot: Bot) -> int:
        try:
            me = await self._ask("getMe", bot.get_me)
        except TelegramUnauthorizedError:
            self._miss(f"telegram.token: {self.host} does not accept the token (Unauthorized)")
            return 1
        except Unreachable:
            self.say(f"telegram: cannot reach {self.host}: check telegram.api_base and the network")
            return 1
        self.say(f"ok       bot @{me.username} (id {me.id}) at {self.host}")
        try:
            for recipient in recipients(self.settings):
                await self._recipient(bot, recipient)
            for group in self.settings.groups:
                await self._group(bot, me.id, group.chat_id, group.title)
        except Unreachable:
            self.say(f"telegram: {self.host} stopped answering: the check is incomplete")
            return 1
        return 1 if self.failures else 0

    async def _recipient(self, bot: Bot, recipient: Recipient) -> None:
        who = f"{', '.join(recipient.roles)} {recipient.chat_id}"
        try:
            await self._ask(
                f"sendChatAction to {recipient.chat_id}",
                lambda: bot.send_chat_action(recipient.chat_id, ChatAction.TYPING),
            )
        except TelegramForbiddenError as exc:
            self._miss(
                f"{who}: cannot be written to ({exc.message}): they must open a private chat with "
                "the bot and press Start (and not block it)"
            )
        except TelegramBadRequest as exc:
            self._miss(f"{who}: cannot be written to ({exc.message}): check the id (the bot's /id tells it)")
        except TelegramAPIError as exc:
            self._miss(f"{who}: cannot be written to ({self._clean(exc.message)})")
        else:
            self.say(f"ok       {who}: can be written to")

    async def _group(self, bot: Bot, bot_id: int, chat_id: int, title: str) -> None:
        where = f"group {title} {chat_id}"
        try:
            member: Any = await self._ask(
                f"getChatMember in {chat_id}", lambda: bot.get_chat_member(chat_id, bot_id)
            )
        except TelegramAPIError as exc:
            self._miss(f"{where}: the bot is not in it or the id is wrong ({self._clean(exc.message)})")
            return
        if isinstance(member, ChatMemberOwner):
            self.say(f"ok       {where}: the bot owns the group")
            return
        if not isinstance(member, ChatMemberAdministrator):
            rights = ", ".join(RIGHTS.values())
            self._miss(f"{where}: the bot is {member.status}, not an administrator; promote it: {rights}")
            return
        lacking = [label for right, label in RIGHTS.items() if not getattr(member, right, False)]
        if lacking:
            self._miss(f"{where}: administrator without the rights: {', '.join(lacking)}")
        else:
            self.say(f"ok       {where}: administrator with every right the bot needs")


async def check_live(settings: Settings, *, say: Say = print, sleep: Sleep = asyncio.sleep) -> int:
    """0 when every configured person can be written to and every group is administered as needed."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram.api_base), timeout=TIMEOUT)
    try:
        bot = Bot(settings.telegram.token.get_secret_value(), session=session)
    except TokenValidationError:
        await session.close()
        raise CliError("telegram.token: not a bot token (@BotFather gives the form 123456:ABC...)") from None
    try:
        return await LiveCheck(settings, say, sleep).run(bot)
    finally:
        await session.close()
