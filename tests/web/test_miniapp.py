"""The supervision view: Telegram's signed initData decides what is shown, and to whom."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import aiohttp
import pytest

from emulator.harness import TOKEN
from emulator.webapp import sign_init_data
from tests.e2e.conftest import INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL
from tests.web.conftest import AUTHOR, Board

pytestmark = pytest.mark.e2e


async def overdue(board: Board, authorization: str | None, path: str = "/app/api/overdue") -> tuple[int, str]:
    headers = {} if authorization is None else {"Authorization": authorization}
    async with aiohttp.ClientSession() as http, http.get(board.url + path, headers=headers) as response:
        return response.status, await response.text()


def signed(board: Board, user_id: int, *, age: timedelta = timedelta(0), token: str = TOKEN) -> str:
    return "tma " + sign_init_data(token, user_id, "李明", board.bot.clock.now() - age)


async def test_an_official_sees_their_departments_overdue_proposal_with_card_and_days(board: Board) -> None:
    status, body = await overdue(board, signed(board, TALENT_OFFICIAL))
    assert status == 200
    assert '"number": 2' in body and '"department": "talent"' in body and '"card": 2' in body
    assert '"number": 1,' not in body  # answered: not overdue
    assert '"days": 0' in body


async def test_an_official_of_another_department_sees_nothing_and_a_moderator_sees_all(board: Board) -> None:
    _, other = await overdue(board, signed(board, INNOVATION_OFFICIAL))
    assert other == '{"items": []}'
    _, everything = await overdue(board, signed(board, MODERATOR))
    assert '"number": 2' in everything


async def test_forged_stale_or_missing_init_data_gets_401_and_nothing_else(board: Board) -> None:
    for authorization in (
        None,
        "tma ",
        signed(board, TALENT_OFFICIAL, token="999:another-bot"),  # signed with another bot's token
        signed(board, TALENT_OFFICIAL, age=timedelta(days=2)),  # too old
        signed(board, TALENT_OFFICIAL).replace("%22id%22%3A222222", "%22id%22%3A111111"),  # edited user
        "Bearer " + signed(board, TALENT_OFFICIAL)[4:],
    ):
        status, body = await overdue(board, authorization)
        assert status == 401, authorization
        assert "number" not in body


async def test_the_overdue_list_exports_as_csv_in_the_officials_language(board: Board) -> None:
    status, body = await overdue(board, signed(board, TALENT_OFFICIAL), "/app/api/overdue.csv")
    assert status == 200
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0] == "编号,部门,督办,已等天数,建言内容"
    assert lines[1].startswith("2,市人才办,红牌督办,0,")


async def test_the_app_page_is_a_shell_without_inline_script(board: Board) -> None:
    async with aiohttp.ClientSession() as http, http.get(board.url + "/app") as response:
        page = await response.text()
        assert response.status == 200
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self' https://web.telegram.org" in policy
    assert '<script src="/static/app.js" defer></script>' in page
    assert page.count("<script") == 1


async def test_an_official_opens_the_view_from_the_button_in_their_private_chat(board: Board) -> None:
    opened = board.bot.emu.open_web_app(TALENT_OFFICIAL, board.bot.clock.now())
    assert opened is not None and opened.startswith("https://board.example.org/app#tgWebAppData=")
    init_data = unquote(opened.split("#tgWebAppData=", 1)[1])
    status, body = await overdue(board, "tma " + init_data)
    assert status == 200 and '"number": 2' in body
    author = next(uid for uid, u in board.bot.emu.world.users.items() if u.first_name == AUTHOR)
    assert board.bot.emu.open_web_app(author, board.bot.clock.now()) is None  # members get no button
