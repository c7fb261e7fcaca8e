"""The real-name rule (实名制): members chat as "姓名 + 单位/小地名", e.g. ``张三-海淀区``.

Deliberation groups only work when everyone knows who speaks for whom, so a member's Telegram name
must read ``NAME SEP UNIT`` (or ``NAME（UNIT）``): a 2–20 character name, a 2–30 character unit taken
from the group's list when it has one. The verdict is a code plus data; the bot turns it into the
notice that tells the member what to change.

Limitation: with the space among the separators any two-word name ("John Smith") reads as name +
unit; groups that need more certainty remove " " from ``separators`` or set ``units``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial

from deliberation.policy import NicknamePolicy
from deliberation.text import fold, normalize, to_simplified

REASONS = (
    "empty", "missing_separator", "missing_name", "missing_unit", "name_too_short", "name_too_long",
    "unit_too_short", "unit_too_long", "unit_not_allowed", "invalid_characters",
)
_NAME_PUNCT = frozenset("·・‧.'’- ")  # 阿卜杜拉·买买提, O'Neil, Jean-Paul
_BRACKETS = (("(", ")"), ("[", "]"), ("【", "】"), ("〔", "〕"))  # NFKC already made （） into ()
_ADMIN_PREFIXES = frozenset("省市区县镇乡村區縣鎮鄉")


@dataclass(frozen=True, slots=True)
class NameVerdict:
    ok: bool
    reason: str | None
    name: str | None
    unit: str | None
    normalized: str
    detail: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Rules:
    policy: NicknamePolicy
    separators: tuple[str, ...]  # the non-space separators, in configured order
    space: bool  # the space is a separator too (tried last)
    edges: str  # stripped from both ends of each part: "张三 - 海淀区", "张三--海淀区"
    units: dict[str, str]  # matching key -> the unit as configured
    units_text: str  # "海淀区, 朝阳区" for the notice


def _unit_key(unit: str) -> str:
    return to_simplified(fold(unit)).replace(" ", "")


@lru_cache(maxsize=256)
def _rules(policy: NicknamePolicy) -> _Rules:
    seps = [normalize(sep) or " " for sep in policy.separators]
    ordered = tuple(dict.fromkeys(s for s in seps if s != " "))
    units: dict[str, str] = {}
    for unit in policy.units:
        units.setdefault(_unit_key(unit), normalize(unit))
    edges = " " + "".join(s for s in ordered if len(s) == 1)
    return _Rules(policy, ordered, " " in seps, edges, units, ", ".join(units.values()))


def _cuts(text: str, sep: str) -> Iterator[tuple[str, str]]:
    at = text.find(sep)
    while at >= 0:
        yield text[:at], text[at + len(sep) :]
        at = text.find(sep, at + 1)


def _splits(text: str, rules: _Rules) -> Iterator[tuple[str, str]]:
    """Every reading of ``text`` as (name, unit), most plausible first: the non-space separators
    in configured order, then a unit in brackets, then the space."""
    for sep in rules.separators:
        yield from _cuts(text, sep)
    for opening, closing in _BRACKETS:
        if text.endswith(closing) and (at := text.rfind(opening)) >= 0:
            yield text[:at], text[at + 1 : -1]
    if rules.space:
        yield from _cuts(text, " ")


def _is_variation_selector(char: str) -> bool:
    """Variation selectors turn a character into an emoji; no name needs them."""
    return "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef"


def _bad_name_char(name: str) -> str | None:
    """The first character no real name carries (emoji, symbols, controls), if any."""
    for char in name:
        category = unicodedata.category(char)
        if category[0] in "LN" or char in _NAME_PUNCT:
            continue
        if category in ("Mn", "Mc") and not _is_variation_selector(char):
            continue
        return char
    return None


def _tag_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LNPZ" or (category in ("Mn", "Mc") and not _is_variation_selector(char))


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _judge(raw_name: str, raw_unit: str, text: str, rules: _Rules) -> NameVerdict:
    policy = rules.policy
    name, unit = raw_name.strip(rules.edges), raw_unit.strip(rules.edges)

    def fail(reason: str, **detail: str | int) -> NameVerdict:
        return NameVerdict(False, reason, name or None, unit or None, text, detail)

    if not name:
        return fail("missing_name")
    if not unit:
        return fail("missing_unit")
    if (bad := _bad_name_char(name)) is not None or not _has_letter(name):
        return fail("invalid_characters", part="name", char=bad or "")
    if len(name) < policy.name_min:
        return fail("name_too_short", min=policy.name_min, length=len(name))
    if len(name) > policy.name_max:
        return fail("name_too_long", max=policy.name_max, length=len(name))
    if not _has_letter(unit):
        return fail("invalid_characters", part="unit", char="")
    if len(unit) < policy.unit_min:
        return fail("unit_too_short", min=policy.unit_min, length=len(unit))
    if len(unit) > policy.unit_max:
        return fail("unit_too_long", max=policy.unit_max, length=len(unit))
    if rules.units:
        configured = rules.units.get(_unit_key(unit))
        if configured is None:
            return fail("unit_not_allowed", units=rules.units_text)
        unit = configured
    return NameVerdict(True, None, name, unit, text)


def check_name(first_name: str, last_name: str | None, policy: NicknamePolicy) -> NameVerdict:
    """Judge a Telegram display name (first + " " + last) against the real-name rule.

    Every reading of the name is tried (each separator in order, each position, brackets) and the
    first compliant one wins, so "John Smith | Haidian" and a whitelisted unit after a hyphenated
    name still comply; when none complies the most plausible reading explains why. With ``units``
    the verdict carries the unit as configured (for the member tag)."""
    text = normalize(f"{first_name or ''} {last_name or ''}")
    if not text:
        return NameVerdict(False, "empty", None, None, text)
    rules = _rules(policy)
    first_failure: NameVerdict | None = None
    for raw_name, raw_unit in _splits(text, rules):
        verdict = _judge(raw_name, raw_unit, text, rules)
        if verdict.ok:
            return verdict
        first_failure = first_failure or verdict
    if first_failure is not None:
        return first_failure
    if (bad := _bad_name_char(text)) is not None or not _has_letter(text):
        detail: dict[str, str | int] = {"part": "name", "char": bad or ""}
        return NameVerdict(False, "invalid_characters", text, None, text, detail)
    separators = " ".join(rules.separators)
    return NameVerdict(False, "missing_separator", text, None, text, {"separators": separators})


def parse_registration(text: str, policy: NicknamePolicy) -> NameVerdict:
    """``/iam NAME UNIT`` (register mode): the same rule applied to what the member typed.

    Accepts the whole command ("/iam@delibot 王小明 海淀区") or only its arguments."""
    text = normalize(text)
    if text.startswith("/"):
        text = text.partition(" ")[2]
    return check_name(text, None, policy)


def shorten_tag(unit: str, limit: int = 16) -> str:
    """The unit as a Telegram member tag: at most ``limit`` characters and no emoji.

    Kept whole when it fits; else a leading administrative prefix (市/区/县…) is dropped if that
    alone makes it fit; else it is cut to ``limit - 1`` characters and "…"."""
    kept = "".join(c for c in normalize(unit) if _tag_char(c))
    tag = " ".join(kept.split())
    if limit <= 0:
        return ""
    if len(tag) <= limit:
        return tag
    if tag[0] in _ADMIN_PREFIXES and len(tag) - 1 <= limit:
        return tag[1:]
    return tag[: limit - 1].rstrip() + "…"


class NameChecker:
    """The real-name check of one rule, memoised for the names judged again and again: those of
    read-only members, re-checked every minute until they comply or are removed.

    A compliant member is judged once per name (the roster remembers the verdict), so the cache is
    small: a verdict for every member of every group would cost more memory than the check costs
    time. The verdict depends only on the name, so the cache is keyed by (first, last): members
    sharing a name share an entry and a member who renames gets a fresh verdict. It is a bounded
    LRU, and groups under the same rule may share one checker."""

    def __init__(self, policy: NicknamePolicy, maxsize: int = 1_024) -> None:
        self.policy = policy
        self._cached = lru_cache(maxsize=maxsize)(partial(check_name, policy=policy))

    def check(self, user_id: int, first_name: str, last_name: str | None) -> NameVerdict:
        return self._cached(first_name, last_name)

    def cache_size(self) -> int:
        return self._cached.cache_info().currsize
