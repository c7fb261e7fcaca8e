"""Bot API JSON for users, chats, members and messages, shaped so aiogram parses it unchanged.

Payloads are built when an update is queued, so a later rename does not rewrite history, while
getChatMember always shows the user's current name, as Telegram does.
"""

from __future__ import annotations

from typing import Any

from emulator.state import ADMIN_RIGHTS, PERMISSIONS, Chat, Member, Message, Poll, User, World

Json = dict[str, Any]


def user_json(user: User, *, me: bool = False, privacy_mode: bool = True) -> Json:
    data: Json = {"id": user.id, "is_bot": user.is_bot, "first_name": user.first_name}
    if user.last_name:
        data["last_name"] = user.last_name
    if user.username:
        data["username"] = user.username
    if user.language_code and not user.is_bot:
        data["language_code"] = user.language_code
    if me:
        data.update(can_join_groups=True, can_read_all_group_messages=not privacy_mode,
                    supports_inline_queries=False, can_connect_to_business=False, has_main_web_app=False)
    return data


def chat_json(world: World, chat: Chat) -> Json:
    if chat.is_private:
        user = world.users[chat.id]
        data: Json = {"id": chat.id, "type": "private", "first_name": user.first_name}
        if user.last_name:
            data["last_name"] = user.last_name
        if user.username:
            data["username"] = user.username
        return data
    return {"id": chat.id, "type": chat.type, "title": chat.title or ""}


def member_json(world: World, member: Member) -> Json:
    data: Json = {"status": member.status, "user": user_json(world.users[member.user_id])}
    if member.status == "creator":
        data["is_anonymous"] = False
    elif member.status == "administrator":
        data.update(can_be_edited=False, is_anonymous=False)
        data.update({right: member.rights.get(right, False) for right in ADMIN_RIGHTS})
    elif member.status == "restricted":
        data["is_member"] = member.is_member
        data.update({p: member.permissions.get(p, False) for p in PERMISSIONS})
        data["until_date"] = member.until_date
    elif member.status == "kicked":
        data["until_date"] = member.until_date
    if member.tag and member.status in {"member", "restricted"}:
        data["tag"] = member.tag
    return data


def message_json(world: World, message: Message, *, nested: bool = True) -> Json:
    chat = world.chats[message.chat_id]
    data: Json = {
        "message_id": message.message_id,
        "from": user_json(world.users[message.from_id]),
        "chat": chat_json(world, chat),
        "date": message.date,
    }
    if message.kind == "text":
        data["text"] = message.text
        if message.entities:
            data["entities"] = _with_users(world, message.entities)
    elif message.kind in {"photo", "document"}:
        data.update(_media_json(message))
        if message.text:
            data["caption"] = message.text
        if message.entities:
            data["caption_entities"] = _with_users(world, message.entities)
    elif message.kind == "poll" and message.poll_id in world.polls:
        data["poll"] = poll_json(world.polls[message.poll_id])
    data.update(message.service)
    if message.edit_date is not None:
        data["edit_date"] = message.edit_date
    if message.reply_markup:
        data["reply_markup"] = message.reply_markup
    if nested and message.reply_to is not None:
        replied = chat.messages.get(message.reply_to)
        if replied is not None and not replied.deleted:
            data["reply_to_message"] = message_json(world, replied, nested=False)
    return data


def poll_json(poll: Poll) -> Json:
    counts = poll.counts()
    return {
        "id": poll.id, "question": poll.question,
        "options": [{"persistent_id": str(i), "text": text, "voter_count": counts[i]}
                    for i, text in enumerate(poll.options)],
        "total_voter_count": len(poll.votes), "is_closed": poll.closed, "is_anonymous": poll.is_anonymous,
        "type": "regular", "allows_multiple_answers": poll.allows_multiple_answers, "allows_revoting": True,
        "members_only": False,
    }


def _with_users(world: World, entities: list[Json]) -> list[Json]:
    out = []
    for entity in entities:
        user = entity.get("user")
        if user is not None:
            known = world.users.get(user["id"])
            entity = {**entity, "user": user_json(known) if known else {**user, "is_bot": False,
                                                                          "first_name": str(user["id"])}}
        out.append(entity)
    return out


def _media_json(message: Message) -> Json:
    upload = message.upload
    size = upload.size if upload else 0
    file_id = f"emu-{message.chat_id}-{message.message_id}"
    if message.kind == "photo":
        width, height = _png_size(upload.data if upload else b"")
        return {"photo": [{"file_id": file_id, "file_unique_id": file_id, "width": width, "height": height,
                           "file_size": size}]}
    document: Json = {"file_id": file_id, "file_unique_id": file_id, "file_size": size}
    if upload and upload.filename:
        document["file_name"] = upload.filename
    if upload and upload.content_type:
        document["mime_type"] = upload.content_type
    return {"document": document}


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 0, 0


def full_chat_json(world: World, chat: Chat) -> Json:
    data = chat_json(world, chat)
    data.update(accent_color_id=0, max_reaction_count=11, accepted_gift_types={
        "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
        "premium_subscription": False, "gifts_from_channels": False})
    if not chat.is_private:
        data["permissions"] = dict(chat.permissions)
    return data
