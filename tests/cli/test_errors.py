"""A user's mistake is one line and exit 1, never a traceback; bad usage is argparse's exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.migrate import upgrade

EVERY_COMMAND = [
    ("run",),
    ("check-config",),
    ("db", "upgrade"),
    ("digest", "--preview"),
    ("export", "proposals", "--format", "csv"),
    ("simulate", "--days", "1"),
]
UNREACHABLE = "postgresql+asyncpg://delibot:s3cretpw@127.0.0.1:1/delibot"


def test_simulate_with_a_config_that_is_not_toml_says_so_in_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("[groups\n", encoding="utf-8")
    ran = cli("simulate", "--config", "bad.toml")
    assert ran.code == 1
    assert ran.err_lines == [
        "simulate: bad.toml: not valid TOML: "
        "Expected ']' at the end of a table declaration (at line 1, column 8)"
    ]


def test_simulate_with_a_config_the_bot_would_refuse_names_the_key(cli, tmp_path: Path) -> None:
    example = (Path(__file__).resolve().parents[2] / "config.example.toml").read_text(encoding="utf-8")
    bad = example.replace('grace = "48h"', 'grace = "two days"')
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    ran = cli("simulate", "--config", "bad.toml")
    assert (ran.code, ran.err_lines) == (1, [
        'simulate: groups[0].nickname.grace: "two days" is not a duration '
        "(use e.g. 90s, 15m, 12h, 30d, 1d12h)"
    ])


def test_export_to_a_directory_that_does_not_exist_is_one_line(cli, config) -> None:
    config()
    ran = cli("export", "proposals", "--format", "csv", "--out", "/no/such/dir/x.csv")
    assert (ran.code, ran.err_lines) == (1, ["--out /no/such/dir/x.csv: directory not found: /no/such/dir"])


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_a_config_file_that_is_missing_is_one_line_for_every_command(cli, command: tuple[str, ...]) -> None:
    ran = cli(*command, "--config", "missing.toml")
    assert ran.code == 1
    assert len(ran.err_lines + ran.out.splitlines()) == 1
    assert "missing.toml: no such file" in ran.err + ran.out


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_a_config_file_that_is_not_toml_is_one_line_for_every_command(
    cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "broken.toml").write_text('[database]\nurl = "sqlite+aiosqlite:///x.db\n', encoding="utf-8")
    ran = cli(*command, "--config", "broken.toml")
    assert ran.code == 1
    (line,) = ran.err_lines + ran.out.splitlines()
    assert "broken.toml: not valid TOML" in line


@pytest.mark.parametrize("command", [c for c in EVERY_COMMAND if c[0] not in ("simulate", "check-config")],
                         ids=" ".join)
def test_an_unreachable_database_is_one_line_without_the_password(
    cli, config, command: tuple[str, ...]
) -> None:
    path = config(db=UNREACHABLE)
    ran = cli(*command, "--config", str(path))
    assert ran.code == 1
    (line,) = ran.err_lines
    assert line.startswith("database postgresql+asyncpg://delibot:***@127.0.0.1:1/delibot cannot be used:")
    assert "s3cretpw" not in ran.err + ran.out


def test_a_database_of_a_driver_the_bot_cannot_use_is_a_configuration_problem(cli, config) -> None:
    path = config(db="mysql://delibot@localhost/delibot")
    ran = cli("db", "upgrade", "--config", str(path))
    assert (ran.code, ran.err_lines) == (
        1, ["database.url: must start with sqlite+aiosqlite:// or postgresql+asyncpg://"]
    )


@pytest.mark.parametrize(
    "argv",
    [("export", "proposals"), ("frobnicate",), ("digest",), ("export", "proposals", "--format", "xml")],
    ids=" ".join,
)
def test_bad_usage_exits_2(cli, argv: tuple[str, ...]) -> None:
    assert cli(*argv).code == 2


def test_a_bad_since_date_is_usage_too(cli, config) -> None:
    path = config()
    upgrade(f"sqlite+aiosqlite:///{path.parent / 'delibot.db'}")
    ran = cli("export", "proposals", "--format", "csv", "--since", "1 Nov", "--config", str(path))
    assert ran.code == 2 and "YYYY-MM-DD" in ran.err
