"""The domain's import contract names every third-party package the project depends on, so that
a dependency added later cannot slip into ``deliberation/`` unnoticed: import-linter forbids only
what the contract lists."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
CONTRACT = "The domain imports only the standard library and pyahocorasick"
ALLOWED = {"ahocorasick", "tzdata"}  # tzdata is only read by zoneinfo, never imported


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_domain_contract_forbids_every_dependency_but_pyahocorasick() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    depended = {_canonical(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0])
                for spec in project["project"]["dependencies"]}
    modules = {module for module, dists in packages_distributions().items()
               if any(_canonical(dist) in depended for dist in dists)}
    contract = next(c for c in project["tool"]["importlinter"]["contracts"] if c["name"] == CONTRACT)
    assert "aiogram" in modules  # the dependencies were found at all
    assert modules - ALLOWED - set(contract["forbidden_modules"]) == set()  # unlisted: add them
