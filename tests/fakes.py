"""Telegram without the network, for dispatcher-level tests: a Bot session that records every call
and answers it as Telegram would, and the updates Telegram would send.

``RecordingSession`` answers in Telegram's JSON, parsed by aiogram's own ``check_response`` as an
HTTP session's answer is, so a result of the wrong shape fails as it would in production, and a
refusal (``refuse``) raises the very exception Telegram's error would. It keeps a small picture of
the world the answers need (who is an administrator, a chat's default permissions, a member's
current name); every call is recorded after the client's request middlewares (the bot's send
path), with its parameters as Telegram receives them.

``Telegram`` builds the updates (``Update`` objects validated from Bot API JSON) with ids, dates
and message ids that move on, for the people and chats a test names.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile, Update
from pydantic import BaseModel

Json = dict[str, Any]

ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
    "can_delete_stories", "can_send_welcome_messages", "can_pin_messages", "can_manage_topics",
    "can_manage_tags",
)
# A new supergroup's defaults: members send everything and invite, but do not change info, pin or
# manage topics.
DEFAULT_PERMISSIONS = {
    "can_send_messages": True, "can_send_audios": True, "can_send_documents": True, "can_send_photos": True,
    "can_send_videos": True, "can_send_video_notes": True, "can_send_voice_notes": True,
    "can_send_polls": True, "can_send_other_messages": True, "can_add_web_page_previews": True,
    "can_react_to_messages": True, "can_edit_tag": True, "can_invite_users": True, "can_change_info": False,
    "can_pin_messages": False, "can_manage_topics": False,
}
# what only reads: a call not in here changes something a person sees (or the group's membership)
READS = frozenset({"getMe", "getChat", "getChatMember", "getChatAdministrators", "getChatMemberCount",
                   "getMyCommands", "getUpdates", "getWebhookInfo", "getFile"})
SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"})
EDITS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})


@dataclass
class Call:
    """One Bot API call as Telegram received it: the method and its parameters (defaults filled
    in, objects as plain JSON, dates as timestamps), and the JSON result it got (None: refused)."""

    method: str
    params: Json
    result: Any = None

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        """What the person reads first: the text, a caption, a callback answer's toast."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """The inline keyboard as (label, callback data or url) rows; [] without one."""
        markup = self.params.get("reply_markup") or {}
        return [[(b["text"], b.get("callback_data") or b.get("url") or "") for b in row]
                for row in markup.get("inline_keyboard", [])]


def effects(calls: list[Call]) -> list[Call]:
    """The calls that change something: sends, edits, answers, member actions (not the reads)."""
    return [c for c in calls if c.method not in READS]


def effect_methods(calls: list[Call]) -> list[str]:
    return [c.method for c in effects(calls)]


@dataclass(frozen=True)
class Refusal:
    method: str
    code: int
    description: str
    match: Json
    retry_after: int | None = None


@dataclass
class Person:
    id: int
    first_name: str
    last_name: str | None = None
    language_code: str | None = "zh-hans"
    username: str | None = None
    is_bot: bool = False

    def json(self) -> Json:
        data: Json = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass
class Group:
    id: int
    title: str
    admins: set[int] = field(default_factory=set)
    creator: int | None = None
    statuses: dict[int, str] = field(default_factory=dict)  # user id -> "member", "left", "kicked", ...
    permissions: Json = field(default_factory=lambda: dict(DEFAULT_PERMISSIONS))
    bot_rights: Json = field(default_factory=lambda: dict.fromkeys(ADMIN_RIGHTS, True))

    def json(self) -> Json:
        return {"id": self.id, "type": "supergroup", "title": self.title}


