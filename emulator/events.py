"""Who gets told what: the updates Telegram would send the bot for a change in a chat.

A bot hears nothing from a chat it is not in; ``chat_member`` updates and join requests reach only an
administrator bot (with ``can_invite_users`` for requests); with privacy mode on, a bot that is not an
administrator sees only commands, replies to it, mentions of it and service messages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from emulator.payloads import chat_json, member_json, message_json, user_json
from emulator.state import Chat, Member, Message, World


def _bot_hears(world: World, chat: Chat) -> bool:
    return chat.is_private or world.bot_member(chat).present


def _privacy_lets_through(world: World, chat: Chat, message: Message) -> bool:
    if chat.is_private or not world.privacy_mode or world.bot_member(chat).is_admin:
        return True
    if message.kind == "service" or any(e["type"] == "bot_command" for e in message.entities):
        return True
    replied = chat.messages.get(message.reply_to) if message.reply_to else None
    if replied is not None and replied.from_id == world.bot.id:
        return True
    return f"@{world.bot.username}".lower() in message.text.lower()


def emit_message(world: World, message: Message, *, edited: bool = False) -> None:
    chat = world.chats[message.chat_id]
    if not _bot_hears(world, chat) or not _privacy_lets_through(world, chat, message):
        return
    world.updates.push("edited_message" if edited else "message", message_json(world, message))


def change_member(world: World, chat: Chat, new: Member, actor_id: int, **extra: Any) -> Member:
    """Store the new membership and tell the bot, as ``my_chat_member`` when it is about itself."""
    old = world.member(chat, new.user_id)
    chat.members[new.user_id] = new
    about_bot = new.user_id == world.bot.id
    old_json, new_json = member_json(world, old), member_json(world, new)
    if old_json == new_json:
        return old
    if not about_bot and not world.bot_member(chat).is_admin:
        return old
    payload = {"chat": chat_json(world, chat), "from": user_json(world.users[actor_id]), "date": world.ts(),
               "old_chat_member": old_json, "new_chat_member": new_json, **extra}
    world.updates.push("my_chat_member" if about_bot else "chat_member", payload)
    return old


def joined(world: World, chat: Chat, user_id: int, actor_id: int, *, author_id: int | None = None,
           becomes: Member | None = None, **extra: Any) -> Message:
    """A join shows up twice, as Telegram sends it: a service message and a ``chat_member`` update.

    ``actor_id`` performed the change (the user joining by link, or the admin who approved or added
    them); ``author_id`` is who the service message is from (the user, unless someone added them).
    """
    old = world.member(chat, user_id)
    if becomes is not None:
        new = becomes
    elif old.status == "restricted":
        new = replace(old, is_member=True)
    else:
        new = replace(old, status="member", is_member=True, until_date=0, permissions={})
    message = world.add_message(chat, author_id or actor_id, kind="service",
                                service={"new_chat_members": [user_json(world.users[user_id])]})
    if user_id == world.bot.id:  # the bot hears about its own arrival only once it is in
        change_member(world, chat, new, actor_id, **extra)
        emit_message(world, message)
    else:
        emit_message(world, message)
        change_member(world, chat, new, actor_id, **extra)
    return message


def removed(world: World, chat: Chat, new: Member, actor_id: int) -> Message | None:
    """Leaving or being removed: a ``left_chat_member`` service message and a ``chat_member`` update."""
    was_present = world.member(chat, new.user_id).present
    message = None
    if was_present:
        message = world.add_message(chat, actor_id, kind="service",
                                    service={"left_chat_member": user_json(world.users[new.user_id])})
        if new.user_id != world.bot.id:
            emit_message(world, message)
    change_member(world, chat, new, actor_id)
    return message
