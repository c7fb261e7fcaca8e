"""The yardstick: a bare aiogram Dispatcher with one no-op async handler, on the same updates.

It is what aiogram itself costs per update on this machine in this run (parsing excluded, as the
updates are built beforehand), so the throughput figures can be read as a fraction of it whatever
the machine and however busy it is.
"""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiogram.types import Message

from bench.production import BOT_ID, TOKEN, FakeSession
from bench.report import Row, Run, Stopwatch, median_time_async
from bench.traffic import chatter, group_message, members


async def _noop(message: Message) -> None:
    return None


async def bare_dispatcher_rate(run: Run) -> tuple[float, float]:
    """Updates per wall second and per CPU second through ``Dispatcher.feed_update`` to one no-op
    handler."""
    n = run.size(5_000, 1_500)
    bot = Bot(TOKEN, session=FakeSession())
    dp = Dispatcher()
    dp.message.register(_noop)
    people = members(4, 250)
    ids = iter(range(1, 10**9))

    async def timed(_: int) -> Stopwatch:
        updates = [group_message(bot, next(ids), next(ids), m.chat_id, m.user_id, m.name, text, 1_790_000_000)
                   for m, text in chatter(people, n)]
        with Stopwatch() as watch:
            for update in updates:
                await dp.feed_update(bot, update)
        return watch

    wall, cpu = await median_time_async(timed, run.repeats)
    assert bot.id == BOT_ID
    await bot.session.close()
    return n / wall, n / cpu


def row(run: Run) -> Row:
    assert run.baseline is not None
    assert run.baseline_cpu is not None
    return Row("bare aiogram dispatcher, 1 no-op handler (baseline)", run.baseline, "upd/s", ratio=1.0,
               note=f"the 1.00x of the throughput ratios; {run.cpu_note(run.baseline_cpu)}")
