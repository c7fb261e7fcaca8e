"""Every domain error, in one place, so the Telegram side maps them to texts in one error router.

An error carries a ``code`` (the catalogue key suffix, e.g. ``not_your_department``) and ``data``
(the values the text needs: numbers, actions), never prose.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of the domain's refusals."""

    code: str = "domain_error"

    def __init__(self, code: str | None = None, **data: Any) -> None:
        if code is not None:
            self.code = code
        self.data: dict[str, Any] = data
        super().__init__(self.code, data)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, data={self.data!r})"


class UnknownProposal(DomainError):
    """No proposal with this number (in this group, or at all)."""

    code = "unknown_proposal"

    def __init__(self, number: int) -> None:
        self.number = number
        super().__init__(number=number)


class NotAllowed(DomainError):
    """A handling step refused. ``code`` is the reason: ``not_your_department``, ``not_moderator``,
    ``not_author``, ``closed``, ``terminal``, ``already_accepted``, ``already_answered``,
    ``not_answered``, ``already_rated``, ``already_assigned``, ``same_proposal``,
    ``merge_target_closed``, ``merge_target_required``, ``unknown_department``,
    ``reason_required``, ``text_required``, ``invalid_rating``."""

    def __init__(self, number: int, action: str, reason: str) -> None:
        self.number = number
        self.action = action
        self.reason = reason
        super().__init__(reason, number=number, action=action)
