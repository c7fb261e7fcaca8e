"""``[privacy]`` and its per-group override ``[groups.privacy]``, and the policy they make.

Kept in a module of its own so that the privacy rules (``deliberation.privacy``) reach the rest
of the settings through two lines: the section on ``Settings`` and the override on a group.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from deliberation.privacy import PrivacyPolicy

from .fields import Duration
from .sections import Section

if TYPE_CHECKING:
    from .groups import GroupSection

AuthorMode = Literal["unit", "anonymous"]


class PrivacySection(Section):
    departed_after: Duration = timedelta(days=180)
    erased_authors: AuthorMode = "unit"


class PrivacyOverride(Section):
    erased_authors: AuthorMode | None = None


def privacy_policy(section: PrivacySection, groups: Iterable[GroupSection]) -> PrivacyPolicy:
    overrides = {
        g.chat_id: g.privacy.erased_authors
        for g in groups
        if g.privacy is not None and g.privacy.erased_authors is not None
    }
    return PrivacyPolicy(
        departed_after=section.departed_after, erased_authors=section.erased_authors,
        group_authors=overrides,
    )
