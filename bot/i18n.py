"""Texts from Fluent catalogues (``bot/locales/<lang>/<feature>.ftl``), chosen per chat.

Fluent lets translators reorder variables and handle plurals without touching code; the bundle is
built once per language at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast, visitor

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
HUGE = 10**15  # integers beyond this are printed as plain digits
LONG_VALUE = 1000  # strings longer than this are put in after formatting (Fluent caps at 2,500)
NUMBER_TEXTS = 4096  # integers whose text is kept per language (counts, days, supports recur a lot)

log = logging.getLogger(__name__)

Translate = Callable[..., str]


class _Printed(visitor.Visitor):
    """Sorts a message's variables into those only printed (``{ $n }``) and those used otherwise:
    as a selector (plurals), a function or term argument."""

    def __init__(self) -> None:
        super().__init__()
        self.printed: set[str] = set()
        self.other: set[str] = set()
        self.references = False

    def visit_Placeable(self, node: ast.Placeable) -> None:
        if isinstance(node.expression, ast.VariableReference):
            self.printed.add(node.expression.id.name)
        else:
            self.generic_visit(node)

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.other.add(node.id.name)

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.references = True  # the other message sees the same variables and may select on them


def _printed_only(message: ast.Message) -> frozenset[str]:
    """Variables whose integer may be handed to Fluent already formatted: Fluent would only
    print it, so the text is the same, while plural selection still gets a number."""
    found = _Printed()
    found.visit(message)
    return frozenset() if found.references else frozenset(found.printed - found.other)


class Translator:
    def __init__(self, directory: Path = LOCALES_DIR, default: str = DEFAULT_LANGUAGE) -> None:
        self.default = default if default in LANGUAGES else DEFAULT_LANGUAGE
        self.bundles: dict[str, FluentBundle] = {}
        self.keys: dict[str, dict[str, set[str]]] = {}
        self._printed: dict[str, dict[str, frozenset[str]]] = {}
        self._numbers: dict[str, FluentBundle] = {}
        for lang in LANGUAGES:
            bundle = FluentBundle([lang], use_isolating=False)
            printed: dict[str, frozenset[str]] = {}
            for path in sorted((directory / lang).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                for entry in resource.body:  # the first definition wins, as in the bundle
                    if isinstance(entry, ast.Message) and entry.id.name not in printed:
                        printed[entry.id.name] = _printed_only(entry)
            self.bundles[lang] = bundle
            self._printed[lang] = printed
            numbers = FluentBundle([lang], use_isolating=False)
            numbers.add_resource(FluentResource("number = { $n }"))
            self._numbers[lang] = numbers
        self._bound: dict[str, Translate] = {}
        self._number = lru_cache(maxsize=NUMBER_TEXTS)(self._format_number)

    def _format_number(self, lang: str, value: int) -> str:
        """An integer as Fluent prints it in ``lang``: babel's locale-aware grouping is slow enough
        to dominate long texts such as the daily digest, and a bundle of the same locale gives
        exactly the text the catalogue's own bundle would."""
        numbers = self._numbers[lang]
        text, _ = numbers.format_pattern(numbers.get_message("number").value, {"n": value})  # type: ignore[arg-type]
        return str(text)

    def language(self, code: str | None) -> str:
        """Map a Telegram language code (``zh-hans``, ``en-US``) onto a catalogue."""
        if code:
            short = code.split("-")[0].lower()
            if short in self.bundles:
                return short
        return self.default

    def get(self, lang: str, key: str, **args: Any) -> str:
        used = lang if lang in self.bundles else self.default
        bundle = self.bundles[used]
        if not bundle.has_message(key):
            used = self.default
            bundle = self.bundles[used]
            if not bundle.has_message(key):
                log.error("missing text key=%s lang=%s", key, lang)
                return key
        message = bundle.get_message(key)
        if message.value is None:
            return key
        long: dict[str, str] = {}
        for name, value in args.items():
            if type(value) is int and abs(value) > HUGE:
                args[name] = str(value)  # babel cannot format it (a forged /accept 10**30)
            elif isinstance(value, str) and len(value) > LONG_VALUE:
                # Fluent prints "{???}" for a placeable over 2,500 characters (a long answer):
                # it formats a marker, and the value goes in afterwards
                marker = f"\ue000{len(long)}\ue001"
                long[marker], args[name] = value, marker
        printed = self._printed[used].get(key)
        if printed:
            for name, value in args.items():
                if type(value) is int and name in printed:
                    args[name] = self._number(used, value)
        formatted, errors = bundle.format_pattern(message.value, args)
        if errors:
            log.warning("text key=%s lang=%s errors=%d", key, lang, len(errors))
        text = str(formatted)
        for marker, value in long.items():
            text = text.replace(marker, value)
        return text

    def has(self, lang: str, key: str) -> bool:
        return self.bundles[lang].has_message(key)

    def bind(self, lang: str) -> Translate:
        """``t = translator.bind("zh"); t("help-member")`` — bound once per language."""
        found = self._bound.get(lang)
        if found is None:
            def found(key: str, /, **args: Any) -> str:
                return self.get(lang, key, **args)

            self._bound[lang] = found
        return found
