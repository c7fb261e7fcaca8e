"""Telegram types build their validators on first use, not all at import.

aiogram declares its types with pydantic's ``defer_build`` but then rebuilds every one of them at
import, to resolve their forward references, and the ~170 API methods follow: 155 MiB of
validators, most for types this bot never meets (measured here: ``import aiogram`` 166 MiB RSS;
with this module 60 MiB, and 64 MiB once an Update has been parsed). Memory is the scarce
resource of a bot serving a thousand groups from one small machine.

So aiogram's rebuild call only records the namespace it passes, and a model is built the first
time it is used, with that namespace, as pydantic builds any deferred model (it calls
``model_rebuild`` itself then). Validation is the same; only when it is built changes.

``install()`` must run before anything imports aiogram, and is never a side effect of an
import: ``delibot``'s ``main()`` calls it (every command), and so do the harness, the benchmarks
and the test session (tests/conftest.py). Called too late it raises rather than do nothing.

Relies on (checked by tests/bot/test_lazy_schemas.py):
- pydantic's ``BaseModel.model_rebuild(*, force, raise_errors, _parent_namespace_depth,
  _types_namespace)``: the last two are private, stable across 2.11-2.13 (aiogram itself pins
  pydantic below 2.14), hence ``pydantic>=2.11,<2.14``.
- pydantic building a deferred model on first use by calling ``cls.model_rebuild(...)`` (from the
  mock validator of ``pydantic._internal._mock_val_ser``), so the patched method is what builds it.
- aiogram's ``TelegramObject.model_config`` having ``defer_build=True``, and ``aiogram.types``
  calling ``model_rebuild(_types_namespace=...)`` on every type at import with the namespace of
  all its types (the loop at the end of ``aiogram/types/__init__.py``).
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel

_rebuild = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]
_namespace: dict[str, Any] = {}  # aiogram's types by name, as aiogram.types passes them
_installed = False


def _aiogram(cls: type[BaseModel]) -> bool:
    return cls.__module__.startswith("aiogram.")


def _model_rebuild(
    cls: type[BaseModel],
    *,
    force: bool = False,
    raise_errors: bool = True,
    _parent_namespace_depth: int = 2,
    _types_namespace: Any = None,
) -> bool | None:
    if _aiogram(cls) and not force:
        if _types_namespace is not None and cls.model_config.get("defer_build"):
            _namespace.update(_types_namespace)  # aiogram.types at import: build later
            return None
        if _types_namespace is None and _namespace:
            _types_namespace = _namespace  # first use: build with aiogram's own namespace
    return _rebuild(  # type: ignore[no-any-return]
        cls, force=force, raise_errors=raise_errors, _parent_namespace_depth=_parent_namespace_depth + 1,
        _types_namespace=_types_namespace,
    )


def install() -> None:
    """Patch ``BaseModel.model_rebuild`` process-wide, once; before aiogram's types are imported,
    since they are rebuilt at their import (afterwards the memory is spent, and it would do nothing)."""
    global _installed
    if _installed:
        return
    if "aiogram.types" in sys.modules:
        raise RuntimeError("bot.lazy_schemas.install() must run before aiogram is imported")
    BaseModel.model_rebuild = classmethod(_model_rebuild)  # type: ignore[method-assign, assignment]
    _installed = True
