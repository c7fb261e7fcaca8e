"""``check-config --live`` against the emulator: who can be written to, which groups the bot
administers with which rights, and one line per failure when Telegram cannot be reached."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import tomli_w

from bot.cli.live import RIGHTS, check_live
from bot.settings import Settings, load_settings
from emulator import Emulator

TOKEN = "424242:LIVE-check-token"
ROOT = Path(__file__).resolve().parents[2]
GOOD, PARTIAL, MEMBER = -1001, -1002, -1003


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(token=TOKEN, rate_limits=False) as emulator:
        yield emulator


def _settings(tmp_path: Path, api_base: str, **tables: object) -> Settings:
    config = {"telegram": {"api_base": api_base}, **tables}
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return load_settings(path, env={"DELIBOT_TELEGRAM__TOKEN": TOKEN})


class Recorder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.slept: list[float] = []

    def say(self, line: str) -> None:
        self.lines.append(line)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


async def test_a_person_who_never_pressed_start_and_a_group_without_rights_fail_the_check(
    emu: Emulator, tmp_path: Path
) -> None:
    moderator = emu.add_user("管理员", user_id=5001)
    official = emu.add_user("官员", user_id=5002, started=True)
    emu.create_group(GOOD, "建言一群")
    lacking = {"can_pin_messages": False, "can_restrict_members": False}
    emu.create_group(PARTIAL, "建言二群", bot_rights=lacking)
    emu.create_group(MEMBER, "建言三群", bot_status="member")
    settings = _settings(
        tmp_path, emu.base_url,
        moderation={"moderators": [moderator]},
        groups=[{"chat_id": c, "title": t, "topics": {"人才": []}}
                for c, t in ((GOOD, "建言一群"), (PARTIAL, "建言二群"), (MEMBER, "建言三群"))],
        departments=[{"id": "talent", "name": "市人才办", "officials": [official, 5999], "topics": ["人才"]}],
    )
    # Telegram (and the emulator) answers 403 to a bot writing first to someone who never opened its chat
    out = Recorder()
    assert await check_live(settings, say=out.say, sleep=out.sleep) == 1
    assert out.lines[0] == f"ok       bot @delibot (id 424242) at {emu.base_url.removeprefix('http://')}"
    assert out.lines[1].startswith("MISSING  moderator 5001: cannot be written to (Forbidden")
    assert out.lines[1].endswith("must open a private chat with the bot and press Start (and not block it)")
    assert out.lines[2] == "ok       official of 市人才办 5002: can be written to"
    assert out.lines[3].startswith(
        "MISSING  official of 市人才办 5999: cannot be written to (Bad Request: chat not found)"
    )
    assert out.lines[4] == "ok       group 建言一群 -1001: administrator with every right the bot needs"
    assert out.lines[5] == (
        "MISSING  group 建言二群 -1002: administrator without the rights: "
        "ban and restrict members, pin messages"
    )
    assert out.lines[6].startswith("MISSING  group 建言三群 -1003: the bot is member, not an administrator")
    assert len(out.lines) == 7
    assert emu.sent() == []  # a probe leaves no message behind
    assert len(emu.calls("sendChatAction")) == 3 and len(emu.calls("getChatMember")) == 3


async def test_everyone_reachable_and_every_group_administered_passes(emu: Emulator, tmp_path: Path) -> None:
    official = emu.add_user("官员", user_id=5002, started=True)
    emu.create_group(GOOD, "建言一群")
    settings = _settings(
        tmp_path, emu.base_url, groups=[{"chat_id": GOOD, "title": "建言一群", "topics": {"人才": []}}],
        departments=[{"id": "talent", "name": "市人才办", "officials": [official], "topics": ["人才"]}],
    )
    out = Recorder()
    assert await check_live(settings, say=out.say, sleep=out.sleep) == 0
    assert all(line.startswith("ok") for line in out.lines) and len(out.lines) == 3


def test_the_rights_checked_include_manage_tags_when_aiogram_knows_it() -> None:
    from aiogram.types import ChatMemberAdministrator

    assert ("can_manage_tags" in RIGHTS) == ("can_manage_tags" in ChatMemberAdministrator.model_fields)
    needed = {"can_delete_messages", "can_restrict_members", "can_invite_users", "can_pin_messages"}
    assert needed <= set(RIGHTS)


async def test_server_errors_are_retried_a_bounded_number_of_times(emu: Emulator, tmp_path: Path) -> None:
    settings = _settings(tmp_path, emu.base_url)
    emu.fail_next(n=2, status=502, method="getMe")
    out = Recorder()
    assert await check_live(settings, say=out.say, sleep=out.sleep) == 0
    host = emu.base_url.removeprefix("http://")
    assert out.lines[0].startswith(f"telegram: getMe at {host} failed (attempt 1 of 3): TelegramServerError")
    assert out.lines[1].startswith(f"telegram: getMe at {host} failed (attempt 2 of 3): ")
    assert out.lines[2].startswith("ok       bot @delibot")
    assert out.slept == [1.0, 3.0]


async def test_an_unreachable_api_base_is_one_line_per_attempt_naming_the_host(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = _settings(tmp_path, f"http://127.0.0.1:{port}")
    out = Recorder()
    assert await check_live(settings, say=out.say, sleep=out.sleep) == 1
    assert len(out.lines) == 4
    for attempt, line in enumerate(out.lines[:3], start=1):
        assert line.startswith(f"telegram: getMe at 127.0.0.1:{port} failed (attempt {attempt} of 3): ")
        assert "TelegramNetworkError" in line
    assert out.lines[3] == f"telegram: cannot reach 127.0.0.1:{port}: check telegram.api_base and the network"
    assert TOKEN not in "\n".join(out.lines)


async def test_a_token_telegram_refuses_is_one_line(emu: Emulator, tmp_path: Path) -> None:
    config = {"telegram": {"api_base": emu.base_url}}
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    settings = load_settings(path, env={"DELIBOT_TELEGRAM__TOKEN": "1:wrong"})
    out = Recorder()
    assert await check_live(settings, say=out.say, sleep=out.sleep) == 1
    host = emu.base_url.removeprefix("http://")
    assert out.lines == [f"MISSING  telegram.token: {host} does not accept the token (Unauthorized)"]


async def test_the_command_exits_1_and_lists_who_cannot_be_reached(emu: Emulator, tmp_path: Path) -> None:
    emu.add_user("官员", user_id=5002, started=True)
    emu.create_group(GOOD, "建言一群")
    config = {
        "telegram": {"api_base": emu.base_url},
        "database": {"url": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"},
        "groups": [{"chat_id": GOOD, "title": "建言一群", "topics": {"人才": []}}],
        "departments": [{"id": "talent", "name": "市人才办", "officials": [5002, 5003], "topics": ["人才"]}],
    }
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("DELIBOT_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "check-config", "--live", "--config", str(path),
        cwd=ROOT, env={**env, "DELIBOT_TELEGRAM__TOKEN": TOKEN},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1, err.decode()
    lines = out.decode().splitlines()
    assert "ok       official of 市人才办 5002: can be written to" in lines
    assert any(line.startswith("MISSING  official of 市人才办 5003:") for line in lines)
    assert "configuration ok" not in lines
