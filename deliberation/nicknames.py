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
from datetime import datetime
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


# --- The lifecycle: what the rule does about a member (SPEC.md "Real names") -----------------------
#
# The functions below take what is known of a member (the name Telegram shows now, what is
# recorded of them, the group's rule, the time) and return one decision; the bot carries it out.
# They read nothing and change nothing, so each branch is a plain test (tests/unit/test_nicknames.py).

COMPLIED = "complied"  # the name (or the registration) now complies
REJOINED = "rejoined"  # back with a proper name while Telegram still holds the old restriction
EXEMPTED = "exempted"  # spared by a moderator (/exempt) or exempt since the restriction
PROMOTED = "promoted"  # made an admin: exempt, and Telegram already gave them every right

SETTLED = "settled"  # not read-only for their name (any more): nothing is pending
EXEMPT = "exempt"  # admins, moderators, officials and bots are exempt
NOT_YOURS = "not_yours"  # the notice's button is for the member it names
WAITING = "waiting"  # still wrong, same name, grace not over: the deadline stands


@dataclass(frozen=True, slots=True)
class DisplayName:
    """The name Telegram shows now (first name and last name)."""

    first: str
    last: str | None = None


@dataclass(frozen=True, slots=True)
class Registration:
    """A ``/iam NAME UNIT`` registration, as recorded (register mode)."""

    name: str
    unit: str


@dataclass(frozen=True, slots=True)
class NameStanding:
    """What is recorded of a member under the rule."""

    user_id: int
    name: DisplayName  # the name on record, the one last judged
    restricted: bool = False  # made read-only by the bot for their name
    deadline: datetime | None = None  # when the grace ends (removal)
    exempt: bool = False  # an admin, moderator, official or bot, or exempted by /exempt
    present: bool = True  # in the group (not left, not being removed)
    registration: Registration | None = None  # counts in register mode only
    muted_until: datetime | None = None  # a moderation mute, kept until it ends

    @property
    def held(self) -> bool:
        """Read-only for their name and still there: a re-check has something to decide."""
        return self.restricted and self.present


@dataclass(frozen=True, slots=True)
class Restrict:
    """Read-only until the name complies, told by mention what to change and by when."""

    verdict: NameVerdict
    deadline: datetime  # removal, unless they comply first

    @property
    def reason(self) -> str | None:
        return self.verdict.reason


@dataclass(frozen=True, slots=True)
class Accept:
    """The name complies and nothing is held against them: record it (the unit becomes the tag)."""

    verdict: NameVerdict


@dataclass(frozen=True, slots=True)
class Release:
    """No longer held to the rule: the bot's restriction is lifted.

    ``verdict`` is the compliant name when they complied (recorded, the unit as tag); ``lift`` says
    whether Telegram is asked to give rights back; ``mute_until`` keeps a running moderation mute
    (then rights come back when it ends); ``announce`` tells the group they may speak again."""

    why: str  # COMPLIED, REJOINED, EXEMPTED or PROMOTED
    verdict: NameVerdict | None = None
    lift: bool = True
    mute_until: datetime | None = None
    announce: bool = False


@dataclass(frozen=True, slots=True)
class Notify:
    """Still not compliant while read-only: the deadline stands. ``record`` says the name they now
    carry (and its reason) is to be recorded; where they asked, they are told what is still wrong."""

    verdict: NameVerdict
    record: bool


@dataclass(frozen=True, slots=True)
class Remove:
    """The grace ran out: removed (ban, then unban, so they may come back with a proper name)."""

    verdict: NameVerdict


@dataclass(frozen=True, slots=True)
class Forget:
    """They left while read-only: nothing to hold, nobody to remove."""


@dataclass(frozen=True, slots=True)
class JudgeAgain:
    """Judge them again with their current name (which the caller fetches or the update carries)."""


@dataclass(frozen=True, slots=True)
class Nothing:
    why: str  # SETTLED, EXEMPT, NOT_YOURS or WAITING


NameDecision = Restrict | Accept | Release | Notify | Remove | Forget | JudgeAgain | Nothing


def judge(
    name: DisplayName, policy: NicknamePolicy, registration: Registration | None = None,
    *, checker: NameChecker | None = None, user_id: int = 0,
) -> NameVerdict:
    """The display name; in register mode a registration that fits the group counts too
    (SPEC.md "Real names": "in `register` mode a `/iam NAME UNIT` registration also counts").

    ``checker`` is the group's memoised check, when the caller keeps one."""

    def check(first: str, last: str | None) -> NameVerdict:
        if checker is not None:
            return checker.check(user_id, first, last)
        return check_name(first, last, policy)

    verdict = check(name.first, name.last)
    if verdict.ok or policy.mode != "register" or registration is None:
        return verdict
    sep = policy.separators[0] if policy.separators else "-"
    registered = check(f"{registration.name}{sep}{registration.unit}", None)
    return registered if registered.ok else verdict


def _judged(name: DisplayName, standing: NameStanding, policy: NicknamePolicy,
            checker: NameChecker | None) -> NameVerdict:
    return judge(name, policy, standing.registration, checker=checker, user_id=standing.user_id)


def _complied(verdict: NameVerdict, standing: NameStanding, now: datetime, why: str = COMPLIED) -> Release:
    """Rights back, unless a moderation mute still runs: then read-only until it ends."""
    muted = standing.muted_until if standing.muted_until and standing.muted_until > now else None
    return Release(why, verdict, mute_until=muted, announce=why == COMPLIED)


