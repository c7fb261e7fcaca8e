"""``check-config`` on the copied example: valid, so exit 0, but every placeholder id is named."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def test_the_copied_example_passes_with_a_warning_for_each_placeholder(cli, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "config.toml")
    (tmp_path / "delibot.db").touch()
    ran = cli("check-config")
    assert ran.code == 0
    lines = ran.out.splitlines()
    assert [line.split(":")[1].strip() for line in lines[:-1]] == [
        "moderation.moderators[0]", "supervision.members[0]", "supervision.supervisors[0]",
        "groups[0].chat_id", "departments[0].officials[0]", "departments[0].leaders[0]",
        "departments[1].officials[0]",
    ]
    assert all(line.startswith("warning: ") for line in lines[:-1])
    assert lines[-1] == "configuration ok (7 warnings)"


def test_an_unknown_variable_fails_check_config_by_name(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("DELIBOT_PRUNINGG__X", "1")
    ran = cli("check-config")
    assert ran.code == 1
    assert ran.out.splitlines() == [
        'DELIBOT_PRUNINGG__X: not a setting: there is no section "pruningg" (did you mean pruning?)'
    ]


def test_run_refuses_an_unknown_variable_before_starting(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("DELIBOT_PRUNINGG__X", "1")
    ran = cli("run")
    assert ran.code == 1 and ran.err_lines[0].startswith("DELIBOT_PRUNINGG__X: not a setting")
