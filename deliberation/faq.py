"""Frequently asked questions: a member who sends an FAQ keyword gets the prepared answer.

In a group only a message that *is* the keyword ("社保？") triggers the answer, so that ordinary
discussion mentioning 社保 is not interrupted; in a private chat with the bot the keyword may
appear anywhere. The same answer is given at most once a minute per chat and keyword, so a
group cannot be flooded with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import ahocorasick  # a pure string-matching algorithm, no I/O: allowed in the domain

from deliberation.policy import FaqEntry
from deliberation.text import match_form

# Punctuation members put around a bare keyword ("社保？", "「医保」!"); NFKC has already turned
# full-width ？！ into ASCII.
_SURROUNDING = " ?!.,;:~…。，、；：？！～·\"'“”‘’「」『』()[]【】《》<>-—_*#"


def _key(text: str) -> str:
    return match_form(text).strip(_SURROUNDING)


class FaqMatcher:
    """Built once per configuration; when keywords repeat, the first entry listing one wins."""

    def __init__(self, entries: tuple[FaqEntry, ...]) -> None:
        self._exact: dict[str, FaqEntry] = {}
        for entry in entries:
            for keyword in entry.keywords:
                if key := _key(keyword):
                    self._exact.setdefault(key, entry)
        # In a group a message far longer than any keyword cannot be one: skip normalising it.
        self._group_max = 4 * max(map(len, self._exact), default=0) + 16
        self._automaton: ahocorasick.Automaton[FaqEntry] | None = None
        if self._exact:
            self._automaton = ahocorasick.Automaton()
            for key, entry in self._exact.items():
                self._automaton.add_word(key, entry)
            self._automaton.make_automaton()

    def match(self, text: str, private: bool) -> FaqEntry | None:
        if self._automaton is None or not text or (not private and len(text) > self._group_max):
            return None
        key = _key(text)
        exact = self._exact.get(key)
        if exact is not None or not private:
            return exact
        for _end, entry in self._automaton.iter(key):
            return entry
        return None


class FaqThrottle:
    """At most one answer per ``interval`` (a minute) per (chat, keyword).

    Pass a stable key per entry (e.g. ``entry.keywords[0]``) so that synonyms share the limit.
    Entries are kept in the order they were last allowed, so the expired ones are always at the
    front and are dropped as time passes: memory is bounded by the answers of the last interval."""

    def __init__(self, interval: timedelta = timedelta(minutes=1)) -> None:
        self._interval = interval
        self._last: dict[tuple[int, str], datetime] = {}

    def allow(self, chat_id: int, keyword: str, now: datetime) -> bool:
        if now.tzinfo is None:
            raise ValueError("FaqThrottle needs an aware datetime")
        self._expire(now)
        key = (chat_id, _key(keyword))
        if key in self._last:
            return False
        self._last[key] = now
        return True

    def _expire(self, now: datetime) -> None:
        while self._last:
            oldest = next(iter(self._last))
            if now - self._last[oldest] < self._interval:
                return
            del self._last[oldest]

    def __len__(self) -> int:
        return len(self._last)
