"""`delibot run` as an operator runs it: webhook mode, health, metrics, and a graceful SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.runtime import Runtime
from bot.settings import load_settings
from emulator import Emulator
from emulator.harness import TOKEN, write_config
from tests.e2e.conftest import config

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(emu: Emulator, tmp_path: Path, **extra: Any) -> Path:
    cfg = config(**extra)
    cfg["telegram"] = {**cfg.get("telegram", {}), "token": TOKEN, "api_base": emu.base_url}
    cfg["database"] = {"url": f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"}
    return write_config(tmp_path / "config.toml", cfg)


async def test_webhook_mode_rejects_a_wrong_secret_and_handles_the_right_one(tmp_path: Path) -> None:
    port = free_port()
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        path = _config(
            emu,
            tmp_path,
            telegram={"mode": "webhook"},
            webhook={
                "public_url": f"http://127.0.0.1:{port}/tg",
                "listen": f"127.0.0.1:{port}",
                "secret_token": "s3cret-token",
            },
        )
        runtime = Runtime(load_settings(path, env={}), schedule=False)
        task = asyncio.create_task(runtime.run_webhook(handle_signals=False))
        try:
            call = await emu.wait_for_call("setWebhook", timeout=10)
            assert call.params["secret_token"] == "s3cret-token"
            async with aiohttp.ClientSession() as http:
                update = {
                    "update_id": 999,
                    "message": {
                        "message_id": 1,
                        "date": 1,
                        "chat": {"id": 42, "type": "private", "first_name": "x"},
                        "from": {"id": 42, "is_bot": False, "first_name": "x"},
                        "text": "/start",
                    },
                }
                wrong = await http.post(
                    f"http://127.0.0.1:{port}/tg",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                )
                assert wrong.status == 401
                missing = await http.post(f"http://127.0.0.1:{port}/tg", json=update)
                assert missing.status == 401
                health = await http.get(f"http://127.0.0.1:{port}/healthz")
                assert health.status == 200 and (await health.json())["status"] == "ok"
            assert emu.sent() == []  # nothing was processed
            uid = emu.add_user("王小明")
            emu.private(uid, "/start")  # the emulator pushes it with the right secret header
            await emu.wait_for(lambda e: len(e.sent(chat_id=uid)) == 1, timeout=10)
            assert "王小明" in emu.sent(chat_id=uid)[0].text
            async with aiohttp.ClientSession() as http:
                metrics = await (await http.get(f"http://127.0.0.1:{port}/metrics")).text()
            assert "delibot_updates_in_flight" in metrics
        finally:
            runtime.stop_event.set()
            await asyncio.wait_for(task, 20)


async def test_sigterm_during_processing_loses_no_update(tmp_path: Path) -> None:
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        path = _config(emu, tmp_path)
        env = {**os.environ, "DELIBOT_CONFIG": str(path), "PYTHONUNBUFFERED": "1"}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert process.stdout is not None
        lines: list[str] = []
        try:
            while not any("Run polling" in line for line in lines):
                line = await asyncio.wait_for(process.stdout.readline(), 30)
                assert line, "".join(lines)
                lines.append(line.decode())
            uid = emu.add_user("王小明")
            emu.delay_next(2.0, method="sendMessage")  # the reply is still in flight at SIGTERM
            emu.private(uid, "/start")
            await emu.wait_for(lambda e: e.pending_updates == 0, timeout=10)
            await asyncio.sleep(0.5)
            process.send_signal(signal.SIGTERM)
            rest = await asyncio.wait_for(process.stdout.read(), 30)
            code = await asyncio.wait_for(process.wait(), 30)
            output = "".join(lines) + rest.decode()
            assert code == 0, output
            replies = emu.sent(chat_id=uid)
            assert len(replies) == 1 and "王小明" in replies[0].text
            assert TOKEN.split(":")[1] not in output  # the token is never logged
            assert "王小明" not in output  # nor a name
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.kill()


def test_check_config_accepts_the_example_and_names_bad_keys(tmp_path: Path) -> None:
    env = {**os.environ, "DELIBOT_TELEGRAM__TOKEN": "123:abc"}
    example = str(ROOT / "config.example.toml")
    ok = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", "--config", example],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[pruning]\ninactive_after = "thirty days"\n[telegram]\ntokn = "x"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", "--config", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert 'pruning.inactive_after: "thirty days" is not a duration' in result.stdout
    assert "telegram.tokn" in result.stdout


def test_db_upgrade_creates_the_schema_and_run_without_a_token_says_how_to_set_it(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "ops.db"
    config_file = tmp_path / "ops.toml"
    config_file.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{db}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DELIBOT_")}
    upgraded = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade", "--config", str(config_file)],
        cwd=ROOT,
        env={**env, "DELIBOT_TELEGRAM__TOKEN": "1:x"},
        capture_output=True,
        text=True,
    )
    assert upgraded.returncode == 0, upgraded.stderr
    tables = {
        row[0] for row in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert {"members", "proposals", "outbox", "claims", "audit_log"} <= tables
    run = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "DELIBOT_TELEGRAM__TOKEN" in run.stderr
