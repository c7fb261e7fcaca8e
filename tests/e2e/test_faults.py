"""Telegram, the network and a proxy misbehaving, end to end: nothing lost, nothing stalled.

The real dispatcher and jobs against the emulator over HTTP, with faults injected by the emulator
(500s, 429, slow answers, dropped connections) and by ``emulator.faults_http`` (a proxy's HTML 502,
a JSON answer cut off after Telegram did the call). Each delivery scenario prints one line: per
fault kind, the digests sent, sent twice and lost (run with ``-s`` to see them).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.features.digests.jobs import run_digests
from bot.jobs.outbox import LEASE, delivery_state
from bot.runtime import Runtime
from bot.settings import load_settings
from emulator import Emulator
from emulator.faults_http import HttpFaults
from emulator.harness import TOKEN, Harness, write_config
from storage.engine import make_engine, make_sessionmaker
from storage.models import OutboxMessage, Proposal
from storage.uow import UnitOfWorkFactory
from tests.e2e.conftest import GROUP, INNOVATION_OFFICIAL, TALENT_OFFICIAL, config
from tests.e2e.test_digests import HALF_HOUR, add_proposal, digest_config, digests, open_private

pytestmark = pytest.mark.e2e

OFFICIALS = list(range(700_001, 700_051))


def fifty_officials() -> dict[str, Any]:
    departments = [
        {"id": f"d{n}", "name": f"第{n}办", "officials": OFFICIALS[n * 10:(n + 1) * 10],
         "topics": [("人才", "创新", "转型")[n % 3]]}
        for n in range(5)
    ]
    return digest_config(departments=departments)


@pytest.fixture
async def faulty(make_harness: Callable[..., Harness]) -> AsyncIterator[Callable[..., Any]]:
    """Start a bot whose emulator can also answer like a broken proxy; stopped afterwards."""
    running: list[Harness] = []

    async def start(cfg: dict[str, Any], *officials: int) -> tuple[Harness, HttpFaults]:
        harness = make_harness(cfg)
        running.append(harness)
        faults = HttpFaults.install(harness.emu)
        await harness.emu.start()
        harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
        await harness.start()
        for uid in officials:
            open_private(harness, uid)
        return harness, faults

    yield start
    for harness in running:
        await harness.stop()
        await harness.emu.stop()


async def read(harness: Harness, query: Any) -> Any:
    """The first row (a single value as itself) straight from the database file, through an
    engine of the test's own."""
    engine = make_engine(f"sqlite+aiosqlite:///{harness.directory / 'delibot.db'}")
    try:
        async with UnitOfWorkFactory(make_sessionmaker(engine))() as uow:
            row = (await uow.session.execute(query)).first()
            return None if row is None else (row[0] if len(row) == 1 else tuple(row))
    finally:
        await engine.dispose()


# kind -> (what the fault does, whether Telegram did the call before the answer was lost)
FAULTS = {
    "html_502": "a proxy's HTML error page, the call never reached Telegram",
    "truncated": "Telegram sent the message, the JSON answer was cut off",
    "fail": "Telegram answered 500",
    "rate_limit": "Telegram answered 429 with retry_after",
    "delay": "Telegram answered after the client's timeout (the message was sent)",
    "drop": "the connection was reset before Telegram did the call",
}
AMBIGUOUS = {"truncated", "delay"}  # the message went out but we could not know: a resend doubles it


@pytest.mark.parametrize("kind", list(FAULTS))
async def test_every_official_gets_the_digest_when_every_seventh_send_fails(faulty, kind: str) -> None:
    bot, faults = await faulty(fifty_officials(), *OFFICIALS)
    if kind == "delay":
        bot.rt.bot.session.timeout = 0.3  # the emulator answers after 1 s
    faults.every(7, kind, "sendMessage")
    await bot.advance(HALF_HOUR)
    for _ in range(4):  # rows that failed three times in a run come back after their back-off
        await bot.advance(timedelta(minutes=2))
    faults.clear()
    await bot.advance(timedelta(minutes=30))
    received = [len(digests(bot, uid)) for uid in OFFICIALS]
    lost = received.count(0)
    resent = sum(n - 1 for n in received if n > 1)
    with_faults = faults.injected[kind]
    print(f"\nfault={kind:<10} injected={with_faults:>2} sent={sum(received) - resent:>2} "
          f"resent={resent} lost={lost}  ({FAULTS[kind]})")
    assert with_faults >= 5
    assert lost == 0
    if kind in AMBIGUOUS:
        assert resent <= with_faults  # at most the one message in flight, per fault
    else:
        assert resent == 0
    failed = await read(bot, select(func.count()).select_from(OutboxMessage)
                        .where(OutboxMessage.state != "sent"))
    assert failed == 0


async def test_an_undecodable_answer_neither_stops_the_run_nor_repeats_the_message(faulty) -> None:
    bot, faults = await faulty(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("talent",))
    await add_proposal(bot, "建议设立科技创新券，支持小微企业", ("创新",), ("innovation",))
    faults.next("html_502", "sendMessage", n=3)  # every try of the first row in this run
    await bot.advance(HALF_HOUR)
    got = {uid: len(digests(bot, uid)) for uid in (TALENT_OFFICIAL, INNOVATION_OFFICIAL)}
    assert sorted(got.values()) == [0, 1]  # the row behind the failing one went out in the same run
    attempts, error = (await read(bot, select(OutboxMessage.attempts, OutboxMessage.last_error)
                                  .where(OutboxMessage.state == "pending")))
    assert attempts == 1 and error.startswith("undecodable")
    await bot.advance(timedelta(minutes=1))
    await bot.advance(timedelta(minutes=15))
    assert [len(digests(bot, uid)) for uid in (TALENT_OFFICIAL, INNOVATION_OFFICIAL)] == [1, 1]


