"""Sending, editing and deleting messages, and answering button presses.

Checks run in Telegram's order: the chat must exist and accept the bot (a user who never opened a
private chat cannot be written to first, one who blocked the bot cannot be written to at all), the
text must parse, then the flood limits decide. Limits that bots trip over in production are kept:
4096 characters per text, 1024 per caption (counted after parsing), 64 bytes of callback data,
deletion only within 48 hours without ``can_delete_messages``, "message is not modified" for an edit
that changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from emulator.methods import Context, Params, group_of, method
from emulator.payloads import message_json
from emulator.records import ApiError, Upload, bad_request, forbidden
from emulator.state import Chat, Message
from emulator.text import Parsed, find_entities, parse_html, trim

CALLBACK_TTL = 15.0
JOIN_REQUEST_CONTACT = timedelta(minutes=5)
_RIGHT_FOR = {"text": ("can_send_messages", "text messages"), "photo": ("can_send_photos", "photos"),
              "document": ("can_send_documents", "documents"), "poll": ("can_send_polls", "polls")}


def _destination(ctx: Context, p: Params, kind: str) -> Chat:
    world = ctx.world
    chat = world.chat(p.int("chat_id"))
    if chat.is_private:
        user = world.users[chat.id]
        if user.is_bot:
            raise forbidden("bot can't send messages to bots")
        if user.blocked:
            raise forbidden("bot was blocked by the user")
        # A join request lets the bot write to the applicant for five minutes (Bot API, ChatJoinRequest).
        asked = any(t + JOIN_REQUEST_CONTACT.total_seconds() >= world.ts()
                    for c in world.chats.values() for u, t in c.join_requests.items() if u == user.id)
        if not user.opened_private and not asked:
            raise forbidden("bot can't initiate conversation with a user")
        return chat
    chat = group_of(ctx, p)
    bot = world.bot_member(chat)
    right, label = _RIGHT_FOR[kind]
    allowed = bot.permissions.get(right, False) if bot.status == "restricted" else chat.permissions.get(right)
    if not bot.is_admin and not allowed:
        raise bad_request(f"not enough rights to send {label} to the chat")
    return chat


def _render(text: str, parse_mode: str | None, entities: Any) -> Parsed:
    if parse_mode and parse_mode.upper() == "HTML":
        try:
            return trim(parse_html(text))
        except ValueError as exc:
            raise bad_request(str(exc)) from None
    if isinstance(entities, list):
        return trim(Parsed(text, entities, tuple(e["user"]["id"] for e in entities if "user" in e)))
    return trim(Parsed(text, find_entities(text), ()))


TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024


def _text(p: Params, source: Any, entities_key: str = "entities") -> Parsed:
    """A message text as Telegram accepts it: it parses, is not empty and fits after parsing.

    tdlib counts Unicode characters of the parsed, trimmed text (``utf8_length``), so markup does not
    count and an emoji counts once.
    """
    parsed = _render(str(source or ""), p.get("parse_mode"), p.get(entities_key))
    if not parsed.text:
        raise bad_request("message text is empty")
    if len(parsed.text) > TEXT_LIMIT:
        raise bad_request("message is too long")
    return parsed


def _caption(p: Params, source: Any) -> Parsed:
    parsed = _render(str(source or ""), p.get("parse_mode"), p.get("caption_entities"))
    if len(parsed.text) > CAPTION_LIMIT:
        raise bad_request("message caption is too long")
    return parsed


def _keyboard(markup: Any) -> dict[str, Any] | None:
    """Only inline keyboards travel with a message; reply keyboards are the client's business."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise bad_request("can't parse inline keyboard button: text must be non-empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            if len(button) < 2:
                raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the "
                                  "inline keyboard")
    return {"inline_keyboard": markup["inline_keyboard"]}


def _reply_to(chat: Chat, p: Params) -> int | None:
    params = p.get("reply_parameters") or {}
    target = params.get("message_id") or p.get("reply_to_message_id")
    if target is None:
        return None
    found = chat.messages.get(int(target))
    if found is None or found.deleted:
        if params.get("allow_sending_without_reply") or p.flag("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return found.message_id


def _admit(ctx: Context, chat: Chat, overall: bool = True) -> None:
    retry = ctx.limiter.admit(chat.id, chat.is_private, overall)
    if retry is not None:
        raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)


