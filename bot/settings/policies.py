"""Validated sections -> the frozen policies of ``deliberation/policy.py``.

Lists become tuples and id lists frozensets, so that a policy handed to the domain can be neither
mutated nor confused with the settings object it came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from deliberation.policy import (
    Department,
    DigestPolicy,
    FaqEntry,
    FloodPolicy,
    GroupPolicy,
    HandlingPolicy,
    ModerationPolicy,
    NicknamePolicy,
    PruningPolicy,
    PublicityPolicy,
    SupervisionPolicy,
)

from .groups import DepartmentSection, FaqSection, GroupSection, overlay
from .sections import (
    DigestSection,
    HandlingSection,
    LocaleSection,
    ModerationSection,
    NicknameSection,
    PruningSection,
    SupervisionSection,
)


def nickname_policy(section: NicknameSection) -> NicknamePolicy:
    return NicknamePolicy(
        mode=section.mode,
        separators=tuple(section.separators),
        units=tuple(section.units),
        grace=section.grace,
        exempt_officials=section.exempt_officials,
    )


def pruning_policy(section: PruningSection) -> PruningPolicy:
    return PruningPolicy(
        inactive_after=section.inactive_after,
        warn_before=section.warn_before,
        capacity=section.capacity,
        reserve=section.reserve,
        only_when_full=section.only_when_full,
    )


def moderation_policy(section: ModerationSection) -> ModerationPolicy:
    flood = section.flood
    return ModerationPolicy(
        moderators=frozenset(section.moderators),
        log_chat_id=section.log_chat_id,
        warn_limit=section.warn_limit,
        mute_for=section.mute_for,
        flood=FloodPolicy(messages=flood.messages, per=flood.per, mute_for=flood.mute_for),
        banned_words=tuple(section.banned_words),
    )


def group_policy(
    group: GroupSection,
    nickname: NicknameSection,
    pruning: PruningSection,
    moderation: ModerationSection,
    locale: LocaleSection,
) -> GroupPolicy:
    """The group's own keys laid over the global sections, key by key."""
    return GroupPolicy(
        chat_id=group.chat_id,
        title=group.title,
        # The topic's own name is a hashtag too: #人才 files a proposal under 人才.
        topics={topic: tuple(dict.fromkeys((topic, *words))) for topic, words in group.topics.items()},
        nickname=nickname_policy(overlay(nickname, group.nickname)),
        pruning=pruning_policy(overlay(pruning, group.pruning)),
        moderation=moderation_policy(overlay(moderation, group.moderation)),
        locale=locale.default,
        timezone=locale.timezone,
        publicity=PublicityPolicy(**group.publicity.model_dump()),
    )


def handling_policy(section: HandlingSection) -> HandlingPolicy:
    return HandlingPolicy(
        reply_due=section.reply_due,
        yellow_after=section.yellow_after,
        red_after=section.red_after,
        urge_after=section.urge_after,
        promise_grace=section.promise_grace,
        promise_red_after=section.promise_red_after,
    )


def digest_policy(section: DigestSection, locale: LocaleSection) -> DigestPolicy:
    return DigestPolicy(
        at=section.at,
        weekly_ranking=section.weekly_ranking,
        fallback_chat_id=section.fallback_chat_id,
        timezone=locale.timezone,
    )


def departments(tables: Iterable[DepartmentSection]) -> tuple[Department, ...]:
    return tuple(
        Department(id=d.id, name=d.name, officials=tuple(d.officials), topics=tuple(d.topics),
                   leaders=tuple(dict.fromkeys(d.leaders)), review=d.review)
        for d in tables
    )


def supervision_policy(section: SupervisionSection) -> SupervisionPolicy:
    if not section.used:
        return SupervisionPolicy()
    return SupervisionPolicy(
        office=section.office.strip(), members=tuple(dict.fromkeys(section.members)),
        chat_id=section.chat_id, supervisors=tuple(dict.fromkeys(section.supervisors)),
    )


def leaders(tables: Iterable[DepartmentSection]) -> dict[int, tuple[str, ...]]:
    """User id -> ids of the departments they lead, in configuration order."""
    led: dict[int, list[str]] = {}
    for department in tables:
        for user_id in dict.fromkeys(department.leaders):
            led.setdefault(user_id, []).append(department.id)
    return {user_id: tuple(ids) for user_id, ids in led.items()}


def faq(tables: Iterable[FaqSection]) -> tuple[FaqEntry, ...]:
    return tuple(FaqEntry(keywords=tuple(f.keywords), answer=f.answer) for f in tables)


def officials(tables: Iterable[DepartmentSection]) -> dict[int, tuple[str, ...]]:
    """User id -> ids of the departments they serve in, in configuration order."""
    served: dict[int, list[str]] = {}
    for department in tables:
        for user_id in dict.fromkeys(department.officials):
            served.setdefault(user_id, []).append(department.id)
    return {user_id: tuple(ids) for user_id, ids in served.items()}
