"""The public board as a visitor reads it over HTTP: lists, filters, a proposal's history, the
ranking, a department, headers and error pages in the page's language."""

from __future__ import annotations

import re

import aiohttp
import pytest

from tests.web.conftest import ANSWER, Board

pytestmark = pytest.mark.e2e


async def get(board: Board, path: str, **headers: str) -> tuple[int, str, aiohttp.typedefs.LooseHeaders]:
    async with aiohttp.ClientSession() as http, http.get(board.url + path, headers=headers) as response:
        return response.status, await response.text(), response.headers


async def test_the_list_shows_every_proposal_with_its_state_card_and_unit_but_no_name(board: Board) -> None:
    status, page, headers = await get(board, "/proposals")
    assert status == 200
    assert "共找到 2 件建言" in page
    assert "已答复" in page and "满意" in page  # #1: answered and rated
    assert "红牌" in page  # #2: past red_after without an answer
    assert "海淀区" in page and "张三" not in page  # the unit only, by default
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in page  # what the member typed is shown, never run as HTML
    assert str(board.bot.emu.world.users) not in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "<script" not in page


async def test_filters_narrow_the_list_and_bad_values_are_ignored(board: Board) -> None:
    _, answered, _ = await get(board, "/proposals?state=answered")
    assert "共找到 1 件建言" in answered and "#1" in answered and "#2<" not in answered
    _, red, _ = await get(board, "/proposals?card=2")
    assert "共找到 1 件建言" in red and 'href="/proposals/2"' in red
    _, searched, _ = await get(board, "/proposals?q=" + "驿站")
    assert "共找到 1 件建言" in searched
    _, by_department, _ = await get(board, "/proposals?department=talent&topic=人才")
    assert "共找到 2 件建言" in by_department
    status, odd, _ = await get(board, "/proposals?state=nonsense&page=-3&card=9")
    assert status == 200 and "共找到 2 件建言" in odd


async def test_a_proposal_page_shows_its_answer_rating_cards_and_history(board: Board) -> None:
    _, first, _ = await get(board, "/proposals/1")
    assert ANSWER in first and "办理过程" in first
    assert re.search(r"提出建言.*答复.*评价 · 满意", first, re.S)
    _, second, _ = await get(board, "/proposals/2")
    assert "督办提醒 · 黄牌" in second and "督办提醒 · 红牌" in second


async def test_the_ranking_and_a_department_page_name_departments_in_chinese(board: Board) -> None:
    status, ranking, _ = await get(board, "/ranking?period=week")
    assert status == 200 and "统计口径" in ranking
    assert "市人才办" in ranking  # listed (apart: fewer than the minimum sample)
    _, department, _ = await get(board, "/departments/talent")
    assert "市人才办" in department and "本部门承办的建言（2）" in department


async def test_pages_speak_english_when_asked(board: Board) -> None:
    _, page, _ = await get(board, "/proposals?lang=en")
    assert "2 proposals found" in page and "Answered" not in page.split("<main>")[0]
    _, browser, _ = await get(board, "/proposals", **{"Accept-Language": "en-GB,en;q=0.8"})
    assert "All proposals" in browser


async def test_unknown_pages_answer_404_in_the_pages_language(board: Board) -> None:
    status, page, headers = await get(board, "/proposals/999")
    assert status == 404 and "页面不存在" in page and headers["Cache-Control"] == "no-store"
    status, english, _ = await get(board, "/proposals/abc?lang=en")
    assert status == 404 and "Page not found" in english
    status, _, _ = await get(board, "/departments/nowhere")
    assert status == 404