def _send(ctx: Context, p: Params, kind: str, source: str, upload: Upload | None = None) -> Any:
    chat = _destination(ctx, p, kind)
    parsed = _text(p, source) if kind == "text" else _caption(p, source)
    markup, reply_to = _keyboard(p.get("reply_markup")), _reply_to(chat, p)
    _admit(ctx, chat)
    message = ctx.world.add_message(chat, ctx.world.bot.id, text=parsed.text, html=source, kind=kind,
                                    entities=parsed.entities, reply_to=reply_to, reply_markup=markup,
                                    upload=upload, mentions=parsed.mentions)
    return message_json(ctx.world, message)


@method("sendMessage")
def send_message(ctx: Context, p: Params) -> Any:
    text = p.get("text", "")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("message text is empty")
    return _send(ctx, p, "text", text)


def _file(p: Params, name: str) -> Upload:
    value = p.required(name)
    if isinstance(value, Upload):
        return value
    return Upload(filename=None, content_type=None, size=0, data=str(value).encode())


@method("sendPhoto")
def send_photo(ctx: Context, p: Params) -> Any:
    return _send(ctx, p, "photo", str(p.get("caption", "")), _file(p, "photo"))


@method("sendDocument")
def send_document(ctx: Context, p: Params) -> Any:
    return _send(ctx, p, "document", str(p.get("caption", "")), _file(p, "document"))


def _own_message(ctx: Context, p: Params, missing: str) -> tuple[Chat, Message]:
    if p.get("inline_message_id"):
        raise bad_request(missing)
    chat = ctx.world.chat(p.int("chat_id"))
    if not chat.is_private:
        group_of(ctx, p)
    message = chat.messages.get(p.int("message_id"))
    if message is None or message.deleted:
        raise bad_request(missing)
    if message.from_id != ctx.world.bot.id or message.kind == "service":
        raise bad_request("message can't be edited")
    return chat, message


_NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are exactly the "
                 "same as a current content and reply markup of the message")


@method("editMessageText")
def edit_message_text(ctx: Context, p: Params) -> Any:
    chat, message = _own_message(ctx, p, "message to edit not found")
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    source = p.get("text", "")
    parsed = _text(p, source)
    markup = _keyboard(p.get("reply_markup"))
    if (parsed.text, parsed.entities, markup) == (message.text, message.entities, message.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    _admit(ctx, chat, overall=False)
    message.text, message.html, message.entities, message.mentions = (
        parsed.text, source, parsed.entities, parsed.mentions)
    message.reply_markup, message.edit_date = markup, ctx.world.ts()
    return message_json(ctx.world, message)


@method("editMessageReplyMarkup")
def edit_message_reply_markup(ctx: Context, p: Params) -> Any:
    _, message = _own_message(ctx, p, "message to edit not found")
    markup = _keyboard(p.get("reply_markup"))
    if markup == message.reply_markup:
        raise bad_request(_NOT_MODIFIED)
    message.reply_markup, message.edit_date = markup, ctx.world.ts()
    return message_json(ctx.world, message)


@method("deleteMessage")
def delete_message(ctx: Context, p: Params) -> bool:
    world = ctx.world
    chat = world.chat(p.int("chat_id"))
    if not chat.is_private:
        group_of(ctx, p)
    message = chat.messages.get(p.int("message_id"))
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    moderator = not chat.is_private and world.bot_member(chat).can("can_delete_messages")
    own = message.from_id == world.bot.id or chat.is_private
    recent = world.ts() - message.date < 48 * 3600
    if not moderator and not (own and recent):
        raise bad_request("message can't be deleted")
    message.deleted = True
    return True


@method("answerCallbackQuery")
def answer_callback_query(ctx: Context, p: Params) -> bool:
    query = ctx.world.callbacks.get(str(p.required("callback_query_id")))
    if query is None or query.answers or ctx.monotonic() - query.created > CALLBACK_TTL:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    query.answers.append({"text": p.get("text"), "show_alert": p.flag("show_alert"), "url": p.get("url"),
                          "cache_time": p.int("cache_time", 0)})
    return True

