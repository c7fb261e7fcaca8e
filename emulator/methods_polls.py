"""Polls, pinned messages and reactions: what a consultation needs of Telegram.

Telegram's limits are kept: a poll question of 1-300 characters, 2-10 options of 1-100 characters
each; pinning and unpinning need ``can_pin_messages``; a bot sets at most one reaction, from the
standard emoji. A stopped poll, like every change of a poll the bot sent, reaches the bot as a
``poll`` update.
"""

from __future__ import annotations

import itertools
from typing import Any

from emulator.methods import Context, Params, group_of, method
from emulator.methods_messages import _admit, _destination, _own_message, _reply_to
from emulator.payloads import message_json, poll_json
from emulator.records import bad_request
from emulator.state import Chat, Poll

QUESTION_LIMIT, OPTION_LIMIT, OPTIONS = 300, 100, (2, 10)
# the reactions any chat allows (Bot API ReactionTypeEmoji)
REACTIONS = frozenset((
    "👍", "👎", "❤", "🔥", "🥰", "👏", "😁", "🤔", "🤯", "😱", "🤬", "😢", "🎉", "🤩", "🤮", "💩", "🙏", "👌",
    "🕊", "🤡", "🥱", "🥴", "😍", "🐳", "❤\u200d🔥", "🌚", "🌭", "💯", "🤣", "⚡", "🍌", "🏆", "💔", "🤨",
    "😐", "🍓", "🍾", "💋", "🖕", "😈", "😴", "😭", "🤓", "👻", "👨\u200d💻", "👀", "🎃", "🙈", "😇", "😨",
    "🤝", "✍", "🤗", "🫡", "🎅", "🎄", "☃", "💅", "🤪", "🗿", "🆒", "💘", "🙉", "🦄", "😘", "💊", "🙊", "😎",
    "👾", "🤷\u200d♂", "🤷", "🤷\u200d♀", "😡",
))
_POLL_IDS = itertools.count(5_000_000_000_000_000_001)


def _option_text(option: Any) -> str:
    return str(option.get("text", "")) if isinstance(option, dict) else str(option)


@method("sendPoll")
def send_poll(ctx: Context, p: Params) -> Any:
    chat = _destination(ctx, p, "poll")
    question = str(p.get("question", "")).strip()
    if not question:
        raise bad_request("poll question must be non-empty")
    if len(question) > QUESTION_LIMIT:
        raise bad_request(f"poll question length must not exceed {QUESTION_LIMIT}")
    raw = p.get("options", [])
    options = [_option_text(o).strip() for o in raw] if isinstance(raw, list) else []
    if len(options) < OPTIONS[0]:
        raise bad_request("poll must have at least 2 option")
    if len(options) > OPTIONS[1]:
        raise bad_request(f"poll can't have more than {OPTIONS[1]} options")
    if any(not o for o in options):
        raise bad_request("poll options must be non-empty")
    if any(len(o) > OPTION_LIMIT for o in options):
        raise bad_request(f"poll options length must not exceed {OPTION_LIMIT}")
    reply_to = _reply_to(chat, p)
    _admit(ctx, chat)
    anonymous = p.get("is_anonymous", True) not in (False, "false", "False")
    poll = Poll(str(next(_POLL_IDS)), chat.id, 0, question, options, is_anonymous=anonymous,
                allows_multiple_answers=p.flag("allows_multiple_answers"))
    message = ctx.world.add_message(chat, ctx.world.bot.id, text=question, kind="poll", reply_to=reply_to,
                                    poll_id=poll.id)
    poll.message_id = message.message_id
    ctx.world.polls[poll.id] = poll
    return message_json(ctx.world, message)


@method("stopPoll")
def stop_poll(ctx: Context, p: Params) -> Any:
    _, message = _own_message(ctx, p, "message with poll to stop not found")
    poll = ctx.world.polls.get(message.poll_id or "")
    if poll is None:
        raise bad_request("message with poll to stop not found")
    if poll.closed:
        raise bad_request("poll has already been closed")
    poll.closed = True
    payload = poll_json(poll)
    ctx.world.updates.push("poll", payload)
    return payload


def _pin_rights(ctx: Context, p: Params) -> Chat:
    chat = ctx.world.chat(p.int("chat_id"))
    if chat.is_private:
        return chat
    group_of(ctx, p)
    bot = ctx.world.bot_member(chat)
    members_may = not bot.is_admin and chat.permissions.get("can_pin_messages", False)
    if not bot.can("can_pin_messages") and not members_may:
        raise bad_request("not enough rights to manage pinned messages in the chat")
    return chat


@method("pinChatMessage")
def pin_chat_message(ctx: Context, p: Params) -> bool:
    chat = _pin_rights(ctx, p)
    message = chat.messages.get(p.int("message_id"))
    if message is None or message.deleted or message.kind == "service":
        raise bad_request("message to pin not found")
    if message.message_id in chat.pinned:
        chat.pinned.remove(message.message_id)
    chat.pinned.append(message.message_id)
    return True


@method("unpinChatMessage")
def unpin_chat_message(ctx: Context, p: Params) -> bool:
    chat = _pin_rights(ctx, p)
    wanted = p.get("message_id")
    if wanted is None:
        if chat.pinned:
            chat.pinned.pop()
        return True
    message_id = p.int("message_id")
    if message_id not in chat.pinned:
        raise bad_request("message to unpin not found")
    chat.pinned.remove(message_id)
    return True


@method("setMessageReaction")
def set_message_reaction(ctx: Context, p: Params) -> bool:
    chat = ctx.world.chat(p.int("chat_id"))
    if not chat.is_private:
        group_of(ctx, p)
    message = chat.messages.get(p.int("message_id"))
    if message is None or message.deleted or message.kind == "service":
        raise bad_request("MESSAGE_ID_INVALID")
    reaction = p.get("reaction", []) or []
    if not isinstance(reaction, list):
        raise bad_request("REACTION_INVALID")
    emoji = []
    for item in reaction:
        if not isinstance(item, dict) or item.get("type") != "emoji" or item.get("emoji") not in REACTIONS:
            raise bad_request("REACTION_INVALID")
        emoji.append(item["emoji"])
    if len(emoji) > 1:
        raise bad_request("REACTIONS_TOO_MANY")
    _admit(ctx, chat, overall=False)
    if emoji:
        message.reactions[ctx.world.bot.id] = emoji
    else:
        message.reactions.pop(ctx.world.bot.id, None)
    return True
