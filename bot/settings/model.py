"""The whole configuration, and its translation into the domain's frozen policies.

The domain never sees this object (STYLE.md, habit 7): ``main()`` builds it once and hands out
``GroupPolicy``/``HandlingPolicy``/... values. Rules that join sections (a department's topics
must exist in some group, webhook mode needs a public URL) are field validators on the later
section, so they report every problem at its own key path even when other sections are broken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import Field, PrivateAttr, ValidationError, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from deliberation.policy import (
    Department,
    DigestPolicy,
    FaqEntry,
    GroupPolicy,
    HandlingPolicy,
    SupervisionPolicy,
)

from . import policies
from .fields import quoted
from .groups import DepartmentSection, FaqSection, GroupSection, overlay
from .privacy import PrivacySection
from .sections import (
    DatabaseSection,
    DigestSection,
    HandlingSection,
    HttpSection,
    LocaleSection,
    ModerationSection,
    NicknameSection,
    PruningSection,
    RedisSection,
    SupervisionSection,
    TelegramSection,
    WebhookSection,
    WebSection,
)

T = TypeVar("T")


def _problem(loc: tuple[str | int, ...], kind: str, message: str, **ctx: Any) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError(kind, message, ctx or None), loc=loc, input=None)


def _fail(details: list[InitErrorDetails]) -> None:
    # A ValidationError raised in a validator is merged into the outer one, locations prefixed.
    if details:
        raise ValidationError.from_exception_data("Settings", details)


class Settings(BaseSettings):
    """``config.toml`` with ``DELIBOT_<SECTION>__<KEY>`` overrides; build it with ``load_settings``."""

    model_config = SettingsConfigDict(
        env_prefix="DELIBOT_",
        env_prefix_target="all",  # the aliases below too: DELIBOT_DEPARTMENTS, not DEPARTMENTS
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
    )

    telegram: TelegramSection = TelegramSection()
    webhook: WebhookSection = WebhookSection()
    database: DatabaseSection = DatabaseSection()
    locale: LocaleSection = LocaleSection()
    moderation: ModerationSection = ModerationSection()
    nickname: NicknameSection = NicknameSection()
    pruning: PruningSection = PruningSection()
    handling: HandlingSection = HandlingSection()
    http: HttpSection = HttpSection()
    digest: DigestSection = DigestSection()
    privacy: PrivacySection = PrivacySection()
    web: WebSection = WebSection()
    supervision: SupervisionSection = SupervisionSection()
    redis: RedisSection = RedisSection()
    groups: list[GroupSection] = []
    # Aliased: departments() and faq() are the policy methods below.
    department_tables: list[DepartmentSection] = Field(default=[], alias="departments")
    faq_tables: list[FaqSection] = Field(default=[], alias="faq")

    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    @field_validator("webhook")
    @classmethod
    def _webhook_mode_needs_url_and_secret(
        cls, value: WebhookSection, info: ValidationInfo
    ) -> WebhookSection:
        telegram = info.data.get("telegram")
        if telegram is None or telegram.mode != "webhook":
            return value
        details = []
        if not value.public_url:
            details.append(_problem(("public_url",), "required", 'required when telegram.mode is "webhook"'))
        if not value.secret_token.get_secret_value():
            details.append(
                _problem(
                    ("secret_token",),
                    "required",
                    'required when telegram.mode is "webhook"; export DELIBOT_WEBHOOK__SECRET_TOKEN=<random>',
                )
            )
        _fail(details)
        return value

    @field_validator("supervision")
    @classmethod
    def _supervision_reaches_someone(cls, value: SupervisionSection) -> SupervisionSection:
        if not value.used:
            return value
        details = []
        if not value.office.strip():
            details.append(_problem(("office",), "required",
                                    "required: the supervising office's name (e.g. 市政务公开办公室)"))
        if not value.members and not value.chat_id:
            details.append(_problem(
                ("members",), "no_recipient",
                "nobody receives the office's notices: give members (user ids) or a chat_id",
            ))
        _fail(details)
        return value

    @field_validator("redis")
    @classmethod
    def _replicas_need_redis_and_postgresql(cls, value: RedisSection, info: ValidationInfo) -> RedisSection:
        database = info.data.get("database")
        details = []
        if value.replicas > 1 and not value.url:
            details.append(_problem(
                ("url",), "required",
                "required when redis.replicas is more than 1: replicas share chat locks, limits and "
                "the polling lease through Redis (e.g. redis://127.0.0.1:6379/0)",
            ))
        if (value.url or value.replicas > 1) and database is not None and database.url.startswith("sqlite"):
            key = "url" if value.url else "replicas"
            details.append(_problem(
                (key,), "needs_postgresql",
                "several replicas need PostgreSQL: database.url is SQLite, a file only one process "
                "may write; use postgresql+asyncpg://... or leave [redis] out",
            ))
        _fail(details)
        return value

    @field_validator("groups")
    @classmethod
    def _groups_are_distinct_and_merge(
        cls, value: list[GroupSection], info: ValidationInfo
    ) -> list[GroupSection]:
        details: list[InitErrorDetails] = []
        first: dict[int, int] = {}
        for index, group in enumerate(value):
            if group.chat_id in first:
                details.append(
                    _problem(
                        (index, "chat_id"),
                        "duplicate",
                        "same chat_id as groups[{other}]",
                        other=first[group.chat_id],
                    )
                )
            first.setdefault(group.chat_id, index)
            for name in ("nickname", "pruning", "moderation"):
                base = info.data.get(name)
                if base is None:
                    continue
                try:
                    overlay(base, getattr(group, name))
                except ValidationError as exc:
                    details += [
                        _problem((index, name, *error["loc"]), error["type"], error["msg"])
                        for error in exc.errors()
                    ]
        _fail(details)
        return value

    @field_validator("department_tables")
    @classmethod
    def _departments_are_distinct_and_topics_exist(
        cls, value: list[DepartmentSection], info: ValidationInfo
    ) -> list[DepartmentSection]:
        details: list[InitErrorDetails] = []
        seen: set[str] = set()
        groups = info.data.get("groups")
        topics = None if groups is None else {topic for group in groups for topic in group.topics}
        for index, department in enumerate(value):
            if department.id in seen:
                details.append(
                    _problem(
                        (index, "id"),
                        "duplicate",
                        "{value} is used by another department",
                        value=quoted(department.id),
                    )
                )
            seen.add(department.id)
            details += [
                _problem(
                    (index, "topics"), "unknown_topic", "{value} is not a topic of any group", value=quoted(t)
                )
                for t in department.topics
                if topics is not None and t not in topics
            ]
        _fail(details)
        return value

    def _once(self, key: str, build: Callable[[], T]) -> T:
        # The settings are frozen, so whatever is derived from them can be derived once.
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def group_policies(self) -> dict[int, GroupPolicy]:
        """Every configured group's policy, overrides merged; computed once."""
        return self._once(
            "groups",
            lambda: {
                g.chat_id: policies.group_policy(g, self.nickname, self.pruning, self.moderation, self.locale)
                for g in self.groups
            },
        )

    def group_policy(self, chat_id: int) -> GroupPolicy | None:
        """None for a chat that is not configured: the bot says so once and leaves."""
        return self.group_policies().get(chat_id)

    def handling_policy(self) -> HandlingPolicy:
        return self._once("handling", lambda: policies.handling_policy(self.handling))

    def digest_policy(self) -> DigestPolicy:
        return self._once("digest", lambda: policies.digest_policy(self.digest, self.locale))

    def departments(self) -> tuple[Department, ...]:
        return self._once("departments", lambda: policies.departments(self.department_tables))

    def supervision_policy(self) -> SupervisionPolicy:
        return self._once("supervision", lambda: policies.supervision_policy(self.supervision))

    def leaders(self) -> dict[int, tuple[str, ...]]:
        """User id -> ids of the departments they lead (分管领导)."""
        return self._once("leaders", lambda: policies.leaders(self.department_tables))

    def faq(self) -> tuple[FaqEntry, ...]:
        return self._once("faq", lambda: policies.faq(self.faq_tables))

    def all_moderators(self) -> frozenset[int]:
        """Global moderators and every group's own: who may use moderator commands somewhere."""
        return self._once(
            "moderators",
            lambda: frozenset(self.moderation.moderators).union(
                *(p.moderation.moderators for p in self.group_policies().values())
            ),
        )

    def officials(self) -> dict[int, tuple[str, ...]]:
        """User id -> ids of the departments they serve in (in configuration order)."""
        return self._once("officials", lambda: policies.officials(self.department_tables))
