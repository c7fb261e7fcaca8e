"""The board and the supervision view in a real browser (Debian's Chromium driven by Playwright).

A visitor's path: the list in Chinese, a filter, the next page, a proposal's history, the ranking
chart with department names; a leader's Mini App with correctly signed and with forged initData.
Screenshots of every page go to ``artifacts/screenshots`` (not committed). Without Chromium these
tests skip with the reason, except under ``CI=true``, where ``scripts/test`` installs it first.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from emulator.harness import TOKEN
from emulator.webapp import sign_init_data, webapp_url
from tests.e2e.conftest import TALENT_OFFICIAL
from tests.web.conftest import AUTHOR, Board, propose
from tests.web.consultations import CONCLUSION, consult

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    reason = "Debian's chromium is not installed (scripts/browser installs it)"
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"browser tests must run under CI=true: {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright  # noqa: E402


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        await launched.close()


class Visitor:
    """A phone-sized page that remembers every console error and uncaught exception."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    async def open(self, url: str, shot: str) -> None:
        response = await self.page.goto(url)
        assert response is not None and response.status < 500
        SHOTS.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)


async def visitor(browser: Browser) -> Visitor:
    page = await browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    return Visitor(page)


async def test_a_visitor_reads_filters_pages_and_follows_a_proposal_and_the_ranking(
    board: Board, browser: Browser
) -> None:
    bot = board.bot
    author = next(uid for uid, u in bot.emu.world.users.items() if u.first_name == AUTHOR)
    for n in range(21):  # 23 in all: two pages of 20
        await propose(bot, author, f"#人才 第 {n + 3} 条建议：在各街道设立人才服务窗口，编号 {n}")
        await bot.advance(1)  # slower than the flood limit (8 messages in 10 s)
    bot.clock.advance(timedelta(days=1))  # the ranking counts whole days up to today
    me = await visitor(browser)

    await me.open(board.url + "/proposals", "proposals")
    assert "共找到 23 件建言" in await me.page.inner_text("main")
    assert await me.page.locator("li.item").count() == 20

    await me.page.select_option("select[name=state]", "answered")
    await me.page.click("form.filters button")
    await me.page.wait_for_url("**state=answered**")
    assert "共找到 1 件建言" in await me.page.inner_text("main")
    await me.page.screenshot(path=str(SHOTS / "proposals-filtered.png"), full_page=True)

    await me.open(board.url + "/proposals", "proposals-again")
    await me.page.click("a[rel=next]")
    await me.page.wait_for_url("**page=2**")
    assert await me.page.locator("li.item").count() == 3
    assert "第 2 / 2 页" in await me.page.inner_text("main")

    await me.open(board.url + "/proposals/1", "proposal")
    history = await me.page.inner_text("section.history")
    assert "提出建言" in history and "答复" in history and "满意" in history
    assert "已纳入明年人才住房计划" in await me.page.inner_text("section.answer")

    await me.open(board.url + "/ranking", "ranking")
    labels = await me.page.locator("figure.chart svg text.label").all_text_contents()
    assert labels == ["市人才办"]
    assert "统计口径" in await me.page.inner_text("p.method")

    await consult(bot)  # the department asks the group; opinions come in; it closes and concludes
    await me.page.click("header.site nav >> text=征求意见")
    await me.page.wait_for_url("**/consultations")
    await me.page.screenshot(path=str(SHOTS / "consultations.png"), full_page=True)
    assert await me.page.locator("li.item.consultation").count() == 2
    await me.page.click("a[href='/consultations/1'] >> nth=1")
    await me.page.wait_for_url("**/consultations/1")
    await me.page.screenshot(path=str(SHOTS / "consultation.png"), full_page=True)
    assert await me.page.locator("ul.poll meter").count() == 3
    assert await me.page.locator("section.topic h3").all_inner_texts() == [
        "#人才 2 条意见", "#创新 1 条意见", "其他 1 条意见"]
    assert CONCLUSION in await me.page.inner_text("section.conclusion")
    assert me.errors == []


async def test_the_supervision_view_shows_a_signed_officials_overdue_items_and_refuses_forged_data(
    board: Board, browser: Browser
) -> None:
    signed = sign_init_data(TOKEN, TALENT_OFFICIAL, "李明", board.bot.clock.now())
    me = await visitor(browser)
    await me.open(webapp_url(board.url + "/app", signed), "app")
    await me.page.wait_for_selector("#overdue:not([hidden])")
    rows = await me.page.locator("#overdue tbody tr").all_inner_texts()
    assert len(rows) == 1 and rows[0].split("\t")[:3] == ["2", "市人才办", "红牌督办"]
    assert "/answer 2" in rows[0]
    assert me.errors == []

    forged = sign_init_data("999:another-bot", TALENT_OFFICIAL, "李明", board.bot.clock.now())
    intruder = await visitor(browser)
    await intruder.open(webapp_url(board.url + "/app", forged), "app-forged")
    refused = "document.getElementById('status').textContent.includes('无法确认')"
    await intruder.page.wait_for_function(refused)
    assert await intruder.page.locator("#overdue").is_hidden()
    # the refused data call is the only error the page saw
    assert all("401" in error for error in intruder.errors)