class RecordingSession(BaseSession):
    """Records every Bot API call and answers it plausibly from ``telegram``'s picture of the world."""

    def __init__(self, telegram: Telegram) -> None:
        super().__init__()
        self.telegram = telegram
        self.calls: list[Call] = []
        self._refusals: list[tuple[Refusal, list[int]]] = []
        self._message_ids = itertools.count(900_001)

    # what a test reads

    def forget(self) -> None:
        """Start the record afresh (after a scene's set-up)."""
        self.calls.clear()

    def refuse(self, method: str, description: str, *, code: int = 400, times: int = 1,
               retry_after: int | None = None, **match: Any) -> None:
        """The next ``times`` calls of ``method`` (with ``match`` among their parameters) get
        Telegram's error ``code`` with ``description`` instead of being carried out."""
        self._refusals.append((Refusal(method, code, description, match, retry_after), [times]))

    # the session

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        name = method.__api_method__
        call = Call(name, _plain(method.model_dump(warnings=False), bot))
        self.calls.append(call)
        refusal = self._refusal(call)
        if refusal is not None:
            body: Json = {"ok": False, "error_code": refusal.code, "description": refusal.description}
            if refusal.retry_after is not None:
                body["parameters"] = {"retry_after": refusal.retry_after}
            status = refusal.code
        else:
            call.result = self._answer(bot, call)
            body, status = {"ok": True, "result": call.result}, 200
        response = self.check_response(bot, method, status, json.dumps(body, ensure_ascii=False))
        return response.result

    def _refusal(self, call: Call) -> Refusal | None:
        for refusal, left in self._refusals:
            if refusal.method == call.method and left[0] > 0 and all(
                    call.params.get(k) == v for k, v in refusal.match.items()):
                left[0] -= 1
                return refusal
        return None

    def _answer(self, bot: Bot, call: Call) -> Any:
        world, params = self.telegram, call.params
        match call.method:
            case "getMe":
                return {**world.me.json(), "can_join_groups": True, "can_read_all_group_messages": True,
                        "supports_inline_queries": False}
            case "getChatMember":
                return world.member_json(int(params["chat_id"]), int(params["user_id"]))
            case "getChatAdministrators":
                group = world.groups[int(params["chat_id"])]
                ids = [world.me.id, *sorted(group.admins), *([group.creator] if group.creator else [])]
                return [world.member_json(group.id, uid) for uid in ids]
            case "getChatMemberCount":
                group = world.groups[int(params["chat_id"])]
                return 1 + sum(s in ("member", "administrator", "creator", "restricted")
                               for s in group.statuses.values())
            case "getChat":
                return world.full_chat_json(int(params["chat_id"]))
            case "getMyCommands":
                return []
            case "getUpdates":
                return []
            case "getWebhookInfo":
                return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
            case "sendMediaGroup":
                return [self._message(world, params, extra={"photo": _photo()}) for _ in params["media"]]
            case name if name in SENDS:
                extra: Json = {}
                if name == "sendDocument":
                    extra["document"] = {"file_id": "doc", "file_unique_id": "doc", "file_name": "file"}
                elif name == "sendPhoto":
                    extra["photo"] = _photo()
                return self._message(world, params, extra=extra)
            case name if name in EDITS:
                if "inline_message_id" in params:
                    return True
                return self._message(world, params, message_id=int(params["message_id"]))
            case "approveChatJoinRequest" | "banChatMember" | "unbanChatMember":
                world.carry_out(call)
                return True
            case "copyMessages" | "forwardMessages":
                return [{"message_id": next(self._message_ids)} for _ in params["message_ids"]]
            case _:
                return True  # member actions, deletions, callback answers, menus, webhooks

    def _message(self, world: Telegram, params: Json, *, message_id: int | None = None,
                 extra: Json | None = None) -> Json:
        chat_id = int(params["chat_id"])
        data: Json = {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "date": world.timestamp(), "chat": world.chat_json(chat_id), "from": world.me.json(),
            **(extra or {}),
        }
        if "text" in params:
            data["text"] = params["text"]
        if "caption" in params:
            data["caption"] = params["caption"]
        if params.get("reply_markup", {}).get("inline_keyboard"):
            data["reply_markup"] = params["reply_markup"]
        return data

    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
                             chunk_size: int = 65536, raise_for_status: bool = True
                             ) -> AsyncGenerator[bytes, None]:
        yield b""


def _photo() -> list[Json]:
    return [{"file_id": "photo", "file_unique_id": "photo", "width": 90, "height": 90}]


def _plain(value: Any, bot: Bot) -> Any:
    """A method's parameter as it goes over the wire: defaults resolved, objects as JSON."""
    if isinstance(value, Default):
        return _plain(bot.default[value.name], bot)
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(warnings=False), bot)
    if isinstance(value, dict):  # what is None is not sent
        plain = {k: _plain(v, bot) for k, v in value.items()}
        return {k: v for k, v in plain.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v, bot) for v in value]
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes | str | int | float | bool) or value is None:
        return value
    if isinstance(value, BufferedInputFile):  # an upload: its name and bytes, for the test to read
        return {"filename": value.filename, "data": value.data}
    return repr(value)  # another kind of input file: named, not read


