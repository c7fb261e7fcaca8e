"""Decisions behind the moderation toolkit: banned words, flooding, warnings, mutes and targets.

The practice of moderated civic groups: a message with a banned word is deleted and its author
warned; ``warn_limit`` warnings mute for ``mute_for``; flooding mutes at once; moderators and admins
are never the target of these measures. The bot carries the decisions out; nothing here sends.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import ahocorasick  # a pure string-matching algorithm, no I/O: allowed in the domain

from deliberation.durations import DurationError, DurationTooLong, parse_duration
from deliberation.policy import FloodPolicy, GroupPolicy, ModerationPolicy
from deliberation.text import match_form, normalize

# Telegram treats a restriction shorter than 30 seconds or longer than 366 days as "forever", so a
# /mute outside these bounds is refused rather than silently turned into a permanent mute.
MIN_MUTE = timedelta(seconds=30)
MAX_MUTE = timedelta(days=366)


def _compact(text: str) -> str:
    """The matching form: folded, simplified, every space removed ("违 禁 词" -> "违禁词")."""
    return "".join(match_form(text).split())


class BannedWords:
    """All of a policy's banned words, matched in one pass (Aho–Corasick) over the compact text,
    so spacing, zero-width characters, full-width letters and traditional characters do not
    evade them. Built once per policy."""

    def __init__(self, words: Iterable[str]) -> None:
        self._automaton: ahocorasick.Automaton[str] | None = None
        automaton: ahocorasick.Automaton[str] = ahocorasick.Automaton()
        for word in words:
            key = _compact(word)
            if key and key not in automaton:
                automaton.add_word(key, word)
        if len(automaton):
            automaton.make_automaton()
            self._automaton = automaton

    @classmethod
    def from_policy(cls, policy: ModerationPolicy) -> BannedWords:
        return cls(policy.banned_words)

    def find(self, text: str) -> str | None:
        """The configured banned word the text contains, if any (the first to end in the text)."""
        if self._automaton is None or not text:
            return None
        for _end, word in self._automaton.iter(_compact(text)):
            return word
        return None


class FloodDetector:
    """Sliding windows per (chat, member): more than ``messages`` messages within ``per`` is
    flooding. Each chat may have its own policy, so the detector asks ``policy_for(chat_id)``
    (a dict lookup in practice) on every message; a policy with ``messages < 1`` disables it.

    A trigger clears the member's window, so one burst mutes once. Every ``purge_every`` calls the
    windows of members idle for longer than their chat's ``per`` are dropped, bounding memory by
    the members active in the last window rather than by everyone ever seen."""

    def __init__(self, policy_for: Callable[[int], FloodPolicy], purge_every: int = 1024) -> None:
        self._policy_for = policy_for
        self._purge_every = max(1, purge_every)
        self._calls = 0
        self._windows: dict[tuple[int, int], deque[datetime]] = {}

    def hit(self, chat_id: int, user_id: int, now: datetime) -> bool:
        if now.tzinfo is None:
            raise ValueError("FloodDetector needs an aware datetime")
        self._calls += 1
        if self._calls % self._purge_every == 0:
            self.purge(now)
        policy = self._policy_for(chat_id)
        if policy.messages < 1:
            return False
        window = self._windows.setdefault((chat_id, user_id), deque())
        window.append(now)
        while len(window) > policy.messages + 1 or now - window[0] >= policy.per:
            window.popleft()
        if len(window) > policy.messages:
            window.clear()
            return True
        return False

    def purge(self, now: datetime) -> None:
        """Forget the members whose last message has left their chat's window."""
        pers: dict[int, timedelta] = {}
        for key, window in list(self._windows.items()):
            chat_id = key[0]
            if chat_id not in pers:
                pers[chat_id] = self._policy_for(chat_id).per
            if not window or now - window[-1] >= pers[chat_id]:
                del self._windows[key]

    def __len__(self) -> int:
        return len(self._windows)


