"""Joins, leaves and promotions: what one update says about a member, and what is recorded.

Telegram reports a join twice, as a service message with ``new_chat_members`` and as a
``chat_member`` update, in either order. The first one to arrive starts a new spell (joining counts
as activity, SPEC.md "Inactive members") and is *fresh*: only fresh joins are acted on (the
real-name rule, SPEC.md "Real names"), so nobody is greeted or restricted twice. The second finds
the member present and changes nothing. A member who leaves, or is kicked, is no longer held to any
deadline: the real-name grace ends with the spell, and nobody is removed who is gone.

The bot carries these decisions out in ``bot.middlewares.membership``.
"""

from __future__ import annotations

from dataclasses import dataclass

PRESENT = frozenset({"member", "restricted", "administrator", "creator"})  # Telegram's statuses
ADMINS = frozenset({"administrator", "creator"})

FRESH = "fresh"  # the first news of this join: a new spell starts
KNOWN = "known"  # already present (the second of Telegram's two reports): nothing new
IGNORED = "ignored"  # the bot's own arrival is not a member's


@dataclass(frozen=True, slots=True)
class Transition:
    """What a ``chat_member`` update (old status → new status) says about the member."""

    joined: bool  # arrived: not present before, present now
    left: str | None  # "left" or "kicked" when they went; None otherwise
    admin: bool | None  # their admin flag when the update concerns admin rights; None otherwise


@dataclass(frozen=True, slots=True)
class Leave:
    """A present member went: recorded with this status, their deadline dropped."""

    status: str  # "left" or "kicked"


def transition(old: str, new: str) -> Transition:
    """Reads Telegram's statuses: present is member, restricted, administrator or creator; a
    change into or out of administrator/creator sets the admin flag (admins are exempt from the
    real-name rule and pruning); kicked is kept apart from left."""
    was, now = old in PRESENT, new in PRESENT
    admin = new in ADMINS if (old in ADMINS or new in ADMINS) else None
    left = ("kicked" if new == "kicked" else "left") if was and not now else None
    return Transition(joined=now and not was, left=left, admin=admin)


def decide_join(user_id: int, bot_id: int, present: bool) -> str:
    """Whether this news of a join starts a spell: ``IGNORED`` for the bot itself, ``KNOWN`` for
    a member already recorded as present (Telegram's second report), else ``FRESH``."""
    if user_id == bot_id:
        return IGNORED
    return KNOWN if present else FRESH


def decide_leave(present: bool, status: str = "left") -> Leave | None:
    """A member recorded as present who goes is recorded as gone (their real-name deadline with
    them); news of someone not present changes nothing."""
    return Leave(status) if present else None
