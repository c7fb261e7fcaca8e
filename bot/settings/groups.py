"""``[[groups]]``, ``[[departments]]`` and ``[[faq]]``, and the per-group overrides.

A group may override any ``[nickname]``, ``[pruning]`` or ``[moderation]`` key in
``[groups.nickname]`` etc. (one group may allow a grace of 48h while keeping the global separators),
so the override tables have the same keys as the global ones, all optional, and are laid over the
globals key by key (``flood`` too).
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .fields import Duration, DurationOrZero, Hashtag, Ident, Separator, Text, UserId
from .privacy import PrivacyOverride
from .sections import Section


class NicknameOverride(Section):
    mode: Literal["display", "register"] | None = None
    separators: Annotated[list[Separator], Field(min_length=1)] | None = None
    units: list[Text] | None = None
    grace: Duration | None = None
    exempt_officials: bool | None = None


class PruningOverride(Section):
    inactive_after: Duration | None = None
    warn_before: DurationOrZero | None = None
    capacity: Annotated[int, Field(ge=0)] | None = None
    reserve: Annotated[int, Field(ge=0)] | None = None
    only_when_full: bool | None = None


class FloodOverride(Section):
    messages: Annotated[int, Field(ge=1)] | None = None
    per: Duration | None = None
    mute_for: Duration | None = None


class ModerationOverride(Section):
    moderators: list[UserId] | None = None
    log_chat_id: int | None = None
    warn_limit: Annotated[int, Field(ge=1)] | None = None
    mute_for: Duration | None = None
    flood: FloodOverride | None = None
    banned_words: list[Text] | None = None


class PublicitySection(Section):
    cards: bool = False
    weekly_ranking: bool = False
    monthly_summary: bool = False


class GroupSection(Section):
    chat_id: int
    title: Text
    topics: dict[Hashtag, list[Hashtag]] = {}
    nickname: NicknameOverride | None = None
    pruning: PruningOverride | None = None
    moderation: ModerationOverride | None = None
    privacy: PrivacyOverride | None = None
    publicity: PublicitySection = PublicitySection()

    @field_validator("chat_id")
    @classmethod
    def _is_a_group(cls, value: int) -> int:
        if value >= 0:
            raise PydanticCustomError(
                "chat_id", "group chat ids are negative (e.g. -1001234567890), got {value}", {"value": value}
            )
        return value


class DepartmentSection(Section):
    id: Ident
    name: Text
    officials: list[UserId] = []
    topics: list[Hashtag] = []
    leaders: list[UserId] = []
    review: bool = False

    @field_validator("review")
    @classmethod
    def _review_needs_leaders(cls, value: bool, info: ValidationInfo) -> bool:
        if value and not info.data.get("leaders", [None]):
            raise PydanticCustomError(
                "review_without_leaders", "review = true needs leaders (user ids) to approve the drafts"
            )
        return value


class FaqSection(Section):
    keywords: Annotated[list[Text], Field(min_length=1)]
    answer: Text


S = TypeVar("S", bound=Section)


def overlay(base: S, override: Section | None) -> S:
    """``base`` with the keys set in ``override`` replaced (sub-tables merged key by key).

    Validates the result again, so that rules joining two keys (``warn_before`` below
    ``inactive_after``) hold for the merged group too; raises pydantic's ValidationError.
    """
    if override is None:
        return base
    data = base.model_dump()
    for key, value in override.model_dump(exclude_unset=True).items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    return type(base).model_validate(data)
