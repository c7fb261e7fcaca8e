"""What people do in the emulated Telegram: build the world, then join, post, press and leave.

World building (``add_user``, ``create_group``, ``add_member``) sends no updates: it is the state the
bot finds when it starts. Actions send exactly the updates Telegram would, and refuse (EmulatorError)
what Telegram's clients would not let a person do, such as a read-only member posting.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from emulator import events
from emulator.payloads import chat_json, message_json, poll_json, user_json
from emulator.records import EmulatorError
from emulator.state import ADMIN_RIGHTS, Callback, Chat, Member, User, World
from emulator.text import find_entities


class WorldActions:
    world: World
    _monotonic: Callable[[], float]
    _user_ids: itertools.count[int]
    _callback_ids: itertools.count[int]

    # -- world building ------------------------------------------------------------------------------
    def add_user(self, first_name: str, last_name: str | None = None, username: str | None = None,
                 is_bot: bool = False, language_code: str | None = "zh", *,
                 user_id: int | None = None, started: bool = False) -> int:
        """A Telegram user; ``started`` if they pressed Start with the bot before (no update is sent).

        Re-adding an existing id defines that person afresh (name, language and started state).
        """
        uid = user_id if user_id is not None else next(self._user_ids)
        while user_id is None and uid in self.world.users:
            uid = next(self._user_ids)
        self.world.users[uid] = User(uid, first_name, last_name, username, is_bot, language_code,
                                     opened_private=started)
        self.world.presumed.pop(uid, None)
        return uid

    def presume_people(self, user_ids: Iterable[int], *, unstarted: Iterable[int] = ()) -> None:
        """People who exist without being defined here: they appear, as ``用户<id>``, once the bot
        addresses them, started unless in ``unstarted``. ``add_user`` with their id defines them
        properly and drops the presumption; people already defined are left as they are.
        """
        never = set(unstarted)
        for uid in user_ids:
            if uid not in self.world.users:
                self.world.presumed[uid] = uid not in never

    def start_bot(self, user_id: int) -> None:
        """The user pressed Start at some earlier time: the bot may write to them (no update now).

        Use ``private(user_id, "/start")`` instead when the bot should see the /start message.
        """
        user = self._user(user_id)
        user.opened_private, user.blocked = True, False

    def has_started(self, user_id: int) -> bool:
        """Whether the bot may write to this user now (started and not blocked)."""
        user = self._user(user_id)
        return user.opened_private and not user.blocked

    def create_group(self, chat_id: int, title: str, bot_rights: dict[str, bool] | None = None, *,
                     bot_status: str = "administrator", type: str = "supergroup",
                     permissions: dict[str, bool] | None = None, creator: int | None = None) -> int:
        chat = Chat(chat_id, type, title)
        if permissions is not None:
            chat.permissions.update(permissions)
        self.world.chats[chat_id] = chat
        if creator is not None:
            chat.members[creator] = Member(creator, "creator", is_member=True)
        bot = self.world.bot.id
        if bot_status == "administrator":
            chat.members[bot] = Member(bot, "administrator", rights=_rights(None, bot_rights), is_member=True)
        elif bot_status in {"member", "left", "kicked"}:
            chat.members[bot] = Member(bot, bot_status, is_member=bot_status == "member")
        else:
            raise EmulatorError(f"unknown bot_status {bot_status!r}")
        return chat_id

    def add_member(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """A member who was already there before the bot started: no update."""
        self._chat(chat_id).members[user_id] = Member(user_id, status, is_member=True)

    def set_bot_rights(self, chat_id: int, *, status: str = "administrator", **rights: bool) -> None:
        """Promote, demote, add or remove the bot (``status``), producing ``my_chat_member``."""
        chat = self._chat(chat_id)
        old = self.world.bot_member(chat)
        base = old.rights if old.status == "administrator" else None
        new = Member(self.world.bot.id, status, is_member=status not in {"left", "kicked"},
                     rights=_rights(base, rights) if status == "administrator" else {})
        actor = self._chat_owner(chat)
        if not old.present and new.present:
            events.joined(self.world, chat, self.world.bot.id, actor, becomes=new)
        else:
            events.change_member(self.world, chat, new, actor)

    def make_admin(self, chat_id: int, user_id: int, creator: bool = False, **rights: bool) -> None:
        chat = self._chat(chat_id)
        status = "creator" if creator else "administrator"
        granted = {} if creator else _rights(None, {"can_promote_members": False, **rights})
        new = Member(user_id, status, rights=granted, is_member=True)
        events.change_member(self.world, chat, new, self._chat_owner(chat) if not creator else user_id)

    def rename(self, user_id: int, first_name: str, last_name: str | None = None, *,
               username: str | None = None) -> None:
        user = self._user(user_id)
        user.first_name, user.last_name = first_name, last_name
        if username is not None:
            user.username = username or None

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: sends answer 403 "bot was blocked by the user" (my_chat_member)."""
        self._set_blocked(self._user(user_id), True)

    def unblock_bot(self, user_id: int) -> None:
        self._set_blocked(self._user(user_id), False)

    # -- actions ---------------------------------------------------------------------------------------
    def join(self, chat_id: int, user_id: int) -> int:
        chat, member = self._chat(chat_id), self.world.member(self._chat(chat_id), self._user(user_id).id)
        if member.status == "kicked":
            raise EmulatorError(f"user {user_id} is banned from chat {chat_id}")
        if member.present:
            raise EmulatorError(f"user {user_id} is already in chat {chat_id}")
        return events.joined(self.world, chat, user_id, user_id).message_id

    def leave(self, chat_id: int, user_id: int) -> int:
        chat = self._chat(chat_id)
        member = self.world.member(chat, self._user(user_id).id)
        if not member.present:
            raise EmulatorError(f"user {user_id} is not in chat {chat_id}")
        message = events.removed(self.world, chat, Member(user_id, "left"), user_id)
        assert message is not None
        return message.message_id

    def post(self, chat_id: int, user_id: int, text: str, reply_to: int | None = None) -> int:
        if chat_id == user_id:
            return self.private(user_id, text, reply_to=reply_to)
        chat = self._chat(chat_id)
        member = self.world.member(chat, self._user(user_id).id)
        if not member.present:
            raise EmulatorError(f"user {user_id} is {member.status} in chat {chat_id} and cannot post")
        may_send = member.permissions.get("can_send_messages", False) if member.status == "restricted" else (
            member.is_admin or chat.permissions.get("can_send_messages", True))
        if not may_send:
            raise EmulatorError(f"user {user_id} is read-only in chat {chat_id}")
        return self._say(chat, user_id, text, reply_to)

    def private(self, user_id: int, text: str, reply_to: int | None = None) -> int:
        """A message from the user in their private chat with the bot; it opens that chat."""
        user = self._user(user_id)
        user.opened_private = True
        if user.blocked:
            self._set_blocked(user, False)
        return self._say(self.world.chat(user_id), user_id, text, reply_to)

    def edit(self, chat_id: int, message_id: int, new_text: str) -> None:
        message = self._chat(chat_id).messages.get(message_id)
        if message is None or message.deleted or message.kind != "text" or (
                message.from_id == self.world.bot.id):
            raise EmulatorError(f"no message {message_id} by a person in chat {chat_id} to edit")
        message.text, message.entities, message.edit_date = new_text, find_entities(new_text), self.world.ts()
        events.emit_message(self.world, message, edited=True)

    def delete_by_user(self, chat_id: int, message_id: int) -> None:
        message = self._chat(chat_id).messages.get(message_id)
        if message is None or message.deleted:
            raise EmulatorError(f"no message {message_id} in chat {chat_id} to delete")
        message.deleted = True  # Telegram tells bots nothing about deletions

    def press(self, chat_id: int, user_id: int, message_id: int, data: str | None = None,
              text: str | None = None) -> str:
        """Press the inline button whose callback_data is ``data`` (or whose label is ``text``)."""
        chat, user = self._chat(chat_id), self._user(user_id)
        message = chat.messages.get(message_id)
        if message is None or message.deleted or not message.reply_markup:
            raise EmulatorError(f"message {message_id} in chat {chat_id} has no inline keyboard")
        if not chat.is_private and not self.world.member(chat, user_id).present:
            raise EmulatorError(f"user {user_id} cannot see chat {chat_id}")
        buttons = [b for row in message.reply_markup["inline_keyboard"] for b in row]
        found = [b for b in buttons
                 if "callback_data" in b and (b["callback_data"] == data or b["text"] == text)]
        if not found or (data is None and text is None):
            labels = [(b["text"], b.get("callback_data")) for b in buttons]
            raise EmulatorError(f"no button data={data!r} text={text!r} on message {message_id}: {labels}")
        cbid = str(10**15 + next(self._callback_ids))
        pressed = found[0]["callback_data"]
        self.world.callbacks[cbid] = Callback(cbid, chat.id, message_id, user_id, pressed, self._monotonic())
        self.world.updates.push("callback_query", {
            "id": cbid, "from": user_json(user), "message": message_json(self.world, message),
            "chat_instance": str(abs(chat.id) * 31 + self.world.bot.id), "data": pressed})
        return cbid

    def vote(self, chat_id: int, user_id: int, message_id: int, *option_ids: int) -> None:
        """Vote in the poll of ``message_id`` (no options: retract); the bot hears a ``poll`` update."""
        chat = self._chat(chat_id)
        message = chat.messages.get(message_id)
        poll = self.world.polls.get(message.poll_id or "") if message is not None else None
        if poll is None or message is None or message.deleted:
            raise EmulatorError(f"message {message_id} in chat {chat_id} has no poll")
        if poll.closed:
            raise EmulatorError(f"the poll of message {message_id} is closed")
        if not self.world.member(chat, self._user(user_id).id).present:
            raise EmulatorError(f"user {user_id} cannot see chat {chat_id}")
        chosen = sorted(set(option_ids))
        if any(not 0 <= o < len(poll.options) for o in chosen) or (
                len(chosen) > 1 and not poll.allows_multiple_answers):
            raise EmulatorError(f"options {option_ids} cannot be chosen in poll {poll.id}")
        if chosen:
            poll.votes[user_id] = chosen
        else:
            poll.votes.pop(user_id, None)
        self.world.updates.push("poll", poll_json(poll))

    def react(self, chat_id: int, user_id: int, message_id: int, *emoji: str) -> None:
        """Set the user's reaction to a message (none: remove it): ``message_reaction``, which an
        administrator bot gets when it asked for it in ``allowed_updates``."""
        chat, user = self._chat(chat_id), self._user(user_id)
        message = chat.messages.get(message_id)
        if message is None or message.deleted or message.kind == "service":
            raise EmulatorError(f"no message {message_id} in chat {chat_id} to react to")
        if not chat.is_private and not self.world.member(chat, user_id).present:
            raise EmulatorError(f"user {user_id} cannot see chat {chat_id}")
        old = message.reactions.get(user_id, [])
        new = list(dict.fromkeys(emoji))
        if new:
            message.reactions[user_id] = new
        else:
            message.reactions.pop(user_id, None)
        if old == new or (not chat.is_private and not self.world.bot_member(chat).is_admin):
            return
        self.world.updates.push("message_reaction", {
            "chat": chat_json(self.world, chat), "message_id": message_id, "user": user_json(user),
            "date": self.world.ts(), "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
            "new_reaction": [{"type": "emoji", "emoji": e} for e in new]})

    def request_join(self, chat_id: int, user_id: int) -> None:
        chat, user = self._chat(chat_id), self._user(user_id)
        if self.world.member(chat, user_id).present:
            raise EmulatorError(f"user {user_id} is already in chat {chat_id}")
        chat.join_requests[user_id] = self.world.ts()
        if self.world.bot_member(chat).can("can_invite_users"):
            self.world.updates.push("chat_join_request", {
                "chat": chat_json(self.world, chat), "from": user_json(user), "user_chat_id": user_id,
                "date": self.world.ts()})

    # -- helpers -------------------------------------------------------------------------------------
    def _say(self, chat: Chat, user_id: int, text: str, reply_to: int | None) -> int:
        if reply_to is not None and reply_to not in chat.messages:
            raise EmulatorError(f"no message {reply_to} in chat {chat.id} to reply to")
        message = self.world.add_message(chat, user_id, text=text, entities=find_entities(text),
                                         reply_to=reply_to)
        events.emit_message(self.world, message)
        return message.message_id

    def _set_blocked(self, user: User, blocked: bool) -> None:
        if user.blocked == blocked:
            return
        user.blocked = blocked
        chat = self.world.chat(user.id)
        bot = self.world.bot.id
        chat.members.setdefault(bot, Member(bot, "member", is_member=True))
        new = Member(bot, "kicked", is_member=False) if blocked else Member(bot, "member", is_member=True)
        events.change_member(self.world, chat, new, user.id)

    def _chat(self, chat_id: int) -> Chat:
        chat = self.world.chats.get(chat_id)
        if chat is None:
            raise EmulatorError(f"no chat {chat_id}; create_group() first")
        return chat

    def _user(self, user_id: int) -> User:
        if user_id not in self.world.users and user_id in self.world.presumed:
            self.world.chat(user_id)  # a presumed person can act before anyone defined them
        user = self.world.users.get(user_id)
        if user is None:
            raise EmulatorError(f"no user {user_id}; add_user() first")
        return user

    def _chat_owner(self, chat: Chat) -> int:
        owners = [uid for uid, m in chat.members.items() if m.status == "creator"]
        return owners[0] if owners else self.world.bot.id


def _rights(base: dict[str, bool] | None, overrides: dict[str, bool] | None) -> dict[str, bool]:
    rights = dict(base) if base is not None else dict.fromkeys(ADMIN_RIGHTS, True)
    unknown = set(overrides or {}) - set(ADMIN_RIGHTS)
    if unknown:
        raise EmulatorError(f"unknown administrator rights: {sorted(unknown)}")
    rights.update(overrides or {})
    return rights

