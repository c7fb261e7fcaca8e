"""Screening the ``DELIBOT_*`` environment before pydantic-settings reads it.

pydantic-settings ignores a variable whose name matches no field (``DELIBOT_PRUNINGG__X=1`` passes
as "configuration ok" while the operator believes pruning is changed), and a malformed JSON value
for a list or table stops the whole load with a message that names the field, not the variable.
Here every ``DELIBOT_*`` variable is resolved against the settings model first: one that names no
setting, or holds bad JSON for a list or table, becomes a problem naming the variable, and is left
out so that every other problem is still reported in the same round.
"""

from __future__ import annotations

import difflib
import json
import types
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

PREFIX = "DELIBOT_"
DELIMITER = "__"
#: Variables of the prefix that are not settings: the config path, the log level, the test suite's.
RESERVED = ("DELIBOT_CONFIG", "DELIBOT_LOG_LEVEL")
RESERVED_PREFIXES = ("DELIBOT_TEST_",)
_SHAPES: dict[type, str] = {
    list: "expected a JSON list such as [111, 222]",
    dict: 'expected a JSON table such as {"key": "value"}',
}


def _unwrap(annotation: Any) -> Any:
    """``X | None`` -> ``X``: an optional override has the shape of its value."""
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(inner) == 1:
            return _unwrap(inner[0])
    return annotation


def _kind(annotation: Any) -> type | None:
    """list, dict (tables and models) or None (a scalar pydantic-settings passes as a string)."""
    origin = get_origin(annotation) or annotation
    if isinstance(origin, type) and issubclass(origin, BaseModel):
        return dict
    if origin in (list, tuple, set, frozenset):
        return list
    if origin is dict:
        return dict
    return None


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Field names and aliases, lower-cased (pydantic-settings matches names case-insensitively)."""
    names: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        names[(info.alias or name).lower()] = info.annotation
        names.setdefault(name.lower(), info.annotation)
    return names


def _resolve(model: type[BaseModel], segments: list[str]) -> tuple[Any, str | None]:
    """The annotation the variable sets, or None and why it names no setting."""
    annotation: Any = model
    path: list[str] = []
    for segment in segments:
        annotation = _unwrap(annotation)
        origin = get_origin(annotation) or annotation
        if isinstance(origin, type) and issubclass(origin, BaseModel):
            fields = _fields(origin)
            if segment not in fields:
                where = f"[{'.'.join(path)}] has no key" if path else "there is no section"
                near = difflib.get_close_matches(segment, list(fields), n=1)
                hint = f" (did you mean {near[0]}?)" if near else ""
                return None, f'{where} "{segment}"{hint}'
            annotation = fields[segment]
        elif origin is dict:
            annotation = get_args(annotation)[1] if get_args(annotation) else Any
        else:
            return None, f"{'.'.join(path)} is a single value, it has no key \"{segment}\""
        path.append(segment)
    return annotation, None


def _respelled(model: type[BaseModel], rest: str) -> str | None:
    """``TELEGRAM_TOKEN`` -> ``TELEGRAM__TOKEN``: the one-underscore slip, when it names a setting."""
    for index, char in enumerate(rest):
        if char == "_" and "__" not in rest[index - 1 : index + 2]:
            candidate = f"{rest[:index]}{DELIMITER}{rest[index + 1:]}"
            if _resolve(model, candidate.lower().split(DELIMITER))[1] is None:
                return PREFIX + candidate
    return None


def _reserved(name: str) -> bool:
    return name in RESERVED or name.startswith(RESERVED_PREFIXES)


def screen_environment(
    model: type[BaseModel], environ: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The environment without the variables that cannot be used, and a problem for each of them."""
    kept: dict[str, str] = {}
    problems: list[str] = []
    for name, value in environ.items():
        upper = name.upper()
        if not upper.startswith(PREFIX) or _reserved(upper):
            kept[name] = value
            continue
        rest = upper[len(PREFIX):]
        annotation, why = _resolve(model, rest.lower().split(DELIMITER))
        if why is not None:
            respelled = _respelled(model, rest)
            problems.append(f"{name}: not a setting: " + (f"did you mean {respelled}?" if respelled else why))
            continue
        kind = _kind(_unwrap(annotation))
        if kind is not None:
            try:
                json.loads(value)
            except json.JSONDecodeError as exc:
                cause = "empty" if not value.strip() else f"not valid JSON ({exc.msg} at column {exc.colno})"
                problems.append(f"{name}: {cause}; {_SHAPES[kind]}")
                continue
        kept[name] = value
    return kept, problems
