"""The global sections of ``config.toml``, one model per ``[table]``.

Every model forbids unknown keys: a typo such as ``tokn`` must be reported, not silently ignored
while the bot runs on a default. Rules that relate two keys of one section are field validators on
the later key, so that the problem is reported at that key's path.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from deliberation.durations import format_duration

from .fields import (
    ClockTime,
    Duration,
    DurationOrZero,
    Listen,
    ListenOrOff,
    Separator,
    Text,
    Timezone,
    Url,
    UrlOrEmpty,
    UserId,
)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class TelegramSection(Section):
    token: SecretStr = SecretStr("")  # better from DELIBOT_TELEGRAM__TOKEN; loading checks it is set
    api_base: Url = "https://api.telegram.org"
    mode: Literal["polling", "webhook"] = "polling"


class WebhookSection(Section):
    public_url: UrlOrEmpty = ""
    listen: Listen = "0.0.0.0:8080"
    secret_token: SecretStr = SecretStr("")

    @field_validator("secret_token")
    @classmethod
    def _telegram_accepts_it(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        # setWebhook accepts 1-256 characters A-Z, a-z, 0-9, _ and -; never echo the value.
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise PydanticCustomError("secret_token", "must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value


DATABASE_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")


class DatabaseSection(Section):
    # repr=False: the URL may carry a password.
    url: Text = Field(default="sqlite+aiosqlite:///delibot.db", repr=False)

    @field_validator("url")
    @classmethod
    def _has_a_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise PydanticCustomError(
                "database_url", "not a database URL (e.g. sqlite+aiosqlite:///delibot.db)"
            )
        # The engine is asynchronous: another driver fails at the first connection with an
        # ImportError; say which two work instead (the URL itself is not echoed: a password).
        if value.split("://", 1)[0].lower() not in DATABASE_SCHEMES:
            raise PydanticCustomError(
                "database_scheme", "must start with sqlite+aiosqlite:// or postgresql+asyncpg://"
            )
        return value


class LocaleSection(Section):
    default: Literal["zh", "en"] = "zh"
    timezone: Timezone = "Asia/Shanghai"


class FloodSection(Section):
    messages: int = Field(default=8, ge=1)
    per: Duration = timedelta(seconds=10)
    mute_for: Duration = timedelta(hours=1)


class ModerationSection(Section):
    moderators: list[UserId] = []
    log_chat_id: int = 0
    warn_limit: int = Field(default=3, ge=1)
    mute_for: Duration = timedelta(days=1)
    flood: FloodSection = FloodSection()
    banned_words: list[Text] = []


class NicknameSection(Section):
    mode: Literal["display", "register"] = "display"
    separators: list[Separator] = Field(default=["-", "·", "|", "/", " "], min_length=1)
    units: list[Text] = []
    grace: Duration = timedelta(hours=24)
    exempt_officials: bool = False


class PruningSection(Section):
    inactive_after: Duration = timedelta(days=30)
    warn_before: DurationOrZero = timedelta(days=3)
    capacity: int = Field(default=0, ge=0)
    reserve: int = Field(default=0, ge=0)
    only_when_full: bool = False

    @field_validator("warn_before")
    @classmethod
    def _warn_before_removal(cls, value: timedelta, info: ValidationInfo) -> timedelta:
        inactive_after = info.data.get("inactive_after")
        if inactive_after is not None and value >= inactive_after:
            raise PydanticCustomError(
                "order",
                "must be shorter than inactive_after ({limit})",
                {"limit": format_duration(inactive_after)},
            )
        return value

    @field_validator("reserve")
    @classmethod
    def _reserve_below_capacity(cls, value: int, info: ValidationInfo) -> int:
        capacity = info.data.get("capacity")
        if capacity and value >= capacity:
            raise PydanticCustomError(
                "order", "must be smaller than capacity ({capacity})", {"capacity": capacity}
            )
        return value


class HandlingSection(Section):
    reply_due: Duration = timedelta(days=5)
    yellow_after: Duration = timedelta(days=5)
    red_after: Duration = timedelta(days=15)
    urge_after: Duration = timedelta(days=30)
    promise_grace: DurationOrZero = timedelta(0)
    promise_red_after: Duration = timedelta(days=5)

    @field_validator("promise_red_after")
    @classmethod
    def _promise_red_after_yellow(cls, value: timedelta, info: ValidationInfo) -> timedelta:
        grace = info.data.get("promise_grace")
        if grace is not None and value <= grace:
            raise PydanticCustomError(
                "order", "must be longer than promise_grace ({limit})", {"limit": format_duration(grace)}
            )
        return value

    @field_validator("red_after", "urge_after")
    @classmethod
    def _cards_escalate(cls, value: timedelta, info: ValidationInfo) -> timedelta:
        before = "yellow_after" if info.field_name == "red_after" else "red_after"
        limit = info.data.get(before)
        if limit is not None and value <= limit:
            raise PydanticCustomError(
                "order",
                "must be longer than {before} ({limit})",
                {"before": before, "limit": format_duration(limit)},
            )
        return value


class HttpSection(Section):
    listen: ListenOrOff = ""


class DigestSection(Section):
    at: ClockTime = "08:30"
    weekly_ranking: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    fallback_chat_id: int = 0


class WebSection(Section):
    """The public board and the Mini App supervision view (off by default in ``run``)."""

    enabled: bool = False
    listen: Listen = "127.0.0.1:8081"
    public_url: UrlOrEmpty = ""
    public_names: Literal["unit", "name_unit"] = "unit"


class SupervisionSection(Section):
    """The supervising office (e.g. 市政务公开办公室) and the supervisors (问政监督员); all empty: none."""

    office: str = ""
    members: list[UserId] = []
    chat_id: int = 0
    supervisors: list[UserId] = []

    @property
    def used(self) -> bool:
        return bool(self.office.strip() or self.members or self.chat_id or self.supervisors)


class RedisSection(Section):
    """Several replicas of one bot share chat locks, update claims, the outgoing limits, the
    polling lease and cache changes through Redis; empty ``url``: one process, nothing shared."""

    url: str = Field(default="", repr=False)  # repr=False: the URL may carry a password
    prefix: Text = "delibot"  # every key and channel starts with it: two bots may share one Redis
    replicas: int = Field(default=1, ge=1)  # how many processes run this configuration

    @field_validator("url")
    @classmethod
    def _is_a_redis_url(cls, value: str) -> str:
        value = value.strip()
        if value and value.split("://", 1)[0].lower() not in ("redis", "rediss", "unix"):
            raise PydanticCustomError("redis_url", "must start with redis://, rediss:// or unix://")
        return value
