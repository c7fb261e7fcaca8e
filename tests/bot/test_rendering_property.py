"""Whatever people call themselves or write, what the bot renders parses as Telegram's HTML and
fits in a message: every catalogue text with every placeholder filled, the shared helpers, the
splitter, and the digest. Checked with the emulator's port of Telegram's own parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fluent.syntax import FluentParser, ast, visitor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.features.digests.render import render_digest
from bot.i18n import LANGUAGES, LOCALES_DIR, Translator
from bot.texts import MESSAGE_LIMIT, esc, excerpt, fit, mention, split_message, units
from deliberation.digests import GroupDay, ProposalLine, build_digests, select_for_officials
from deliberation.policy import Department
from emulator.text import parse_html

# pieces of markup, entities, quotes and emoji (a family emoji is five code points, eight UTF-16 units)
PIECES = [*"<>&\"'/;=#ab 张三-", "&amp;", "<b>", "</a>", "&#", "&lt", "🏠", "👨‍👩‍👧", "\n"]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
LONG_HOSTILE = st.lists(st.sampled_from([*PIECES, "长" * 50, "x" * 200]), max_size=300).map("".join)
TRANSLATOR = Translator()
NOW = datetime(2026, 11, 3, 0, 30, tzinfo=UTC)


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _messages() -> list[tuple[str, str, frozenset[str]]]:
    found = []
    for lang in LANGUAGES:
        for path in sorted(Path(LOCALES_DIR / lang).glob("*.ftl")):
            for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body:
                if isinstance(entry, ast.Message) and entry.value is not None:
                    names = _Variables()
                    names.visit(entry)
                    found.append((lang, entry.id.name, frozenset(names.names)))
    return found


MESSAGES = _messages()


def telegram_accepts(text: str) -> None:
    parse_html(text)  # raises ValueError as Telegram answers 400 "can't parse entities"
    assert units(text) <= MESSAGE_LIMIT


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=HOSTILE)
def test_every_catalogue_text_with_escaped_values_parses(value: str) -> None:
    for lang, key, names in MESSAGES:
        text = TRANSLATOR.get(lang, key, **dict.fromkeys(names, esc(value)))
        assert "{???}" not in text, key
        parse_html(text)


@given(name=HOSTILE, text=LONG_HOSTILE, user_id=st.integers(1, 2**52))
def test_the_shared_helpers_give_valid_html(name: str, text: str, user_id: int) -> None:
    combined = f"{mention(user_id, name)}：{excerpt(text, 50)}"
    for rendered in (esc(name), mention(user_id, name), excerpt(text), combined):
        parse_html(rendered)


LINE = st.builds(lambda n, t: f"<b>{esc(n)}</b> {mention(7, n)} {esc(t)}", HOSTILE, LONG_HOSTILE)


@given(lines=st.lists(LINE, max_size=12))
def test_split_parts_each_parse_and_fit_and_keep_every_character(lines: list[str]) -> None:
    parts = split_message(lines)
    for part in parts:
        telegram_accepts(part)
    kept = "".join(parse_html(p).text for p in parts)
    whole = "".join(parse_html(line).text for line in lines)
    assert "".join(kept.split()) == "".join(whole.split())


@given(lines=st.lists(st.builds(lambda n: f"{mention(7, n)} {esc(n)}", HOSTILE), max_size=200))
def test_a_capped_list_parses_and_fits(lines: list[str]) -> None:
    telegram_accepts(fit(lines))


@settings(max_examples=20, deadline=None)
@given(title=HOSTILE, text=LONG_HOSTILE, author=HOSTILE, unit=HOSTILE, count=st.integers(1, 40))
def test_a_digest_of_hostile_proposals_parses_and_fits(title: str, text: str, author: str, unit: str,
                                                       count: int) -> None:
    talent = Department("talent", "市人才办", officials=(222,), topics=("人才",))
    proposals = [ProposalLine(
        number=n, chat_id=-100, group_title=title, topics=("人才",), text=text, author_name=author,
        author_unit=unit, supports=n, link=f"https://t.me/c/100/{n}", submitted_at=NOW - timedelta(hours=3),
        state="submitted", card=n % 4, departments=("talent",),
    ) for n in range(1, count + 1)]
    groups = [GroupDay(-100, title, 5, 3, 1, 0, 2)]
    inputs = select_for_officials(proposals, groups, [talent], until=NOW)
    for lang in LANGUAGES:
        for digest in build_digests(inputs, NOW):
            for part in render_digest(digest, TRANSLATOR.bind(lang), "Asia/Shanghai"):
                telegram_accepts(part)


# one line of valid HTML too long for a message: escaped text and whole elements, no newline
TOKENS = st.one_of(HOSTILE.map(lambda s: esc(s.replace("\n", " "))), st.sampled_from(
    ['<a href="tg://user?id=7">张 三</a>', "<b>粗 体</b>", "&amp;", "x" * 300, "长" * 120, "🏠" * 30, " "]))


@settings(max_examples=30, deadline=None)
@given(tokens=st.lists(TOKENS, min_size=60, max_size=200))
def test_a_line_longer_than_a_message_is_cut_outside_any_tag(tokens: list[str]) -> None:
    line = "".join(tokens)
    parts = split_message([line])
    for part in parts:
        telegram_accepts(part)
    kept = "".join("".join(parse_html(p).text.split()) for p in parts)
    assert kept == "".join(parse_html(line).text.split())
