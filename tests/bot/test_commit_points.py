"""One commit point per update and per job run: the update middleware commits an update's unit of
work, ``services.uow.transaction()`` a job's (or one item's); no feature calls ``commit()``, except
where a Bot API call must be recorded before it is made, and each such place says why on the line
(or the line above) with ``# own commit:``.

A source check, because a stray commit changes nothing a scenario can see until a Bot API call
fails half-way.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK = "# own commit:"


def _commits(source: str) -> list[int]:
    """The lines of ``commit()`` calls that do not say why they are there."""
    tree = ast.parse(source)
    lines = source.splitlines()
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
        and MARK not in lines[node.lineno - 1] and MARK not in lines[node.lineno - 2]
    ]


def test_no_feature_or_job_commits_by_itself() -> None:
    files = [*(ROOT / "bot" / "features").rglob("*.py"), *(ROOT / "bot" / "jobs").rglob("*.py")]
    found = {
        f"{rel}:{line}"
        for path in files
        for line in _commits(path.read_text(encoding="utf-8"))
        if (rel := path.relative_to(ROOT).as_posix())
    }
    assert found == set()


def test_the_check_finds_a_commit_that_does_not_say_why() -> None:
    assert _commits("async def handler(uow):\n    await uow.commit()\n") == [2]
    marked = "async def job(uow):\n    # own commit: recorded before the ban\n    await uow.commit()\n"
    assert _commits(marked) == []
    assert _commits("async def job(services):\n    async with services.uow.transaction() as uow:\n"
                    "        await uow.claims.claim('job', 'p', now=None)\n") == []
