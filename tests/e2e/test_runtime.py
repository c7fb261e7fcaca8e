"""`delibot run` as an operator runs it: webhook mode, health, metrics, and a graceful SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.jobs.outbox import deliver_due
from bot.runtime import Runtime
from bot.settings import load_settings
from emulator import Emulator
from emulator.harness import TOKEN, write_config
from storage.engine import make_engine, make_sessionmaker
from storage.models import OutboxMessage
from storage.uow import UnitOfWorkFactory
from tests.e2e.conftest import GROUP, config

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


async def test_a_webhook_update_that_does_not_parse_is_acknowledged_and_the_next_is_handled(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    caplog.set_level(logging.INFO)
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        path = _config(emu, tmp_path, telegram={"mode": "webhook"}, webhook={
            "public_url": f"http://127.0.0.1:{port}/tg", "listen": f"127.0.0.1:{port}",
            "secret_token": "s3cret-token"})
        runtime = Runtime(load_settings(path, env={}), schedule=False)
        task = asyncio.create_task(runtime.run_webhook(handle_signals=False))
        try:
            await emu.wait_for_call("setWebhook", timeout=10)
            malformed = {"update_id": 1000, "message": {"message_id": "not a number", "date": "yesterday",
                                                        "chat": {"id": 42, "type": "private"},
                                                        "from": {"id": 42, "first_name": "张三秘密"},
                                                        "text": "秘密内容"}}
            async with aiohttp.ClientSession() as http:
                answer = await http.post(f"http://127.0.0.1:{port}/tg", json=malformed,
                                         headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
            assert answer.status == 200  # else Telegram would deliver it again for ever
            uid = emu.add_user("王小明")
            emu.private(uid, "/start")
            await emu.wait_for(lambda e: len(e.sent(chat_id=uid)) == 1, timeout=10)
        finally:
            runtime.stop_event.set()
            await asyncio.wait_for(task, 20)
    assert "malformed update skipped update_id=1000" in caplog.text
    assert "秘密" not in caplog.text and "张三" not in caplog.text


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


async def _start_bot(path: Path) -> tuple[asyncio.subprocess.Process, list[str]]:
    """``delibot run`` as a process of its own, once it polls."""
    env = {**os.environ, "DELIBOT_CONFIG": str(path), "PYTHONUNBUFFERED": "1"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    lines: list[str] = []
    while not any("Run polling" in line for line in lines):
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        assert line, "".join(lines)
        lines.append(line.decode())
    return process, lines


async def _stopped(process: asyncio.subprocess.Process, lines: list[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    assert process.stdout is not None
    rest = await asyncio.wait_for(process.stdout.read(), 60)
    code = await asyncio.wait_for(process.wait(), 30)
    return code, "".join(lines) + rest.decode()


async def _queue_notices(path: Path, emu: Emulator, count: int) -> list[int]:
    """``count`` people who opened a private chat, each with one notice queued in the outbox."""
    from storage.migrate import upgrade_async

    settings = load_settings(path, env={})
    await upgrade_async(settings.database.url)
    users = [emu.add_user(f"工作人员{n}") for n in range(count)]
    for uid in users:
        emu.world.users[uid].opened_private = True
    engine = make_engine(settings.database.url)
    try:
        async with UnitOfWorkFactory(make_sessionmaker(engine))() as uow:
            now = datetime.now(UTC)
            for uid in users:
                await uow.outbox.enqueue(key=f"notice:{uid}", kind="notice", chat_id=uid,
                                         params={"text": f"通知 {uid}"}, now=now)
            await uow.commit()
    finally:
        await engine.dispose()
    return users


async def _outbox_states(path: Path) -> list[tuple[str, str | None]]:
    engine = make_engine(load_settings(path, env={}).database.url)
    try:
        async with UnitOfWorkFactory(make_sessionmaker(engine))() as uow:
            rows = await uow.session.execute(
                select(OutboxMessage.state, OutboxMessage.leased_by).order_by(OutboxMessage.id)
            )
            return [(state, leased) for state, leased in rows.all()]
    finally:
        await engine.dispose()


async def _deliver_after_restart(path: Path) -> None:
    """A new run of the same instance, at once: what is due is delivered."""
    runtime = Runtime(load_settings(path, env={}), schedule=False)
    try:
        await runtime.prepare()
        await deliver_due(runtime.services, runtime.bot)
    finally:
        await runtime.close()


async def test_sigterm_during_a_delivery_finishes_the_send_in_flight_and_gives_back_the_rest(
    tmp_path: Path,
) -> None:
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        path = _config(emu, tmp_path)
        users = await _queue_notices(path, emu, 10)
        emu.delay_next(3.0, method="sendMessage")  # the first notice is in flight at SIGTERM
        process, lines = await _start_bot(path)
        try:
            await emu.wait_for(lambda e: e._arrivals["sendMessage"] >= 1, timeout=20)
            code, output = await _stopped(process, lines)
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        assert code == 0, output
        assert "Traceback" not in output and "Unclosed" not in output, output
        states = await _outbox_states(path)
        assert states[0] == ("sent", None)  # finished and recorded
        assert {s for s, _ in states[1:]} <= {"sent", "pending"}  # the rest given back, not leased
        assert all(leased is None for _, leased in states)
        await _deliver_after_restart(path)
        assert [len(emu.sent(chat_id=uid)) for uid in users] == [1] * len(users)


async def test_after_kill_9_in_a_delivery_the_restart_resends_at_most_the_message_in_flight(
    tmp_path: Path,
) -> None:
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        path = _config(emu, tmp_path)
        users = await _queue_notices(path, emu, 10)
        emu.delay_next(2.0, method="sendMessage")  # Telegram still sends it after the kill
        process, _ = await _start_bot(path)
        try:
            await emu.wait_for(lambda e: e._arrivals["sendMessage"] >= 1, timeout=20)
            process.kill()
            await process.wait()
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        await emu.wait_for(lambda e: len(e.sent()) >= 1, timeout=10)  # the one in flight arrived
        await _deliver_after_restart(path)  # well within the ten-minute lease
        received = [len(emu.sent(chat_id=uid)) for uid in users]
        assert 0 not in received  # nothing lost
        assert sum(received) - len(users) <= 1  # at most the one in flight twice


async def test_sigterm_during_a_pruning_pass_stops_cleanly(tmp_path: Path) -> None:
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        emu.create_group(chat_id=GROUP, title="科创中心建言群")
        path = _config(emu, tmp_path, pruning={"inactive_after": "2s", "warn_before": "0s"})
        process, lines = await _start_bot(path)
        try:
            for n in range(3):
                emu.join(GROUP, emu.add_user(f"成员{n}-海淀区"))
            emu.delay_next(4.0, method="banChatMember")  # the pass is removing someone at SIGTERM
            await emu.wait_for(lambda e: e._arrivals["banChatMember"] >= 1, timeout=30)
            code, output = await _stopped(process, lines)
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        assert code == 0, output
        assert "Traceback" not in output and "Unclosed" not in output, output
        assert "stopped" in output


def test_an_unreachable_api_base_stops_start_up_with_one_line_per_try_and_exit_code_1(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    cfg = config()
    cfg["telegram"] = {"token": TOKEN, "api_base": f"http://127.0.0.1:{port}"}
    cfg["database"] = {"url": f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"}
    path = write_config(tmp_path / "config.toml", cfg)
    env = {**os.environ, "DELIBOT_CONFIG": str(path), "PYTHONUNBUFFERED": "1"}
    run = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and "Unclosed" not in output, output
    tries = [line for line in output.splitlines() if "start-up call failed" in line]
    assert len(tries) == 3 and all(f"host=127.0.0.1:{port}" in line for line in tries)
    (last,) = run.stderr.strip().splitlines()[-1:]
    assert f"127.0.0.1:{port}" in last and "telegram.api_base" in last
