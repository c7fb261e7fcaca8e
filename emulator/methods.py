"""Bot API methods: the registry, shared guards, and the methods about the bot itself.

Guards answer with Telegram's own wording, because bots (and this project's error handling) match on
it: a chat the bot left is 403 "bot is not a member of the supergroup chat", missing rights are 400s.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from emulator import events
from emulator.payloads import full_chat_json, user_json
from emulator.ratelimit import RateLimiter
from emulator.records import ApiError, bad_request, forbidden
from emulator.state import Chat, Member, World
from emulator.updates import resolve_allowed
from emulator.webhook import WebhookConfig, WebhookPusher

# All the bot needs to start and to take proposals, by the project's claim (issue 15); an emulator made
# with ``surface=MINIMAL_SURFACE`` answers only these, anything else 404 "Not Found".
MINIMAL_SURFACE = ("getMe", "getUpdates", "sendMessage", "answerCallbackQuery", "editMessageText",
                   "editMessageReplyMarkup", "deleteMessage", "setWebhook", "deleteWebhook")
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass
class Context:
    world: World
    limiter: RateLimiter
    webhook: WebhookPusher
    monotonic: Callable[[], float]


class Params:
    """Decoded request parameters with Telegram's answers for missing or malformed ones."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, name: str, default: Any = None) -> Any:
        value = self.data.get(name)
        return default if value is None or value == "" else value

    def required(self, name: str) -> Any:
        value = self.get(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def int(self, name: str, default: int | None = None) -> int:
        value = self.get(name, default)
        if value is None:
            raise bad_request(f"{name} is empty")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except ValueError:
            if name == "chat_id":
                raise bad_request("chat not found") from None
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        value = self.get(name, False)
        return value is True or (isinstance(value, str) and value.lower() == "true")


Handler = Callable[[Context, Params], Any]
REGISTRY: dict[str, tuple[str, Handler]] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        REGISTRY[name.lower()] = (name, handler)
        return handler

    return register


async def call(ctx: Context, name: str, params: dict[str, Any]) -> Any:
    """Run one method; method names are case-insensitive in the Bot API."""
    found = REGISTRY.get(name.lower())
    if found is None:
        raise ApiError(404, "Not Found")
    result = found[1](ctx, Params(params))
    return await result if inspect.isawaitable(result) else result


def chat_kind(chat: Chat) -> str:
    return "supergroup" if chat.type == "supergroup" else "group"


def group_of(ctx: Context, p: Params) -> Chat:
    """The group named by ``chat_id``, provided the bot is still in it."""
    chat = ctx.world.chat(p.int("chat_id"))
    if chat.is_private:
        raise bad_request("method is available for supergroup and channel chats only")
    bot = ctx.world.bot_member(chat)
    if bot.status == "kicked":
        raise forbidden(f"bot was kicked from the {chat_kind(chat)} chat")
    if not bot.present:
        raise forbidden(f"bot is not a member of the {chat_kind(chat)} chat")
    return chat


def need_right(ctx: Context, chat: Chat, right: str, detail: str) -> None:
    if not ctx.world.bot_member(chat).can(right):
        raise bad_request(detail)


def not_admin(member: Member) -> None:
    if member.is_admin:
        raise bad_request("user is an administrator of the chat")


@method("getMe")
def get_me(ctx: Context, p: Params) -> dict[str, Any]:
    return user_json(ctx.world.bot, me=True, privacy_mode=ctx.world.privacy_mode)


@method("getUpdates")
async def get_updates(ctx: Context, p: Params) -> list[dict[str, Any]]:
    if ctx.webhook.active:
        raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                            "use deleteWebhook to delete the webhook first")
    updates = await ctx.world.updates.poll(
        p.int("offset", 0), p.int("limit", 100), float(p.int("timeout", 0)), p.get("allowed_updates"))
    return [u.as_json() for u in updates]


@method("setWebhook")
def set_webhook(ctx: Context, p: Params) -> bool:
    url = p.get("url", "")
    if url and not re.match(r"https?://[^/\s]+", url):
        raise bad_request("invalid webhook URL specified")
    secret = p.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if p.flag("drop_pending_updates"):
        ctx.world.updates.drop_all()
    if not url:
        ctx.webhook.clear()
        return True
    allowed = resolve_allowed(p.get("allowed_updates"), ctx.world.updates.allowed)
    ctx.webhook.set(WebhookConfig(url=url, secret_token=secret, allowed=allowed,
                                  max_connections=p.int("max_connections", 40)))
    return True