@dataclass(frozen=True, slots=True)
class WarnDecision:
    new_count: int  # the warnings the member now has (0 after a mute)
    mute_until: datetime | None  # set when this warning reached the limit
    limit: int  # the policy's warn_limit, for "warning 2/3"


def warn_decision(current_count: int, policy: ModerationPolicy, now: datetime) -> WarnDecision:
    """One more warning; at ``warn_limit`` the member is muted for ``mute_for`` and starts over.
    A ``warn_limit`` below 1 means warnings are recorded but never mute."""
    if now.tzinfo is None:
        raise ValueError("warn_decision needs an aware datetime")
    count = max(0, current_count) + 1
    if policy.warn_limit >= 1 and count >= policy.warn_limit:
        return WarnDecision(0, now + policy.mute_for, policy.warn_limit)
    return WarnDecision(count, None, policy.warn_limit)


def unwarn(current_count: int) -> int:
    """/unwarn takes back one warning; the count never goes below zero."""
    return max(0, current_count - 1)


def moderates(
    user_id: int,
    chat_id: int | None,
    moderators: frozenset[int],
    groups: Mapping[int, GroupPolicy],
    admins: Mapping[int, frozenset[int]],
) -> bool:
    """Who moderates a chat: a moderator configured globally (``moderators``), one of the group's
    own, or one of its Telegram administrators (``admins``: chat id -> user ids, as last seen).
    ``chat_id`` None (a private chat): only the global ones."""
    if user_id in moderators:
        return True
    if chat_id is None:
        return False
    group = groups.get(chat_id)
    if group is not None and user_id in group.moderation.moderators:
        return True
    return user_id in admins.get(chat_id, frozenset())


def moderates_anywhere(
    user_id: int,
    moderators: frozenset[int],
    groups: Mapping[int, GroupPolicy],
    admins: Mapping[int, frozenset[int]],
) -> bool:
    """A moderator of any configured group, or globally: such a user may act on any proposal and
    is shown the moderators' help."""
    return user_id in moderators or any(
        moderates(user_id, chat_id, moderators, groups, admins) for chat_id in groups
    )


def can_act_on(target_id: int, target_is_admin: bool, policy: ModerationPolicy) -> bool:
    """Moderators and group admins cannot be warned, muted or banned by the bot."""
    return not target_is_admin and target_id not in policy.moderators


class MuteDurationError(ValueError):
    """A refused /mute duration; ``code`` is "invalid", "too_short" or "too_long"."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text
        self.min = MIN_MUTE
        self.max = MAX_MUTE


def parse_mute_duration(arg: str | None, default: timedelta | None = None) -> timedelta:
    """The duration of ``/mute DUR`` (``90s``, ``15m``, ``12h``, ``30d``, ``1d12h``) within
    30 s .. 366 d; an empty argument gives ``default`` when one is set."""
    text = normalize(arg or "")
    if not text:
        if default is not None:
            return default
        raise MuteDurationError("invalid", text)
    try:
        duration = parse_duration(text)
    except DurationTooLong:
        raise MuteDurationError("too_long", text) from None
    except DurationError:
        raise MuteDurationError("invalid", text) from None
    if duration < MIN_MUTE:
        raise MuteDurationError("too_short", text)
    if duration > MAX_MUTE:
        raise MuteDurationError("too_long", text)
    return duration


def parse_target(args: str) -> int | None:
    """A moderator command may name its target by numeric user id as the first argument, when
    it is not a reply. User ids are positive; a negative id is a chat, not a member."""
    words = normalize(args or "").split(" ", 1)
    if not words[0].isascii() or not words[0].isdigit():
        return None
    user_id = int(words[0])
    return user_id if 0 < user_id < 2**63 else None


# Corrections (辟谣) as recorded (handed out by the correction repository) --------------------------
@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    id: int
    chat_id: int
    message_id: int
    author_id: int | None
    moderator_id: int
    text: str
    clarification_message_id: int | None
    deleted_original: bool
    at: datetime