class Telegram:
    """The people, groups and update numbering of one test, and the JSON Telegram sends."""

    def __init__(self, now: Callable[[], datetime], *, bot_id: int, bot_username: str) -> None:
        self.now = now
        self.me = Person(bot_id, "Delibot", username=bot_username, is_bot=True, language_code=None)
        self.people: dict[int, Person] = {}
        self.groups: dict[int, Group] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(101)
        self._user_ids = itertools.count(7_000_001)
        self._callback_ids = itertools.count(1)

    def timestamp(self) -> int:
        return int(self.now().timestamp())

    # the world

    def person(self, first_name: str, last_name: str | None = None, *, user_id: int | None = None,
               language_code: str | None = "zh-hans", username: str | None = None) -> Person:
        person = Person(user_id if user_id is not None else next(self._user_ids), first_name, last_name,
                        language_code, username)
        self.people[person.id] = person
        return person

    def group(self, chat_id: int, title: str) -> Group:
        group = self.groups[chat_id] = Group(chat_id, title)
        return group

    def carry_out(self, call: Call) -> None:
        """What a member action changes in the group, so that later answers (getChatMember,
        getChatMemberCount) follow it; the chat_member updates Telegram would send are the test's."""
        group = self.groups.get(int(call["chat_id"]))
        if group is None:
            return
        user_id = int(call["user_id"])
        if call.method == "approveChatJoinRequest":
            group.statuses[user_id] = "member"
        elif call.method == "banChatMember":
            group.statuses[user_id] = "kicked"
        elif group.statuses.get(user_id) == "kicked" or not call.get("only_if_banned"):
            group.statuses[user_id] = "left"

    def member_json(self, chat_id: int, user_id: int) -> Json:
        if user_id == self.me.id:
            group = self.groups.get(chat_id)
            rights = group.bot_rights if group is not None else dict.fromkeys(ADMIN_RIGHTS, True)
            return {"status": "administrator", "user": self.me.json(), "can_be_edited": False,
                    "is_anonymous": False, **{r: bool(rights.get(r)) for r in ADMIN_RIGHTS}}
        person = self.people.get(user_id) or Person(user_id, str(user_id))
        group = self.groups.get(chat_id)
        status = "member"
        if group is not None:
            if user_id == group.creator:
                status = "creator"
            elif user_id in group.admins:
                status = "administrator"
            else:
                status = group.statuses.get(user_id, "member")
        data: Json = {"status": status, "user": person.json()}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data.update({"can_be_edited": False, "is_anonymous": False},
                        **{r: r != "can_promote_members" for r in ADMIN_RIGHTS})
        elif status == "restricted":
            data.update({"is_member": True, "until_date": 0}, **dict.fromkeys(DEFAULT_PERMISSIONS, False))
        elif status == "kicked":
            data["until_date"] = 0
        return data

    def chat_json(self, chat_id: int) -> Json:
        if chat_id in self.groups:
            return self.groups[chat_id].json()
        if chat_id > 0:
            person = self.people.get(chat_id) or Person(chat_id, str(chat_id))
            data: Json = {"id": chat_id, "type": "private", "first_name": person.first_name}
            if person.last_name:
                data["last_name"] = person.last_name
            return data
        return {"id": chat_id, "type": "supergroup", "title": str(chat_id)}

    def full_chat_json(self, chat_id: int) -> Json:
        data = {**self.chat_json(chat_id), "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                        "unique_gifts": False, "premium_subscription": False,
                                        "gifts_from_channels": False}}
        if chat_id in self.groups:
            data["permissions"] = dict(self.groups[chat_id].permissions)
        return data

    # updates

    def update(self, **payload: Any) -> Update:
        return Update.model_validate({"update_id": next(self._update_ids), **payload})

    def message_json(self, chat_id: int, sender: Person, text: str | None = None, *,
                     reply_to: Json | None = None, caption: str | None = None, **extra: Any) -> Json:
        data: Json = {"message_id": next(self._message_ids), "date": self.timestamp(),
                      "chat": self.chat_json(chat_id), "from": sender.json(), **extra}
        if text is not None:
            data["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                data["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if caption is not None:
            data["caption"] = caption
            data["photo"] = _photo()
        if reply_to is not None:
            data["reply_to_message"] = reply_to
        return data

    def says(self, chat_id: int, sender: Person, text: str | None = None, *,
             reply_to: Update | Json | None = None, **extra: Any) -> Update:
        """A message ``sender`` posts in ``chat_id`` (a group, or their private chat with the bot)."""
        replied: Json | None
        if isinstance(reply_to, Update):
            assert reply_to.message is not None, "a reply is to a message"
            replied = reply_to.message.model_dump(mode="json", exclude_none=True, by_alias=True)
        else:
            replied = reply_to
        return self.update(message=self.message_json(chat_id, sender, text, reply_to=replied, **extra))

    def writes(self, sender: Person, text: str) -> Update:
        """A message in ``sender``'s private chat with the bot."""
        return self.says(sender.id, sender, text)

    def edits(self, original: Update, text: str) -> Update:
        assert original.message is not None
        data = original.message.model_dump(mode="json", exclude_none=True, by_alias=True)
        data.update(text=text, edit_date=self.timestamp())
        return self.update(edited_message=data)

    def presses(self, sender: Person, message: Call, data: str) -> Update:
        """``sender`` presses the button carrying ``data`` under a message the bot sent."""
        assert isinstance(message.result, dict), f"{message.method} sent no message"
        return self.update(callback_query={
            "id": str(next(self._callback_ids)), "from": sender.json(), "chat_instance": "1",
            "message": message.result, "data": data,
        })

    def joins(self, chat_id: int, person: Person, *, old: str = "left", new: str = "member") -> Update:
        """The ``chat_member`` update of ``person`` joining (or any other change of status)."""
        self.groups[chat_id].statuses[person.id] = new
        return self.update(chat_member=self._member_change(chat_id, person, old, new))

    def leaves(self, chat_id: int, person: Person) -> Update:
        return self.joins(chat_id, person, old="member", new="left")

    def joined_message(self, chat_id: int, person: Person) -> Update:
        """The service message Telegram posts when ``person`` joins."""
        self.groups[chat_id].statuses[person.id] = "member"
        return self.update(message=self.message_json(chat_id, person, new_chat_members=[person.json()]))

    def bot_status(self, chat_id: int, new: str, *, old: str = "left", by: Person | None = None,
                   title: str = "") -> Update:
        """The ``my_chat_member`` update: the bot added to a group, promoted, demoted, removed."""
        chat = self.chat_json(chat_id) if chat_id in self.groups else {
            "id": chat_id, "type": "supergroup", "title": title or str(chat_id)}
        actor = by or self.person("某人")
        return self.update(my_chat_member={
            "chat": chat, "from": actor.json(), "date": self.timestamp(),
            "old_chat_member": self._bot_member(chat_id, old),
            "new_chat_member": self._bot_member(chat_id, new),
        })

    def _bot_member(self, chat_id: int, status: str) -> Json:
        if status == "administrator":
            return self.member_json(chat_id, self.me.id)
        data: Json = {"status": status, "user": self.me.json()}
        if status == "restricted":
            data.update({"is_member": True, "until_date": 0}, **dict.fromkeys(DEFAULT_PERMISSIONS, False))
        if status == "kicked":
            data["until_date"] = 0
        return data

    def asks_to_join(self, chat_id: int, person: Person) -> Update:
        return self.update(chat_join_request={
            "chat": self.chat_json(chat_id), "from": person.json(), "user_chat_id": person.id,
            "date": self.timestamp(),
        })

    def _member_change(self, chat_id: int, person: Person, old: str, new: str) -> Json:
        def member(status: str) -> Json:
            data: Json = {"status": status, "user": person.json()}
            if status == "restricted":
                data.update({"is_member": True, "until_date": 0}, **dict.fromkeys(DEFAULT_PERMISSIONS, False))
            if status == "kicked":
                data["until_date"] = 0
            return data

        return {"chat": self.chat_json(chat_id), "from": person.json(), "date": self.timestamp(),
                "old_chat_member": member(old), "new_chat_member": member(new)}
