"""What each person saw: every chat's lines and the bot's actions, merged in time order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot.timefmt import local_text
from emulator import Emulator
from emulator.simulation.stage import Press

ACTIONS = {
    "restrictChatMember": "sim-action-restrict",
    "banChatMember": "sim-action-ban",
    "unbanChatMember": "sim-action-unban",
    "deleteMessage": "sim-action-delete",
    "approveChatJoinRequest": "sim-action-approve",
    "declineChatJoinRequest": "sim-action-decline",
    "setChatMemberTag": "sim-action-tag",
    "leaveChat": "sim-action-leave",
    "pinChatMessage": "sim-action-pin",
    "unpinChatMessage": "sim-action-unpin",
    "stopPoll": "sim-action-stop-poll",
}


def _who(emu: Emulator, user_id: int) -> str:
    user = emu.world.users.get(user_id)
    if user is None:
        return str(user_id)
    return " ".join(filter(None, [user.first_name, user.last_name]))


def _chat_label(emu: Emulator, chat_id: int, t: Callable[..., str]) -> str:
    chat = emu.world.chats[chat_id]
    if chat.is_private:
        return t("sim-private-chat", name=_who(emu, chat_id))
    return chat.title or str(chat_id)


NameAt = Callable[[int, datetime], str | None]


def transcript(
    emu: Emulator,
    tz: str,
    t: Callable[..., str],
    name_at: NameAt | None = None,
    presses: Iterable[Press] = (),
) -> list[str]:
    entries: list[tuple[datetime, int, str]] = []
    bot_id = emu.bot_id
    for chat_id in sorted(emu.world.chats):
        label = _chat_label(emu, chat_id, t)
        for line in emu.history(chat_id):
            if line.kind == "joined":
                what = t("sim-joined", name=line.text)
            elif line.kind == "left":
                what = t("sim-left", name=line.text)
            else:
                text = line.text.replace("\n", "\n" + " " * 8)
                poll = emu.poll(chat_id, line.message_id) if line.kind == "poll" else None
                if poll is not None:
                    text += "  " + " / ".join(o["text"] for o in poll["options"])
                what = f"{'🤖 ' if line.from_id == bot_id else ''}{line.author}: {text}"
                if line.kind != "text":
                    what += f" [{line.kind}]"
            entries.append((line.date, line.seq, f"{label} | {what}"))
    for call in emu.calls():
        key = ACTIONS.get(call.method)
        if key is None or not call.ok:
            continue
        target = call.params.get("chat_id")
        label = _chat_label(emu, target, t) if target in emu.world.chats else str(target)
        if call.method == "restrictChatMember":
            allowed = (call.params.get("permissions") or {}).get("can_send_messages", True)
            key = "sim-action-restore" if allowed else key
        user_id = call.params.get("user_id", 0)
        name = (name_at(user_id, call.at) if name_at else None) or _who(emu, user_id)
        what = t(key, name=name, tag=call.params.get("tag") or "")
        entries.append((call.at, call.seq, f"{label} | ⚙ {what}"))
    for press in presses:  # Telegram keeps no trace of a press; the stage noted what was seen
        name = (name_at(press.user_id, press.at) if name_at else None) or _who(emu, press.user_id)
        what = t("sim-pressed", name=name, button=press.label)
        entries.append((press.at, press.seq, f"{_chat_label(emu, press.chat_id, t)} | {what}"))
    entries.sort(key=lambda e: e[1])  # the order things happened in, across chats
    return [f"{local_text(at, tz, '%m-%d %H:%M')}  {text}" for at, _, text in entries]
