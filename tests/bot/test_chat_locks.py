"""One chat's updates are handled one at a time, in order; other chats are not held up."""

from __future__ import annotations

import asyncio

from bot.middlewares.updates import ChatLocks


async def _handle(locks: ChatLocks, chat_id: int, name: str, log: list[str], gate: asyncio.Event) -> None:
    await locks.acquire(chat_id)
    try:
        log.append(f"{name} starts")
        await gate.wait()
        log.append(f"{name} ends")
    finally:
        locks.release(chat_id)


async def test_a_chats_second_update_waits_for_the_first_while_another_chat_goes_on() -> None:
    locks, log, gate = ChatLocks(), [], asyncio.Event()
    first = asyncio.create_task(_handle(locks, -1, "first", log, gate))
    second = asyncio.create_task(_handle(locks, -1, "second", log, asyncio.Event()))
    other = asyncio.create_task(_handle(locks, -2, "other", log, asyncio.Event()))
    await asyncio.sleep(0.01)
    assert log == ["first starts", "other starts"]
    gate.set()
    await asyncio.sleep(0.01)
    assert log[2:] == ["first ends", "second starts"]
    second.cancel()
    other.cancel()
    await asyncio.gather(first, second, other, return_exceptions=True)


async def test_no_lock_is_kept_for_a_chat_once_its_updates_are_done() -> None:
    locks, gate = ChatLocks(), asyncio.Event()
    gate.set()
    await asyncio.gather(*(_handle(locks, -n, "x", [], gate) for n in range(1, 50)))
    assert len(locks) == 0


async def test_an_update_cancelled_while_waiting_leaves_the_lock_to_the_next() -> None:
    locks, log, gate = ChatLocks(), [], asyncio.Event()
    first = asyncio.create_task(_handle(locks, -1, "first", log, gate))
    waiting = asyncio.create_task(_handle(locks, -1, "cancelled", log, gate))
    third = asyncio.create_task(_handle(locks, -1, "third", log, gate))
    await asyncio.sleep(0.01)
    waiting.cancel()
    gate.set()
    await asyncio.gather(first, waiting, third, return_exceptions=True)
    assert log == ["first starts", "first ends", "third starts", "third ends"]
    assert len(locks) == 0