@method("deleteWebhook")
def delete_webhook(ctx: Context, p: Params) -> bool:
    if p.flag("drop_pending_updates"):
        ctx.world.updates.drop_all()
    ctx.webhook.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(ctx: Context, p: Params) -> dict[str, Any]:
    config = ctx.webhook.config
    info: dict[str, Any] = {"url": config.url, "has_custom_certificate": False,
                            "pending_update_count": len(ctx.world.updates.pending)}
    if config.url:
        info.update(max_connections=config.max_connections, allowed_updates=sorted(config.allowed))
    if config.last_error_date:
        info.update(last_error_date=config.last_error_date, last_error_message=config.last_error_message)
    return info


def _commands_key(p: Params) -> tuple[str, str]:
    scope = p.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), p.get("language_code", "")


@method("setMyCommands")
def set_my_commands(ctx: Context, p: Params) -> bool:
    commands = p.get("commands", [])
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH" if isinstance(commands, list) else "commands is empty")
    for item in commands:
        if not _COMMAND_NAME.fullmatch(str(item.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(item.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    ctx.world.commands[_commands_key(p)] = [
        {"command": item["command"], "description": item["description"]} for item in commands]
    return True


@method("setChatMenuButton")
def set_chat_menu_button(ctx: Context, p: Params) -> bool:
    button = p.get("menu_button") or {"type": "default"}
    if button.get("type") == "web_app":
        url = str((button.get("web_app") or {}).get("url", ""))
        if not url.startswith("https://"):
            raise bad_request("BUTTON_URL_INVALID")  # Telegram opens Mini Apps over HTTPS only
        if not 1 <= len(str(button.get("text", ""))) <= 64:
            raise bad_request("BUTTON_TEXT_INVALID")
    chat_id = p.get("chat_id")
    ctx.world.menu_buttons[int(chat_id) if chat_id is not None else None] = button
    return True


@method("deleteMyCommands")
def delete_my_commands(ctx: Context, p: Params) -> bool:
    ctx.world.commands.pop(_commands_key(p), None)
    return True


@method("getMyCommands")
def get_my_commands(ctx: Context, p: Params) -> list[dict[str, Any]]:
    return list(ctx.world.commands.get(_commands_key(p), []))


@method("getChat")
def get_chat(ctx: Context, p: Params) -> dict[str, Any]:
    chat = ctx.world.chat(p.int("chat_id"))
    if not chat.is_private:
        group_of(ctx, p)
    return full_chat_json(ctx.world, chat)


@method("leaveChat")
def leave_chat(ctx: Context, p: Params) -> bool:
    chat = ctx.world.chat(p.int("chat_id"))
    if chat.is_private:
        raise bad_request("chat member status can't be changed in private chats")
    chat = group_of(ctx, p)
    bot = ctx.world.bot_member(chat)
    gone = replace(bot, status="left", rights={}, permissions={}, is_member=False)
    events.change_member(ctx.world, chat, gone, ctx.world.bot.id)
    return True


@method("sendChatAction")
def send_chat_action(ctx: Context, p: Params) -> bool:
    chat_id, world = p.int("chat_id"), ctx.world
    if chat_id > 0 and chat_id not in world.users and chat_id in world.presumed:
        # a presumed person stays presumed: a probe changes nothing, so a test may still define them
        if not world.presumed[chat_id]:
            raise forbidden("bot can't initiate conversation with a user")
        return True
    chat = world.chat(chat_id)
    if not chat.is_private:
        group_of(ctx, p)
        return True
    # as Telegram: 403 for someone who never pressed Start or blocked the bot (the probe of
    # ``delibot check-config --live`` and of the bot's start-up relies on it)
    user = ctx.world.users[chat.id]
    if user.blocked:
        raise forbidden("bot was blocked by the user")
    if not user.opened_private:
        raise forbidden("bot can't initiate conversation with a user")
    return True
