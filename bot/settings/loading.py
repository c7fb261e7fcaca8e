"""Reading ``config.toml`` and the environment, and reporting every problem at once.

The operator fixes a configuration in one round (``delibot check-config`` lists all problems with
their key paths), and the token, which should only ever live in the environment, never appears in
a message: problems are built from error types and the key path, and echo only values that are
not secret.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import EnvSettingsSource, SettingsError, TomlConfigSettingsSource

from .environment import screen_environment
from .fields import quoted
from .model import Settings

DEFAULT_PATH = Path("config.toml")
TOKEN_HINT = "not set; export DELIBOT_TELEGRAM__TOKEN=<token from @BotFather> (never commit it)"
_SECRET_KEYS = {("telegram", "token"), ("webhook", "secret_token"), ("database", "url")}


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` lists each one as ``key.path: what is wrong``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _EnvSource(EnvSettingsSource):
    """pydantic-settings' environment source, reading a given mapping (tests, embedded runs)."""

    def __init__(self, settings_cls: type[Settings], environ: Mapping[str, str]) -> None:
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        if self.case_sensitive:
            return dict(self._environ)
        return {name.lower(): value for name, value in self._environ.items()}


def config_path(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """``--config``, else ``$DELIBOT_CONFIG``, else ``./config.toml``."""
    environ = os.environ if env is None else env
    return Path(path or environ.get("DELIBOT_CONFIG") or DEFAULT_PATH)


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part != "[key]":  # a bad dict key (a topic name) is reported at that key
            out += f".{part}" if out else str(part)
    return out


def _describe(error: Any) -> str:
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required"
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return "must not be empty"
    # "a valid dictionary or instance of FloodSection": the operator writes tables, not classes.
    message = "Input should be a table" if kind == "model_type" else error["msg"]
    value = error.get("input")
    secret = tuple(str(part) for part in loc[-2:]) in _SECRET_KEYS
    # pydantic's own messages ("Input should be ...") do not say what was given; ours do.
    if message.startswith("Input should") and not secret and isinstance(value, str | int | float):
        message += f" (got {quoted(value)})"
    return message


def _given(states: tuple[dict[str, Any], ...], section: str, key: str) -> list[Any]:
    """What the sources give for ``section.key``, highest priority first (as pydantic-settings merges)."""
    tables = (state.get(section) for state in states)
    return [table[key] for table in tables if isinstance(table, dict) and key in table]


def _redacted(problems: list[str], states: tuple[dict[str, Any], ...]) -> list[str]:
    """Problems with every secret given anywhere blanked out, should one be echoed under a wrong key."""
    secrets = [
        value
        for section, key in _SECRET_KEYS
        for value in _given(states, section, key)
        if isinstance(value, str) and len(value.strip()) >= 4
    ]
    for secret in sorted(secrets, key=len, reverse=True):
        problems = [problem.replace(secret, "***") for problem in problems]
    return problems


def validate_config(
    path: str | Path | None = None, env: Mapping[str, str] | None = None, *, require_token: bool = True
) -> tuple[Settings | None, list[str]]:
    """The settings and every problem (settings None when there is one): ``check-config`` needs both."""
    environ = os.environ if env is None else env
    file = config_path(path, environ)
    named = bool(path or environ.get("DELIBOT_CONFIG"))
    problems: list[str] = []
    if file.exists() and not file.is_file():
        return None, [f"{file}: not a file"]
    if named and not file.exists():
        # A named file that is missing is a typo, not "use the defaults": running without the
        # groups would make the bot leave every group.
        problems.append(f"{file}: no such file")
    try:
        toml = TomlConfigSettingsSource(Settings, toml_file=file)
    except tomllib.TOMLDecodeError as exc:
        return None, [f"{file}: not valid TOML: {exc}"]
    except UnicodeDecodeError:
        return None, [f"{file}: not valid TOML: not UTF-8 text"]
    except OSError as exc:
        return None, [f"{file}: cannot be read ({exc.strerror})"]
    usable, unusable = screen_environment(Settings, environ)
    problems = unusable + problems
    env_source = _EnvSource(Settings, usable)
    settings = None
    states: tuple[dict[str, Any], ...] = ()
    try:
        states = (env_source(), toml())
        token = next(iter(_given(states, "telegram", "token")), "")
        if require_token and isinstance(token, str) and not token.strip():  # not a string: pydantic says so
            problems.append(f"telegram.token: {TOKEN_HINT}")
        # pydantic-settings' own keyword: these sources, in this order, instead of its defaults
        settings = Settings(_build_sources=((env_source, toml), {}))  # type: ignore[call-arg]
    except ValidationError as exc:
        problems += [f"{_where(error['loc'])}: {_describe(error)}" for error in exc.errors()]
    except SettingsError as exc:  # a DELIBOT_* variable holding malformed JSON for a list or table
        field = re.search(r'field "(\w+)"', str(exc))
        name = field.group(1) if field else "environment"
        problems.append(f"{name}: a DELIBOT_{name.upper()}* variable is not valid JSON")
    if problems and not named and not file.exists():
        problems.insert(0, f"{file}: no such file (copy config.example.toml, or set DELIBOT_* variables)")
    return (None if problems else settings), _redacted(problems, states)


def load_settings(
    path: str | Path | None = None, env: Mapping[str, str] | None = None, *, require_token: bool = True
) -> Settings:
    """Build the settings once, in ``main()``; raise ConfigError listing every problem."""
    settings, problems = validate_config(path, env, require_token=require_token)
    if settings is None:
        raise ConfigError(problems)
    return settings


def check_config(
    path: str | Path | None = None, env: Mapping[str, str] | None = None, *, require_token: bool = True
) -> list[str]:
    """Every problem of the configuration (empty: fine); ``delibot check-config`` prints them."""
    return validate_config(path, env, require_token=require_token)[1]
