"""``check-config`` on the ``[redis]`` section: replicas need Redis and PostgreSQL, said clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.settings.loading import validate_config
from emulator.harness import write_config

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/delibot"


def _problems(tmp_path: Path, **sections: Any) -> list[str]:
    path = write_config(tmp_path / "config.toml", {"telegram": {"token": "1:x"}, **sections})
    settings, problems = validate_config(path, env={})
    assert (settings is None) == bool(problems)
    return problems


def test_without_a_redis_section_one_process_runs_as_before(tmp_path: Path) -> None:
    assert _problems(tmp_path) == []


def test_several_replicas_without_redis_are_refused_at_the_url(tmp_path: Path) -> None:
    problems = _problems(tmp_path, database={"url": PG}, redis={"replicas": 2})
    assert len(problems) == 1 and problems[0].startswith("redis.url: required when redis.replicas")


def test_replicas_on_sqlite_are_refused_with_the_reason(tmp_path: Path) -> None:
    problems = _problems(tmp_path, redis={"url": "redis://127.0.0.1:6379/0", "replicas": 2})
    assert problems == [
        "redis.url: several replicas need PostgreSQL: database.url is SQLite, a file only one process "
        "may write; use postgresql+asyncpg://... or leave [redis] out"
    ]


def test_a_url_that_is_not_redis_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, database={"url": PG}, redis={"url": "http://127.0.0.1:6379"})
    assert problems == ["redis.url: must start with redis://, rediss:// or unix://"]


def test_replicas_on_postgresql_with_redis_are_accepted(tmp_path: Path) -> None:
    redis = {"url": "redis://127.0.0.1:6379/0", "replicas": 3}
    assert _problems(tmp_path, database={"url": PG}, redis=redis) == []