def decide_on_join(
    name: DisplayName, standing: NameStanding, policy: NicknamePolicy, now: datetime,
    *, still_restricted: bool = False, checker: NameChecker | None = None,
) -> Restrict | Accept | Release | Nothing:
    """A member who joins (SPEC.md "Real names": "A member who joins … without complying is made
    read-only … and told, by name mention, what to change and by when"):

    * exempt (admin, moderator, official, bot): nothing;
    * a name that does not comply: restricted until ``now + grace``;
    * a compliant name while Telegram still holds the restriction of an earlier spell
      (``still_restricted``: it keeps one across leaving and rejoining): released, quietly;
    * a compliant name: accepted."""
    if standing.exempt:
        return Nothing(EXEMPT)
    verdict = _judged(name, standing, policy, checker)
    if not verdict.ok:
        return Restrict(verdict, now + policy.grace)
    if still_restricted:
        return _complied(verdict, standing, now, REJOINED)
    return Accept(verdict)


def decide_on_message(
    name: DisplayName, standing: NameStanding, policy: NicknamePolicy, now: datetime,
    *, checker: NameChecker | None = None,
) -> Restrict | Accept | Release | Notify | Nothing:
    """A member who posts (SPEC.md "Real names": "A member who … posts, without complying is made
    read-only"); the caller asks only when the name is new or was never judged or failed:

    * exempt: nothing;
    * compliant and read-only for their name: released, and the group told;
    * compliant: accepted;
    * not compliant while already read-only (the restriction did not take): the name and reason
      are recorded, the deadline stands;
    * not compliant: restricted until ``now + grace``."""
    if standing.exempt:
        return Nothing(EXEMPT)
    verdict = _judged(name, standing, policy, checker)
    if verdict.ok:
        return _complied(verdict, standing, now) if standing.restricted else Accept(verdict)
    if standing.restricted:
        return Notify(verdict, record=True)
    return Restrict(verdict, now + policy.grace)


def decide_on_sign(
    name: DisplayName, standing: NameStanding, policy: NicknamePolicy, now: datetime,
    *, checker: NameChecker | None = None,
) -> Release | Notify | Nothing:
    """Any other sign of a read-only member (SPEC.md "Real names": "A read-only member cannot
    post, so … any update from them counts too"): the notice's button, a private message, ``/iam``,
    a ``chat_member`` update, each with the name they carry now:

    * not read-only for their name (any more): nothing is pending;
    * compliant (or registered, in register mode): released, and the group told;
    * still wrong: the deadline stands (whoever asked is told what is still wrong)."""
    if not standing.held:
        return Nothing(SETTLED)
    verdict = _judged(name, standing, policy, checker)
    if verdict.ok:
        return _complied(verdict, standing, now)
    return Notify(verdict, record=False)


def decide_on_press(presser_id: int, member_id: int, standing: NameStanding | None) -> JudgeAgain | Nothing:
    """The notice's 我已改名 button (SPEC.md "Real names": "the notice carries a button … that
    re-checks their current name"): only the member it names may press it, and only while they are
    read-only; then their current name is fetched and judged (:func:`decide_on_sign`)."""
    if presser_id != member_id:
        return Nothing(NOT_YOURS)
    if standing is None or not standing.held:
        return Nothing(SETTLED)
    return JudgeAgain()


def decide_on_member_update(standing: NameStanding, status: str) -> Release | JudgeAgain | Nothing:
    """A ``chat_member`` update about a member the bot made read-only (it carries their current
    name): exempt by now — released, Telegram asked only while it still shows them restricted;
    otherwise judged again wherever they are read-only (SPEC.md "Real names": "any update from
    them counts")."""
    if not standing.held:
        return Nothing(SETTLED)
    if standing.exempt:
        return Release(EXEMPTED, lift=status == "restricted")
    return JudgeAgain()


def decide_on_exempt(standing: NameStanding) -> Release:
    """``/exempt`` (a moderator's reply): spared from now on (SPEC.md "Real names": "Admins,
    moderators, officials and bots are exempt"); a restriction the bot made is lifted."""
    return Release(EXEMPTED, lift=standing.restricted)


@dataclass(frozen=True, slots=True)
class Seen:
    """What ``getChatMember`` says of a member: their status and current name."""

    status: str  # "member", "restricted", "administrator", "creator", "left", "kicked"
    name: DisplayName
    is_member: bool = True  # for "restricted": still in the chat

    @property
    def gone(self) -> bool:
        return self.status in ("left", "kicked") or not self.is_member


def decide_recheck(
    seen: Seen | None, standing: NameStanding, policy: NicknamePolicy, now: datetime,
    *, checker: NameChecker | None = None,
) -> Release | Notify | Remove | Forget | Nothing:
    """The periodic re-check of a read-only member (SPEC.md "Real names": "the bot re-checks
    restricted members itself every few minutes (`getChatMember` returns the current name) … when
    `grace` runs out they are removed"); ``seen`` is None when Telegram says they are not in the chat:

    * settled meanwhile (the button, a private message, /exempt): nothing;
    * gone from the chat: forgotten, never removed later;
    * made an admin: released, without asking Telegram (an admin has every right);
    * exempt: released;
    * compliant now: released, and the group told;
    * the grace ran out: removed;
    * renamed, still wrong: the new name and its reason recorded, the deadline stands;
    * otherwise: nothing yet."""
    if not standing.held:
        return Nothing(SETTLED)
    if seen is None or seen.gone:
        return Forget()
    if seen.status in ("administrator", "creator"):
        return Release(PROMOTED, lift=False)
    if standing.exempt:
        return Release(EXEMPTED, lift=True)
    verdict = _judged(seen.name, standing, policy, checker)
    if verdict.ok:
        return _complied(verdict, standing, now)
    if standing.deadline is not None and standing.deadline <= now:
        return Remove(verdict)
    if seen.name != standing.name:
        return Notify(verdict, record=True)
    return Nothing(WAITING)
