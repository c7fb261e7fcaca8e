"""The emulated world: users, chats with their members and messages, kept like a real group.

Membership follows the Bot API statuses (creator, administrator, member, restricted, left, kicked);
timed restrictions and bans lapse on their own when the injected clock passes ``until_date``, as in
Telegram, where nobody has to lift them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from emulator.records import Upload, bad_request
from emulator.updates import UpdateQueue

ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
    "can_delete_stories", "can_send_welcome_messages", "can_pin_messages", "can_manage_topics",
    "can_manage_tags",
)
PERMISSIONS = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
    "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
    "can_add_web_page_previews", "can_react_to_messages", "can_edit_tag", "can_change_info",
    "can_invite_users", "can_pin_messages", "can_manage_topics",
)
# A new supergroup lets members send everything and invite, but not change info, pin or manage topics.
DEFAULT_CHAT_PERMISSIONS = {p: p not in {"can_change_info", "can_pin_messages", "can_manage_topics"}
                            for p in PERMISSIONS}
PRESENT = frozenset({"creator", "administrator", "member"})


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    is_bot: bool = False
    language_code: str | None = None
    opened_private: bool = False
    blocked: bool = False


@dataclass(frozen=True)
class Member:
    user_id: int
    status: str = "left"
    rights: dict[str, bool] = field(default_factory=dict)
    permissions: dict[str, bool] = field(default_factory=dict)
    until_date: int = 0
    is_member: bool = False
    tag: str | None = None

    @property
    def present(self) -> bool:
        return self.status in PRESENT or (self.status == "restricted" and self.is_member)

    @property
    def is_admin(self) -> bool:
        return self.status in {"creator", "administrator"}

    def can(self, right: str) -> bool:
        return self.status == "creator" or (self.status == "administrator" and self.rights.get(right, False))


@dataclass
class Message:
    chat_id: int
    message_id: int
    from_id: int
    date: int
    text: str = ""
    html: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_to: int | None = None
    reply_markup: dict[str, Any] | None = None
    kind: str = "text"  # text | photo | document | service
    service: dict[str, Any] = field(default_factory=dict)
    upload: Upload | None = None
    mentions: tuple[int, ...] = ()
    edit_date: int | None = None
    deleted: bool = False
    seq: int = 0
    poll_id: str | None = None  # kind "poll": the poll in World.polls
    reactions: dict[int, list[str]] = field(default_factory=dict)  # user id -> emoji


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    members: dict[int, Member] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    permissions: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_CHAT_PERMISSIONS))
    join_requests: dict[int, int] = field(default_factory=dict)
    next_message_id: int = 1
    pinned: list[int] = field(default_factory=list)  # message ids, the latest pinned last

    @property
    def is_private(self) -> bool:
        return self.type == "private"


@dataclass
class Poll:
    id: str
    chat_id: int
    message_id: int
    question: str
    options: list[str]
    is_anonymous: bool = True
    allows_multiple_answers: bool = False
    votes: dict[int, list[int]] = field(default_factory=dict)  # user id -> chosen option ids
    closed: bool = False

    def counts(self) -> list[int]:
        counts = [0] * len(self.options)
        for chosen in self.votes.values():
            for option in chosen:
                counts[option] += 1
        return counts


@dataclass
class Callback:
    id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str | None
    created: float
    answers: list[dict[str, Any]] = field(default_factory=list)


class World:
    def __init__(self, bot: User, clock: Callable[[], datetime], privacy_mode: bool) -> None:
        self.bot = bot
        self.clock = clock
        self.privacy_mode = privacy_mode
        self.users: dict[int, User] = {bot.id: bot}
        self.chats: dict[int, Chat] = {}
        self.updates = UpdateQueue()
        self.callbacks: dict[str, Callback] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}  # chat id (None: the default)
        self.sent_by_bot: list[Message] = []
        self.polls: dict[str, Poll] = {}
        # People known to exist though nobody defined them yet (id -> pressed Start): the harness's
        # configured moderators and officials. The first time the bot addresses one, they appear.
        self.presumed: dict[int, bool] = {}
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        """One order for everything that happens: messages in any chat and the bot's calls."""
        return next(self._seq)

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    def ts(self) -> int:
        return int(self.now().timestamp())

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise bad_request("user not found") from None

    def chat(self, chat_id: int) -> Chat:
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id > 0 and chat_id not in self.users and chat_id in self.presumed:
            self.users[chat_id] = User(chat_id, f"用户{chat_id}", language_code="zh",
                                       opened_private=self.presumed[chat_id])
        if chat_id > 0 and chat_id in self.users:
            return self.chats.setdefault(chat_id, Chat(chat_id, "private"))
        raise bad_request("chat not found")

    def member(self, chat: Chat, user_id: int) -> Member:
        """The member as Telegram sees them now: a lapsed restriction or ban is already lifted."""
        member = chat.members.get(user_id) or Member(user_id)
        if member.until_date and member.until_date <= self.ts():
            if member.status == "restricted":
                member = replace(member, status="member" if member.is_member else "left", permissions={},
                                 until_date=0)
            elif member.status == "kicked":
                member = replace(member, status="left", until_date=0)
            chat.members[user_id] = member
        return member

    def bot_member(self, chat: Chat) -> Member:
        return self.member(chat, self.bot.id)

    def add_message(self, chat: Chat, from_id: int, **fields: Any) -> Message:
        message = Message(chat.id, chat.next_message_id, from_id, self.ts(), seq=self.next_seq(), **fields)
        chat.messages[message.message_id] = message
        chat.next_message_id += 1
        if from_id == self.bot.id and message.kind != "service":
            self.sent_by_bot.append(message)
        return message

