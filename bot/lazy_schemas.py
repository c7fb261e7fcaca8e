"""Telegram types build their validators on first use, not all at import.

aiogram declares its types with pydantic's ``defer_build`` but then rebuilds every one of them at
import, to resolve their forward references, and the ~170 API methods follow: 155 MiB of
validators, most for types this bot never meets (measured here: ``import aiogram`` 166 MiB RSS;
with this module 60 MiB, and 64 MiB once an Update has been parsed). Memory is the scarce
resource of a bot serving a thousand groups from one small machine.

So aiogram's rebuild call only records the namespace it passes, and a model is built the first
time it is used, with that namespace, as pydantic builds any deferred model (it calls
``model_rebuild`` itself then). Validation is the same; only when it is built changes.

``bot/__init__`` imports this before anything imports aiogram. It relies on two private
parameters of ``BaseModel.model_rebuild`` (``_types_namespace``, ``_parent_namespace_depth``),
stable across pydantic 2.x (aiogram pins pydantic below 2.14); tests/bot/test_lazy_schemas.py
checks that it still holds.
"""

from __future__ import annotations

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
    global _installed
    if not _installed:
        BaseModel.model_rebuild = classmethod(_model_rebuild)  # type: ignore[method-assign, assignment]
        _installed = True
