"""A mistyped SQLite path is refused rather than created empty; ``db upgrade`` says what it did."""

from __future__ import annotations

from pathlib import Path

import pytest

READERS = [("digest", "--preview"), ("export", "proposals", "--format", "csv")]


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_database_file_that_does_not_exist_is_refused_and_not_created(
    cli, config, tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = config(db="sqlite+aiosqlite:///delibto.db")  # the typo the operator did not see
    ran = cli(*command, "--config", str(path))
    assert ran.code == 1
    assert ran.err_lines == ["database file not found: delibto.db; run `delibot db upgrade` to create it"]
    assert not (tmp_path / "delibto.db").exists()


def test_check_config_warns_of_a_database_file_that_does_not_exist_yet(cli, config) -> None:
    path = config(db="sqlite+aiosqlite:///fresh.db")
    ran = cli("check-config", "--config", str(path))
    assert ran.code == 0
    warning = "database.url: database file not found: fresh.db; `delibot db upgrade` (or `run`) creates it"
    assert f"warning: {warning}" in ran.out.splitlines()


def test_db_upgrade_reports_the_migration_it_applied_then_that_there_was_nothing_to_do(
    cli, config, tmp_path: Path
) -> None:
    path = config(db="sqlite+aiosqlite:///new.db")
    first = cli("db", "upgrade", "--config", str(path))
    assert first.code == 0
    assert first.out.splitlines() == [
        "applied 0001_initial_schema", "applied 0002_accountability",
        "database sqlite+aiosqlite:///new.db is now at 0002_accountability",
    ]
    assert (tmp_path / "new.db").is_file()
    again = cli("db", "upgrade", "--config", str(path))
    assert again.out.splitlines() == [
        "database sqlite+aiosqlite:///new.db already up to date at 0002_accountability"
    ]


def test_after_db_upgrade_the_readers_accept_the_database(cli, config) -> None:
    path = config(db="sqlite+aiosqlite:///made.db")
    assert cli("db", "upgrade", "--config", str(path)).code == 0
    ran = cli("export", "proposals", "--format", "json", "--config", str(path))
    assert ran.code == 0 and '"proposals": []' in ran.out
