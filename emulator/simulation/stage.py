"""The stage the script plays on: people, the clock, and reading back what the bot did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.timefmt import zone
from emulator.harness import Harness
from emulator.records import SentMessage
from emulator.simulation.cast import Person

STEP = timedelta(minutes=15)


@dataclass(frozen=True)
class Press:
    """A button press as the presser saw it: the label is the one on the keyboard at that moment
    (the count on 附议 changes), and ``seq`` places it before what the bot did about it."""

    at: datetime
    seq: int
    chat_id: int
    user_id: int
    label: str


class NoSuchButton(LookupError):
    """The script meant a button the bot's keyboard does not carry: the week cannot be played."""


class Stage:
    def __init__(self, harness: Harness, chat_id: int, tz: str, start: datetime) -> None:
        self.h = harness
        self.emu = harness.emu
        self.chat_id = chat_id
        self.tz = zone(tz)
        self.start = start  # local midnight of day 0
        self.names: dict[int, list[tuple[datetime, str]]] = {}
        self.presses: list[Press] = []

    # time ------------------------------------------------------------------------------------
    def moment(self, day: int, hour: int, minute: int = 0) -> datetime:
        local = (self.start + timedelta(days=day)).replace(hour=hour, minute=minute)
        return local.replace(tzinfo=self.tz)

    async def until(self, when: datetime) -> None:
        """Let time pass, running the scheduled jobs at every quarter hour on the way."""
        while (now := self.h.clock.now()) < when:
            next_tick = now - timedelta(seconds=now.timestamp() % STEP.total_seconds()) + STEP
            self.h.clock.set(min(next_tick, when))
            await self.h.run_jobs(force=False)

    async def at(self, day: int, hour: int, minute: int = 0) -> None:
        await self.until(self.moment(day, hour, minute))

    # people ----------------------------------------------------------------------------------
    def name_at(self, user_id: int, at: datetime) -> str | None:
        """The name someone had at a moment: what the transcript shows for the bot's actions."""
        name = None
        for since, value in self.names.get(user_id, []):
            if since <= at:
                name = value
        return name

    def enter(self, person: Person) -> Person:
        person.user_id = self.emu.add_user(
            person.first_name, person.last_name, language_code=person.language_code,
            user_id=person.user_id or None,
        )
        self.names[person.user_id] = [(self.h.clock.now() - timedelta(days=365), person.name)]
        return person

    async def join(self, person: Person) -> None:
        self.emu.join(self.chat_id, person.user_id)
        await self.h.settle()

    def can_post(self, person: Person) -> bool:
        state = self.emu.member(self.chat_id, person.user_id)
        return state.status in ("member", "administrator", "creator") or (
            state.status == "restricted" and state.permissions.get("can_send_messages", False)
        )

    async def say(self, person: Person, text: str, reply_to: int | None = None) -> int:
        mid = self.emu.post(self.chat_id, person.user_id, text, reply_to=reply_to)
        await self.h.settle()
        return mid

    async def private(self, person: Person, text: str) -> None:
        self.emu.private(person.user_id, text)
        await self.h.settle()

    async def rename(self, person: Person, first_name: str, last_name: str | None = None) -> None:
        person.first_name, person.last_name = first_name, last_name
        self.names.setdefault(person.user_id, []).append((self.h.clock.now(), person.name))
        self.emu.rename(person.user_id, first_name, last_name)

    async def press(self, person: Person, message: SentMessage, data: str) -> None:
        """Press the button whose callback data is ``data`` (see ``buttons``), whatever its label."""
        label = next((text for row in message.reply_markup for text, d in row if d == data), None)
        if label is None:
            raise NoSuchButton(f"no button {data!r} on message {message.message_id}: {message.reply_markup}")
        seq = self.emu.world.next_seq()  # taken first: the press comes before the bot's answer
        self.emu.press(message.chat_id, person.user_id, message.message_id, data=data)
        self.presses.append(Press(self.h.clock.now(), seq, message.chat_id, person.user_id, label))
        await self.h.settle()

    def bot_reply_to(self, message_id: int) -> SentMessage | None:
        replies = [
            m for m in self.emu.sent(chat_id=self.chat_id) if m.reply_to == message_id and m.reply_markup
        ]
        return replies[-1] if replies else None

    def bot_mentioning(self, person: Person) -> SentMessage | None:
        found = [
            m for m in self.emu.sent(chat_id=self.chat_id) if person.user_id in m.mentions and m.reply_markup
        ]
        return found[-1] if found else None

    async def proposal_number(self, message_id: int) -> int | None:
        async with self.h.rt.services.uow() as uow:
            record = await uow.proposals.by_message(self.chat_id, message_id)
            return None if record is None else record.number
