"""Frequently asked questions (问答库): a question that contains an entry's keyword gets its answer.

The new-media rules ask for a question-and-answer base that keeps growing: entries live per group
(the configured ones are the starting set), moderators and officials add and remove them, and an
answered proposal can become one. So that ordinary discussion mentioning 社保 is not interrupted,
in a group only a message that *asks* (？ 吗 怎么 如何 how where …) or is the bare keyword
("社保？") is answered; in a private chat with the bot the keyword may appear anywhere. Each member
gets the same entry at most once a day in a group (``answer_period``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import ahocorasick  # a pure string-matching algorithm, no I/O: allowed in the domain

from deliberation.errors import DomainError
from deliberation.text import match_form

# Punctuation members put around a bare keyword ("社保？", "「医保」!"); NFKC has already turned
# full-width ？！ into ASCII.
_SURROUNDING = " ?!.,;:~…。，、；：？！～·\"'“”‘’「」『』()[]【】《》<>-—_*#"
# What makes a message a question, after match_form (NFKC, casefolded, simplified)
_ASKS = re.compile(
    r"\?|吗|怎|如何|哪|什么|啥|多少|能否|可否|是否|请问|几时"
    r"|\b(?:how|where|what|when|which|who|can i|is there)\b"
)
GROUP_LIMIT = 200  # a longer group message is a discussion, not a question to answer
KEYWORD_LIMIT = 32
KEYWORDS_MAX = 10
ANSWER_LIMIT = 1000  # short: the answer links to more
_KEYWORD_SPLIT = re.compile(r"[,，、;；\s]+")


class FaqError(DomainError):
    """A refused /faq command: ``code`` is the catalogue key suffix."""


class Keyed(Protocol):
    @property
    def keywords(self) -> tuple[str, ...]: ...


E = TypeVar("E", bound=Keyed)


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry of a group's FAQ as stored: ``link`` leads to more (an answered proposal)."""

    id: int
    chat_id: int
    keywords: tuple[str, ...]
    answer: str
    link: str = ""
    source: str = "command"  # config | command | proposal
    proposal_number: int | None = None


def _key(text: str) -> str:
    return match_form(text).strip(_SURROUNDING)


def asks(text: str) -> bool:
    """Whether a message asks something (a question mark, 吗, 怎么, how …)."""
    return _ASKS.search(match_form(text)) is not None


class FaqMatcher(Generic[E]):
    """Built once per set of entries; when keywords repeat, the first entry listing one wins."""

    def __init__(self, entries: Sequence[E]) -> None:
        self._exact: dict[str, E] = {}
        for entry in entries:
            for keyword in entry.keywords:
                if key := _key(keyword):
                    self._exact.setdefault(key, entry)
        self._automaton: ahocorasick.Automaton[E] | None = None
        if self._exact:
            self._automaton = ahocorasick.Automaton()
            for key, entry in self._exact.items():
                self._automaton.add_word(key, entry)
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(set(map(id, self._exact.values())))

    def match(self, text: str, private: bool) -> E | None:
        if self._automaton is None or not text or (not private and len(text) > GROUP_LIMIT):
            return None
        key = _key(text)
        exact = self._exact.get(key)
        if exact is not None:
            return exact
        if not private and not asks(text):
            return None
        for _end, entry in self._automaton.iter(key):
            return entry
        return None


def answer_period(chat_id: int, entry_id: int, user_id: int, day: str) -> str:
    """The claim that makes "once per member, entry and day" hold across restarts and replicas."""
    return f"{chat_id}:{entry_id}:{user_id}:{day}"


def parse_keywords(text: str) -> tuple[str, ...]:
    words = tuple(dict.fromkeys(w.strip().lstrip("#＃") for w in _KEYWORD_SPLIT.split(text) if w.strip()))
    words = tuple(w for w in words if w)
    if not words:
        raise FaqError("usage")
    if len(words) > KEYWORDS_MAX:
        raise FaqError("too_many_keywords", limit=KEYWORDS_MAX)
    for word in words:
        if len(word) > KEYWORD_LIMIT:
            raise FaqError("keyword_too_long", limit=KEYWORD_LIMIT, keyword=word[:20])
    return words


def parse_entry(args: str | None) -> tuple[tuple[str, ...], str]:
    """``KEYWORDS = ANSWER``: keywords separated by commas, 、 or spaces; a short answer."""
    text = (args or "").strip()
    head, sep, answer = text.partition("=")
    if not sep:
        head, sep, answer = text.partition("＝")
    answer = answer.strip()
    if not sep or not answer:
        raise FaqError("usage")
    if len(answer) > ANSWER_LIMIT:
        raise FaqError("answer_too_long", limit=ANSWER_LIMIT, length=len(answer))
    return parse_keywords(head), answer
