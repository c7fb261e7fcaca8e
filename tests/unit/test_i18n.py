"""The translator hands Fluent integers it would only print already formatted (kept per language):
the texts must be exactly Fluent's own, and plurals must still see a number."""

from __future__ import annotations

from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LANGUAGES, LOCALES_DIR, Translator

NUMBERS = (0, 1, 2, 5, 21, 999, 1000, 12345, 1234567, -3, -1000)


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _messages(lang: str) -> list[ast.Message]:
    return [entry for path in sorted((LOCALES_DIR / lang).glob("*.ftl"))
            for entry in FluentParser().parse(path.read_text(encoding="utf-8")).body
            if isinstance(entry, ast.Message)]


def test_every_text_with_integers_is_exactly_what_fluent_itself_gives() -> None:
    translator = Translator()
    for lang in LANGUAGES:
        bundle = translator.bundles[lang]
        for entry in _messages(lang):
            key = entry.id.name
            message = bundle.get_message(key)
            if message.value is None:
                continue
            names = _Variables()
            names.visit(entry)
            for number in NUMBERS:
                args = dict.fromkeys(names.names, number)
                expected, _ = bundle.format_pattern(message.value, dict(args))
                assert translator.get(lang, key, **args) == expected, (lang, key, number)
                assert translator.get(lang, key, **args) == expected, (lang, key, number)  # from the cache


def test_plurals_still_select_on_the_number_and_large_numbers_keep_their_grouping() -> None:
    t = Translator().bind("en")
    assert t("digest-open-item", ref="#1", text="x", days=1, card="").rstrip() == "#1 x — 1 day"
    assert t("digest-open-item", ref="#1", text="x", days=1000, card="").rstrip() == "#1 x — 1,000 days"
    assert t("digest-open-heading", count=12345) == "<b>⏳ Open items (12,345, oldest first)</b>"
    zh = Translator().bind("zh")
    assert zh("digest-open-heading", count=12345) == "<b>⏳ 待办（12,345 件，最早的在前）</b>"


def test_a_text_referring_to_another_message_is_left_to_fluent(tmp_path) -> None:
    for lang in LANGUAGES:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "t.ftl").write_text(
            "days = { $n ->\n    [one] one day\n   *[other] { $n } days\n}\nwait = wait { days } ({ $n })\n",
            encoding="utf-8",
        )
    t = Translator(tmp_path).bind("en")
    assert t("wait", n=1) == "wait one day (1)"
    assert t("wait", n=1500) == "wait 1,500 days (1,500)"


def test_a_consultations_counts_read_as_english_in_the_singular_and_the_plural() -> None:
    t = Translator().bind("en")
    assert t("consult-summary-poll-option", option="Yes", votes=1) == "• Yes: 1 vote"
    assert t("consult-summary-poll-option", option="No", votes=3) == "• No: 3 votes"
    assert t("consult-summary-poll", voters=1) == "Poll results (1 voter):"
    assert "1 opinion received" in t("consult-closed", tag="#1", count=1)
    assert "2 opinions received" in t("consult-closed", tag="#1", count=2)
    assert "1 opinion was received." in t("consult-conclusion", tag="#1", question="q", count=1, text="t")
    zh = Translator().bind("zh")
    assert "共收到 1 条意见" in zh("consult-conclusion", tag="#1", question="q", count=1, text="t")
