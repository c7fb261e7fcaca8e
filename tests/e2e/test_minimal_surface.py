"""``delibot run`` against an emulator answering only the Bot API methods issue 15 names as all
the bot needs: getMe, getUpdates, sendMessage, answerCallbackQuery, editMessageText,
editMessageReplyMarkup, deleteMessage, setWebhook and deleteWebhook. Any other method gets
Telegram's 404 "Not Found", as from a minimal fake built from the Bot API documentation."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.runtime import Runtime
from bot.settings import load_settings
from bot.telegram.pacing import Pacer
from deliberation.clock import ManualClock
from emulator import MINIMAL_SURFACE, Emulator
from emulator.harness import BOT_ID, TOKEN, SimTime, configured_people, write_config
from tests.e2e.conftest import GROUP, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本"
# what the bot tries beyond the minimal surface, each refused with 404 and survived (see the test)
TRIED_AND_SURVIVED = {"setMyCommands", "getChatAdministrators", "setChatMemberTag", "getChatMember",
                      "getChatMemberCount", "sendChatAction"}


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[Runtime, Emulator]]:
    """``Runtime.run_polling``, the path of ``delibot run`` (migrations, getMe, deleteWebhook, the
    menus, polling), on a manual clock that waits move, against the minimal surface."""
    clock = ManualClock()
    time = SimTime(clock)
    cfg = config()
    async with Emulator(token=TOKEN, bot_id=BOT_ID, bot_username="delibot", clock=clock.now,
                        monotonic=time.monotonic, surface=MINIMAL_SURFACE) as emulator:
        emulator.presume_people(configured_people(cfg))  # they pressed Start, as the README asks
        emulator.create_group(chat_id=GROUP, title="科创中心建言群")
        cfg["telegram"] = {"token": TOKEN, "api_base": emulator.base_url}
        cfg["database"] = {"url": f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"}
        settings = load_settings(write_config(tmp_path / "config.toml", cfg), env={})
        runtime = Runtime(settings, clock, pacer=Pacer(monotonic=time.monotonic, sleep=time.sleep),
                          schedule=False, sleep=time.sleep)
        polling = asyncio.create_task(runtime.run_polling(handle_signals=False, polling_timeout=1))
        try:
            await asyncio.wait_for(runtime.started.wait(), 30)
            await emulator.wait_for_call("getUpdates", timeout=15)  # polling has begun
            yield runtime, emulator
        finally:
            await runtime.dp.stop_polling()
            await asyncio.wait_for(polling, 30)


async def handled(runtime: Runtime, emulator: Emulator, method: str, **params: object) -> None:
    """Wait for the call ``method``, then for everything the update started to finish."""
    await emulator.wait_for_call(method, timeout=15, **params)
    await asyncio.wait_for(runtime.services.in_flight.idle.wait(), 15)


async def test_the_bot_starts_and_takes_a_proposal_with_only_the_minimal_surface(
        running: tuple[Runtime, Emulator], caplog: pytest.LogCaptureFixture) -> None:
    """Start-up completes although no command menu can be set (each failure logged and skipped);
    a member's hashtag message gets its numbered acknowledgement with the 附议 button and the
    talent office its notice; a press of the button is answered and the count on it follows; the
    first run of the jobs goes by.

    Beyond the minimal surface the bot tried these, was refused (404) each time and went on:
    setMyCommands (the menus, at start-up), getChatAdministrators (the group's admins, exempt from
    the real-name rule, on the first message), setChatMemberTag (the member's unit as their tag),
    getChatMember (the bot's own rights, in the jobs' first run) and getChatMemberCount (the seats
    the waiting list may fill, in the pruning pass) and sendChatAction (whether each configured person
    can be written to, at start-up).
    """
    runtime, emu = running
    names = [c.method for c in emu.calls()]
    assert names.index("getMe") < names.index("deleteWebhook") < names.index("getUpdates")
    assert runtime.services.bot_username == "delibot"
    assert {c.error_code for c in emu.calls("setMyCommands")} == {404}
    skipped = [r for r in caplog.get_records("setup") if r.getMessage().startswith("setMyCommands skipped")]
    assert len(skipped) == len(emu.calls("setMyCommands"))  # one line per menu, and start-up went on
    author, supporter = emu.add_user("张三-海淀区"), emu.add_user("李四-朝阳区")
    for uid in (author, supporter):
        emu.add_member(GROUP, uid)
    mid = emu.post(GROUP, author, PROPOSAL)
    await handled(runtime, emu, "sendMessage", chat_id=TALENT_OFFICIAL)
    (ack,) = emu.sent(chat_id=GROUP)
    assert ack.reply_to == mid and "第 1 号" in ack.text and "#人才" in ack.text
    assert ack.reply_markup == [[("附议 (0)", "psup:1")]]
    assert "新建言 #1" in emu.sent(chat_id=TALENT_OFFICIAL)[-1].text
    emu.post(GROUP, supporter, "我也觉得这个建言很好")  # the bot sees the supporter in the group
    await asyncio.sleep(0.2)
    pressed = emu.press(GROUP, supporter, ack.message_id, data="psup:1")
    await handled(runtime, emu, "editMessageReplyMarkup")
    assert "已附议第 1 号" in emu.callback_answers(pressed)[0]["text"]
    assert emu.sent(chat_id=GROUP)[-1].reply_markup == [[("附议 (1)", "psup:1")]]
    await runtime.jobs.run_due(force=True)  # the scheduler's first tick
    refused = {c.method for c in emu.calls() if not c.ok}
    assert refused == TRIED_AND_SURVIVED and {c.error_code for c in emu.calls() if not c.ok} == {404}
    assert {c.method for c in emu.calls() if c.ok} <= set(MINIMAL_SURFACE)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
