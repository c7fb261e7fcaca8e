"""Flood limits and injected faults answer as Telegram would, so retry code is tested for real."""

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from emulator import Emulator
from tests.emulator.conftest import GROUP


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
async def emu(monotonic: FakeMonotonic) -> AsyncIterator[Emulator]:
    async with Emulator(monotonic=monotonic) as emulator:
        emulator.create_group(GROUP, "科创中心建言群")
        yield emulator


async def test_the_21st_message_in_a_minute_to_a_group_gets_429_until_a_slot_frees(
        emu: Emulator, bot: Bot, monotonic: FakeMonotonic) -> None:
    for n in range(20):
        await bot.send_message(GROUP, f"第{n}条")
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(GROUP, "第21条")
    assert refused.value.retry_after == 60
    monotonic.now += 45
    with pytest.raises(TelegramRetryAfter) as again:
        await bot.send_message(GROUP, "第21条")
    assert again.value.retry_after == 15
    monotonic.now += 15
    await bot.send_message(GROUP, "第21条")
    assert (emu.stats.too_many_requests, len(emu.sent(GROUP))) == (2, 21)
    assert [c.error_code for c in emu.calls("sendMessage")][-3:] == [429, 429, None]


async def test_edits_count_toward_the_groups_limit(emu: Emulator, bot: Bot) -> None:
    sent = await bot.send_message(GROUP, "v0")
    for n in range(1, 20):
        await bot.edit_message_text(text=f"v{n}", chat_id=GROUP, message_id=sent.message_id)
    with pytest.raises(TelegramRetryAfter):
        await bot.edit_message_text(text="v20", chat_id=GROUP, message_id=sent.message_id)


async def test_a_private_chat_allows_a_short_burst_then_about_one_a_second(
        emu: Emulator, bot: Bot, monotonic: FakeMonotonic) -> None:
    uid = emu.add_user("官员")
    emu.private(uid, "/start")
    for _ in range(3):
        await bot.send_message(uid, "摘要")
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(uid, "摘要")
    assert refused.value.retry_after == 1
    monotonic.now += 1
    await bot.send_message(uid, "摘要")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(uid, "摘要")


async def test_more_than_30_messages_a_second_overall_are_refused(emu: Emulator, bot: Bot) -> None:
    for n in range(30):
        emu.create_group(-2000 - n, f"群{n}")
        await bot.send_message(-2000 - n, "日报")
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(GROUP, "日报")
    assert refused.value.retry_after == 1


async def test_limits_can_be_switched_off(emu: Emulator, bot: Bot) -> None:
    emu.set_rate_limits(False)
    for _ in range(25):
        await bot.send_message(GROUP, "刷屏")
    assert emu.stats.too_many_requests == 0


async def test_fail_next_two_answers_500_twice_then_the_call_succeeds(emu: Emulator, bot: Bot) -> None:
    emu.fail_next(2, method="sendMessage")
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Internal Server Error"):
            await bot.send_message(GROUP, "重试")
    await bot.send_message(GROUP, "重试")
    assert [c.error_code for c in emu.calls("sendMessage")] == [500, 500, None]
    assert [m.text for m in emu.sent(GROUP)] == ["重试"]


async def test_a_forced_429_carries_retry_after_and_spares_other_methods(emu: Emulator, bot: Bot) -> None:
    emu.rate_limit_next(retry_after=7, method="sendMessage")
    await bot.get_me()
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(GROUP, "x")
    assert (refused.value.retry_after, emu.stats.too_many_requests) == (7, 1)


async def test_a_delayed_answer_outlasts_a_short_client_timeout(emu: Emulator, bot: Bot) -> None:
    emu.delay_next(30, method="getMe")
    with pytest.raises(TelegramNetworkError, match="timeout"):
        await bot.get_me(request_timeout=0.05)  # type: ignore[call-arg]


async def test_a_dropped_connection_is_a_network_error(emu: Emulator, bot: Bot) -> None:
    emu.drop_connection_next(method="getMe")
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()
    assert (await bot.get_me()).username == "delibot"


# -- what a proxy or the network does ------------------------------------------------------------------
OFFICIAL = -1005550000001


async def test_a_proxys_html_502_page_is_not_json_and_the_message_was_not_sent(
        emu: Emulator, bot: Bot) -> None:
    emu.proxy_error_next(method="sendMessage")
    async with aiohttp.ClientSession() as raw, raw.post(f"{emu.base_url}/bot{emu.token}/sendMessage",
                        json={"chat_id": GROUP, "text": "日报"}) as resp:
        page = (resp.status, resp.content_type, await resp.text())
    assert page[:2] == (502, "text/html") and "502 Bad Gateway" in page[2]
    emu.proxy_error_next(method="sendMessage")
    with pytest.raises(ClientDecodeError):
        await bot.send_message(GROUP, "日报")
    assert emu.sent(GROUP) == []
    assert [(c.ok, c.fault) for c in emu.calls("sendMessage")] == [(False, "proxy"), (False, "proxy")]


async def test_a_truncated_answer_does_not_decode_though_the_message_went_out(
        emu: Emulator, bot: Bot) -> None:
    emu.truncate_next(method="sendMessage")
    with pytest.raises(ClientDecodeError):
        await bot.send_message(GROUP, "摘要")
    assert [m.text for m in emu.sent(GROUP)] == ["摘要"]
    assert [(c.ok, c.fault) for c in emu.calls("sendMessage")] == [(True, "truncate")]


async def test_a_connection_reset_mid_answer_is_a_network_error_after_the_send(
        emu: Emulator, bot: Bot) -> None:
    emu.reset_next(method="sendMessage")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(GROUP, "红牌")
    assert [m.text for m in emu.sent(GROUP)] == ["红牌"]
    await bot.send_message(GROUP, "下一条")  # the next request gets a fresh connection and its answer


async def test_an_answer_that_never_comes_times_out_whether_or_not_it_was_carried_out(
        emu: Emulator, bot: Bot) -> None:
    emu.timeout_next(method="sendMessage")
    emu.timeout_next(method="sendMessage", executed=False)
    for text in ("送达但无回应", "未送达"):
        with pytest.raises(TelegramNetworkError, match="timeout"):
            await bot.send_message(GROUP, text, request_timeout=0.2)  # type: ignore[call-arg]
    assert [m.text for m in emu.sent(GROUP)] == ["送达但无回应"]


async def test_a_fault_can_target_one_chat_and_counts_its_hits(emu: Emulator, bot: Bot) -> None:
    emu.create_group(OFFICIAL, "部门工作群")
    emu.fail_next(2, status=502, method="sendMessage", chat_id=OFFICIAL)
    await bot.send_message(GROUP, "不受影响")
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Bad Gateway"):
            await bot.send_message(OFFICIAL, "摘要")
    await bot.send_message(OFFICIAL, "摘要")
    assert [m.text for m in emu.sent(OFFICIAL)] == ["摘要"] and emu.faults.pending == 0
    emu.rate_limit_next(retry_after=3, method="sendMessage", chat_id=OFFICIAL)
    await bot.send_message(GROUP, "仍不受影响")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(OFFICIAL, "摘要")
    assert [kind for kind, _ in emu.faults.hits] == ["fail", "fail", "rate_limit"]
