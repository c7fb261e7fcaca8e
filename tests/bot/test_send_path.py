"""The one send path on its own: pacing, retries and waits, on a clock the test moves.

``make_request`` stands in for the HTTP session; every call goes through ``SendPolicy`` as in
production.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, EditMessageReplyMarkup, SendMessage, TelegramMethod

from bot.telegram.holding import hold
from bot.telegram.pacing import Pacer
from bot.telegram.send import Deferred, SendPolicy, options

GROUP = -100123
PRIVATE = 42
OTHER = 43


class Clock:
    """Monotonic time that moves only when someone sleeps on it; logs every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class Telegram:
    """Answers each call with the next scripted exception, or records it as done."""

    def __init__(self, clock: Clock, *failures: BaseException) -> None:
        self.clock = clock
        self.failures = list(failures)
        self.done: list[tuple[str, float]] = []

    async def __call__(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if self.failures:
            raise self.failures.pop(0)
        self.done.append((method.__api_method__, self.clock.now))
        return True


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def policy(clock: Clock) -> SendPolicy:
    return SendPolicy(Pacer(monotonic=clock.monotonic, sleep=clock.sleep), sleep=clock.sleep)


BOT = Bot("123456:TEST-send-path")


def test_a_group_at_its_limit_does_not_delay_any_other_chat(clock: Clock) -> None:
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    for _ in range(20):
        pacer.reserve(GROUP)
    throttled = pacer.reserve(GROUP)
    other = pacer.reserve(PRIVATE)
    assert throttled is not None and throttled - clock.now > 59  # the group's 21st waits a minute
    assert other is not None and other - clock.now < 1  # the private chat does not wait with it


async def test_button_edits_and_callback_answers_are_paced(clock: Clock, policy: SendPolicy) -> None:
    telegram = Telegram(clock)
    edit = EditMessageReplyMarkup(chat_id=PRIVATE, message_id=1)
    for _ in range(3):
        await policy(telegram, BOT, edit)
    for n in range(30):
        await policy(telegram, BOT, AnswerCallbackQuery(callback_query_id=str(n)))
    edits = [at for name, at in telegram.done if name == "editMessageReplyMarkup"]
    answers = [at for name, at in telegram.done if name == "answerCallbackQuery"]
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(edits))  # one a second, one chat
    assert answers[-1] - answers[0] >= 29 / 29.0 - 1e-6  # 30 answers take a second overall


async def test_an_undecodable_answer_is_retried(clock: Clock, policy: SendPolicy) -> None:
    telegram = Telegram(clock, ClientDecodeError("Failed to decode object", ValueError(), "<html>"))
    assert await policy(telegram, BOT, SendMessage(chat_id=PRIVATE, text="x")) is True
    assert len(telegram.done) == 1 and policy.retried == 1


async def test_attempts_are_bounded(clock: Clock, policy: SendPolicy) -> None:
    method = SendMessage(chat_id=PRIVATE, text="x")
    failures = [ClientDecodeError("Failed to decode object", ValueError(), "<html>") for _ in range(9)]
    telegram = Telegram(clock, *failures)
    with options(attempts=3), pytest.raises(ClientDecodeError):
        await policy(telegram, BOT, method)
    assert len(telegram.failures) == 6  # three tried, six left


async def test_a_caller_with_little_patience_gets_deferred_instead_of_a_long_wait(
    clock: Clock, policy: SendPolicy
) -> None:
    retry = TelegramRetryAfter(SendMessage(chat_id=GROUP, text="x"), "Too Many Requests", 30)
    telegram = Telegram(clock, retry)
    with options(patience=2.0), pytest.raises(Deferred) as deferred:
        await policy(telegram, BOT, SendMessage(chat_id=GROUP, text="x"))
    assert deferred.value.seconds == 30 and clock.sleeps == []
    with options(patience=2.0), pytest.raises(Deferred):  # the group is held back for everyone
        await policy(telegram, BOT, SendMessage(chat_id=GROUP, text="y"))
    with options(patience=2.0):  # while another chat goes at once
        await policy(telegram, BOT, SendMessage(chat_id=OTHER, text="z"))
    assert [name for name, _ in telegram.done] == ["sendMessage"]


async def test_a_429_wait_happens_after_letting_go_of_the_lock_and_the_transaction(
    clock: Clock, policy: SendPolicy
) -> None:
    events: list[str] = []
    retry = TelegramRetryAfter(SendMessage(chat_id=GROUP, text="x"), "Too Many Requests", 5)
    telegram = Telegram(clock, retry)

    async def reacquire() -> None:
        events.append("lock taken back")

    async def commit() -> None:
        events.append("committed")

    original = clock.sleep

    async def sleep(seconds: float) -> None:
        events.append(f"waited {seconds:.0f}s")
        await original(seconds)

    policy._sleep = sleep  # type: ignore[method-assign]
    with hold(lambda: events.append("lock released"), reacquire), hold(commit):
        await policy(telegram, BOT, SendMessage(chat_id=GROUP, text="x"))
    assert events == ["committed", "lock released", "waited 5s", "lock taken back"]
