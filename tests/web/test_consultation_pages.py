"""The board's consultation pages over HTTP, after a consultation ran through the real bot: the
list with states, closing dates and counts; a consultation with its background, poll, opinions by
topic (most supported first), authors as the board shows them, the conclusion; headers, English,
and 404 like the other pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, config
from tests.web.consultations import CONCLUSION, OPINIONS, consult

pytestmark = pytest.mark.e2e


@pytest.fixture
async def board(make_harness: Callable[..., Harness], unused_tcp_port: int) -> AsyncIterator[str]:
    """The board's address; the group shows erased authors with no unit at all."""
    harness = make_harness(config(web={"enabled": True, "listen": f"127.0.0.1:{unused_tcp_port}",
                                       "public_url": "https://board.example.org"},
                                  privacy={"erased_authors": "anonymous"}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness as bot:
        await consult(bot)
        yield bot.rt.web_url
    await harness.emu.stop()


async def get(url: str, path: str, **headers: str) -> tuple[int, str, aiohttp.typedefs.LooseHeaders]:
    async with aiohttp.ClientSession() as http, http.get(url + path, headers=headers) as response:
        return response.status, await response.text(), response.headers


def main(page: str) -> str:
    return page.split("<main>", 1)[1]


async def test_the_list_shows_each_consultation_with_its_state_closing_date_and_opinions(board: str) -> None:
    status, page, headers = await get(board, "/consultations")
    assert status == 200 and "共 2 次征求意见" in page
    first, second = re.findall(r'<li class="item consultation">(.*?)</li>', page, re.S)
    assert "#2" in first and "征求中" in first and "0 条意见" in first
    assert "科技园区还需要哪些公共服务？" in first
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d 截止", first)
    assert "#1" in second and "已公布结论" in second and "人才公寓怎样分配更公平？" in second
    assert "4 条意见" in second and "科创中心建言群" in second
    assert re.search(r"已于 [\d-]+ [\d:]+ 截止", second)
    assert headers["Cache-Control"] == "public, max-age=60"
    assert "default-src 'none'" in headers["Content-Security-Policy"] and "<script" not in page
    _, proposals, _ = await get(board, "/proposals")
    assert 'href="/consultations"' in proposals  # in the board's navigation


async def test_a_consultation_shows_background_poll_opinions_by_topic_and_the_conclusion(board: str) -> None:
    status, page, _ = await get(board, "/consultations/1")
    assert status == 200
    shown = main(page)
    assert "今年新建人才公寓 200 套" in shown and "已公布结论" in shown and CONCLUSION in shown
    assert "投票结果（3 人参与）" in shown
    assert re.search(r"按积分排序</span> <span class=\"votes\">2 票", shown)
    assert re.search(r"公开摇号</span> <span class=\"votes\">1 票", shown)
    # grouped as the official's summary groups them: the group's topics in order, the rest last
    headings = re.findall(r"<h3>(.*?) <span", shown)
    assert headings == ["#人才", "#创新", "其他"]
    talent = shown.split("<h3>#人才", 1)[1].split("<h3>", 1)[0]
    zhao, wang = OPINIONS["赵六-东城区"][0], OPINIONS["王五-西城区"][0]
    assert talent.index(zhao) < talent.index(wang)  # the most supported first
    assert "赞同 2" in talent
    # authors as the board shows proposal authors: the unit only; the erased one as a member
    for name, (text, author) in OPINIONS.items():
        opinion = shown.split(text, 1)[1].split("</li>", 1)[0]
        assert f"{author} · " in opinion, name
        assert name.split("-")[0] not in page
    assert "西城区" not in page


async def test_an_open_consultation_has_no_conclusion_and_no_opinions_yet(board: str) -> None:
    status, page, _ = await get(board, "/consultations/2")
    assert status == 200 and "征求中" in page and "暂无意见。" in page and "结论" not in main(page)


async def test_consultation_pages_speak_english_when_asked(board: str) -> None:
    _, page, _ = await get(board, "/consultations?lang=en")
    assert "2 consultations" in page and "Concluded" in page and "4 opinions" in page
    _, detail, _ = await get(board, "/consultations/1", **{"Accept-Language": "en"})
    assert "Poll results (3 voted)" in detail and "Opinions received (4)" in detail and "a member" in detail


async def test_unknown_consultations_answer_404_in_the_pages_language(board: str) -> None:
    status, page, headers = await get(board, "/consultations/999")
    assert status == 404 and "页面不存在" in page and headers["Cache-Control"] == "no-store"
    status, english, _ = await get(board, "/consultations/abc?lang=en")
    assert status == 404 and "Page not found" in english
    status, _, _ = await get(board, "/consultations/" + "9" * 13)
    assert status == 404