async def test_rows_a_killed_run_had_taken_go_out_at_the_restart_not_after_the_lease(faulty) -> None:
    bot, _ = await faulty(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("talent",))
    bot.clock.advance(HALF_HOUR)
    await run_digests(bot.rt.services, bot.rt.bot, deliver=False)
    instance = delivery_state(bot.rt.services).instance
    async with bot.rt.services.uow() as uow:  # an earlier run of this instance took them, then died
        taken = await uow.outbox.take(bot.clock.now(), lease=LEASE, owner=f"{instance}#killed#0")
        await uow.commit()
    assert len(taken) == 2
    await bot.restart()
    await bot.run_jobs()  # the same minute: the lease has nine minutes to run
    assert len(digests(bot, TALENT_OFFICIAL)) == len(digests(bot, INNOVATION_OFFICIAL)) == 1


def acks(bot: Harness) -> list[str]:
    return [m.text for m in bot.emu.sent(chat_id=GROUP) if "已收到您的建言" in m.text]


class GatedTime:
    """The harness's simulated sleep, except that a long wait (a throttled chat) blocks until the
    test opens the gate: so the test can look at the bot while a reply waits for its slot."""

    def __init__(self, harness: Harness) -> None:
        self._sleep = harness.time.sleep
        self.closed = False
        self.opened = asyncio.Event()
        self.waiting = 0

    async def sleep(self, seconds: float) -> None:
        if self.closed and seconds >= 1.0:
            self.waiting += 1
            await self.opened.wait()
        await self._sleep(seconds)


async def test_a_reply_waiting_for_its_group_slot_holds_neither_the_group_nor_the_database(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config())
    gate = GatedTime(harness)
    harness.time.sleep = gate.sleep  # type: ignore[method-assign]
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    try:
        async with harness as bot:
            zhang, li = bot.emu.add_user("张三-海淀区"), bot.emu.add_user("李四-朝阳区")
            for uid in (zhang, li):
                bot.emu.join(GROUP, uid)
            await bot.settle()
            gate.closed = True
            bot.rt.services.pacer.block(GROUP, 60)  # the group used its 20 a minute
            bot.emu.post(GROUP, zhang, "#人才 建议为引进的青年人才提供三年租房补贴")
            await bot.emu.wait_for(lambda _: gate.waiting == 1, timeout=5)
            # what the handler decided is in the database while its reply waits
            assert await read(bot, select(func.count()).select_from(Proposal)) == 1
            bot.emu.post(GROUP, li, "#人才 建议在园区设立共享实验室，降低初创企业的研发成本")
            await bot.emu.wait_for(lambda _: gate.waiting == 2, timeout=5)  # the group was not held
            assert await read(bot, select(func.count()).select_from(Proposal)) == 2
            stranger = bot.emu.add_user("王小明")
            bot.emu.private(stranger, "/start")  # another chat is answered at once
            await bot.emu.wait_for(lambda e: len(e.sent(chat_id=stranger)) == 1, timeout=5)
            assert acks(bot) == []  # the group's replies still wait for its slot
            gate.opened.set()
            await bot.settle()
            assert len(acks(bot)) == 2
    finally:
        gate.opened.set()
        await harness.emu.stop()


async def test_undecodable_get_me_answers_are_retried_with_one_line_each_naming_the_host(
    caplog: pytest.LogCaptureFixture, make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config())
    faults = HttpFaults.install(harness.emu)
    await harness.emu.start()
    faults.next("html_502", "getMe", n=2)
    caplog.set_level(logging.WARNING, logger="delibot")
    try:
        await harness.start()
        assert harness.rt.services.bot_username == "delibot"
    finally:
        await harness.stop()
        await harness.emu.stop()
    failures = [r.getMessage() for r in caplog.records if "start-up call failed" in r.getMessage()]
    host = harness.emu.base_url.split("://", 1)[1]
    assert len(failures) == 2 and all(f"host={host}" in line and "call=getMe" in line for line in failures)
    assert all("not Telegram's JSON" in line for line in failures)


async def test_a_menu_that_cannot_be_set_is_skipped_and_the_others_are_set(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config())
    faults = HttpFaults.install(harness.emu)
    await harness.emu.start()
    faults.next("html_502", "setMyCommands", n=2)  # the first menu, both its tries
    async with harness:
        assert harness.emu.commands() == []  # the default scope in the default language: skipped
        assert harness.emu.commands({"type": "all_group_chats"}) != []
        assert harness.emu.commands({"type": "chat", "chat_id": TALENT_OFFICIAL}) != []
    await harness.emu.stop()


async def test_polling_deletes_a_webhook_first(tmp_path: Path) -> None:
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        cfg = config()
        cfg["telegram"] = {"token": TOKEN, "api_base": emu.base_url}
        cfg["database"] = {"url": f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"}
        runtime = Runtime(load_settings(write_config(tmp_path / "config.toml", cfg), env={}), schedule=False)
        task = asyncio.create_task(runtime.run_polling(handle_signals=False, polling_timeout=1))
        try:
            await emu.wait_for_call("getUpdates", timeout=15)
        finally:
            await runtime.dp.stop_polling()
            await asyncio.wait_for(task, 20)
        names = [c.method for c in emu.calls()]
        assert "deleteWebhook" in names and names.index("deleteWebhook") < names.index("getUpdates")
