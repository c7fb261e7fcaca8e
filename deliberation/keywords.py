"""Hashtag topics: which topics a message names with ``#人才`` or one of the topic's keywords.

Every group message passes through here, so the matcher is built once per group and a message
costs one pass whatever the number of keywords: an Aho-Corasick automaton (pyahocorasick) over the
folded text finds every ``#keyword`` in O(len(text) + matches). A compiled alternation regex
``#(?:kw1|kw2|…)`` would also be one call, but Python's ``re`` tries the alternatives one after
another at each ``#``, so its cost grows with the keyword list; the automaton's does not.

What counts as a hashtag, after folding (NFKC turns ``＃`` into ``#``, casefold makes ``#AI`` equal
``#ai``): ``#`` followed by a keyword. Telegram's hashtag entity runs to the next space or
punctuation, so in Chinese ``#人才建议设立…`` is one token; we therefore take the longest keyword
that is a prefix of the token. A keyword ending in a letter of a spaced script (``ai``) must end
the token (``#aim`` is not ``#ai``); one ending in a CJK character may run on into the sentence. A
``#`` glued to an ASCII word, a ``/`` or ``&`` (URL fragments, ``&#35;``) does not start a hashtag.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

import ahocorasick

from deliberation.text import fold

_NOT_BEFORE_HASH = frozenset("/&_")
_RUN_ON_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO")

Span = tuple[int, int, tuple[str, ...]]  # start, end (exclusive) in the folded text, topics


def might_be_proposal(text: str) -> bool:
    """Cheap pre-check on the raw text: no number sign (any of the forms NFKC folds to ``#``),
    no hashtag, so the great majority of messages skip folding altogether."""
    return "#" in text or "＃" in text or "﹟" in text


def _runs_on(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_RUN_ON_SCRIPTS)


class TopicMatcher:
    """The topics of one group (``topic -> keywords``; the topic's own name is a keyword too),
    compiled once. A keyword listed under several topics names all of them."""

    __slots__ = ("_automaton", "_count", "topics")

    def __init__(self, topics: Mapping[str, Sequence[str]]) -> None:
        owners: dict[str, list[str]] = {}
        for topic, keywords in topics.items():
            for word in (topic, *keywords):
                key = fold(word).strip().lstrip("#").strip()
                if key and topic not in owners.setdefault(key, []):
                    owners[key].append(topic)
        self.topics: tuple[str, ...] = tuple(topics)
        self._count = len(owners)
        self._automaton: ahocorasick.Automaton[tuple[int, bool, tuple[str, ...]]] = ahocorasick.Automaton()
        for key, names in owners.items():
            # value: (length of "#key", whether the token must end with the key, topics)
            self._automaton.add_word("#" + key, (len(key) + 1, not _runs_on(key[-1]), tuple(names)))
        if owners:
            self._automaton.make_automaton()

    @property
    def keyword_count(self) -> int:
        return self._count

    def spans(self, folded: str) -> list[Span]:
        """The hashtags of an already folded text, in order, the longest keyword per ``#``."""
        if not self._count or "#" not in folded:
            return []
        best: dict[int, tuple[int, tuple[str, ...]]] = {}
        size = len(folded)
        for last, (length, bounded, names) in self._automaton.iter(folded):
            start = last - length + 1
            if start and (
                folded[start - 1] in _NOT_BEFORE_HASH
                or (folded[start - 1].isascii() and folded[start - 1].isalnum())
            ):
                continue
            if bounded and last + 1 < size and (folded[last + 1].isalnum() or folded[last + 1] == "_"):
                continue
            if start not in best or length > best[start][0]:
                best[start] = (length, names)
        return [(start, start + length, names) for start, (length, names) in sorted(best.items())]

    def topics_of(self, spans: Sequence[Span]) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for _start, _end, names in spans:
            for name in names:
                seen.setdefault(name, None)
        return tuple(seen)

    def hashtag_topics(self, text: str) -> tuple[str, ...]:
        """Topics named by hashtags in ``text``, in order of first appearance, without repeats."""
        if not might_be_proposal(text):
            return ()
        return self.topics_of(self.spans(fold(text)))
