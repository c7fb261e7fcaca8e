"""Delivery you can trust: people the bot cannot write to (they never pressed Start) are named to
the operator at start-up, notices find someone who can hear them, and no text claims a notice
reached someone it could not."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

PROPOSAL = "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作"
OFFICIALS_GROUP = -1006666666666


async def red_card(bot: Harness) -> None:
    """A talent proposal left unanswered until its red card (150 s in the test configuration)."""
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    bot.emu.post(GROUP, author, PROPOSAL)
    await bot.settle()
    for _ in range(4):
        await bot.advance(50)


def texts(bot: Harness, chat_id: int, word: str) -> list[str]:
    return [m.text for m in bot.emu.sent(chat_id=chat_id) if word in m.text]


@pytest.fixture
async def running(
        make_harness: Callable[..., Harness], request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    kwargs = getattr(request, "param", {})
    harness = make_harness(kwargs.get("config"), unstarted=kwargs.get("unstarted", ()))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    if kwargs.get("config"):
        harness.emu.create_group(chat_id=OFFICIALS_GROUP, title="部门工作群")
    async with harness:
        yield harness
    await harness.emu.stop()


@pytest.mark.parametrize("running", [{"unstarted": [MODERATOR]}], indirect=True)
async def test_a_red_card_says_the_moderators_could_not_be_told_when_none_can_be(running: Harness) -> None:
    await red_card(running)
    (card,) = texts(running, TALENT_OFFICIAL, "红牌")
    assert "管理员未能收到通知" in card and "已告知群主或管理员" not in card


async def test_a_red_card_says_the_moderators_were_told_when_they_can_be(running: Harness) -> None:
    await red_card(running)
    (card,) = texts(running, TALENT_OFFICIAL, "红牌")
    assert "已告知群主或管理员" in card
    assert len(texts(running, MODERATOR, "红牌")) == 1


@pytest.mark.parametrize("running", [{"unstarted": [MODERATOR]}], indirect=True)
async def test_with_no_moderator_reachable_the_groups_administrators_hear_the_red_card(
        running: Harness) -> None:
    admin = running.emu.add_user("群主-网信办", started=True)
    running.emu.add_member(GROUP, admin)
    running.emu.make_admin(GROUP, admin)
    running.emu.post(GROUP, admin, "大家好")
    await running.settle()
    await red_card(running)
    assert len(texts(running, admin, "红牌")) == 1
    (card,) = texts(running, TALENT_OFFICIAL, "红牌")
    assert "已告知群主或管理员" in card


@pytest.mark.parametrize("running", [{"unstarted": [TALENT_OFFICIAL], "config": config(
    digest={"at": "08:30", "weekly_ranking": "mon", "fallback_chat_id": OFFICIALS_GROUP})}], indirect=True)
async def test_an_official_who_cannot_be_reached_is_served_in_the_fallback_chat(running: Harness) -> None:
    await red_card(running)
    assert texts(running, OFFICIALS_GROUP, "红牌") and texts(running, OFFICIALS_GROUP, "新建言")


async def test_the_operator_is_told_at_start_up_of_each_configured_person_the_bot_cannot_reach(
        make_harness: Callable[..., Harness], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="delibot")
    harness = make_harness(unstarted=[MODERATOR, INNOVATION_OFFICIAL])
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness:
        pass
    await harness.emu.stop()
    lines = [r.getMessage() for r in caplog.records
             if r.name == "delibot.reach" and r.levelno == logging.WARNING]
    assert len(lines) == 2, lines
    assert any(f"chat_id={MODERATOR} " in line and "moderator" in line for line in lines)
    assert any(f"chat_id={INNOVATION_OFFICIAL} " in line and "official" in line for line in lines)
    assert not any(str(TALENT_OFFICIAL) in line for line in lines)
