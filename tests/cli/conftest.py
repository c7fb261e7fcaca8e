"""The command line run in-process, as an operator types it, in a clean directory and environment."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main

TOKEN = "123456:AAE-cli-test-token"


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if "level=INFO" not in line]


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """``cli("export", "proposals", ...)``: exit code and output; a usage error's SystemExit included."""
    for name in [n for n in os.environ if n.upper().startswith("DELIBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("DELIBOT_TELEGRAM__TOKEN", TOKEN)
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> Ran:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


@pytest.fixture
def config(tmp_path: Path) -> Callable[..., Path]:
    """A config.toml in the test directory; ``database`` defaults to a file there."""

    def write(text: str = "", *, db: str | None = None) -> Path:
        url = db or f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"
        path = tmp_path / "config.toml"
        path.write_text(f'[database]\nurl = "{url}"\n{text}', encoding="utf-8")
        return path

    return write
