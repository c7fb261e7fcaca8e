"""Texts from Fluent catalogues (``bot/locales/<lang>/<feature>.ftl``), chosen per chat.

Fluent lets translators reorder variables and handle plurals without touching code; the bundle is
built once per language at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LOCALES_DIR = Path(__file__).with_name("locales")
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

log = logging.getLogger(__name__)

Translate = Callable[..., str]


class Translator:
    def __init__(self, directory: Path = LOCALES_DIR, default: str = DEFAULT_LANGUAGE) -> None:
        self.default = default if default in LANGUAGES else DEFAULT_LANGUAGE
        self.bundles: dict[str, FluentBundle] = {}
        self.keys: dict[str, dict[str, set[str]]] = {}
        for lang in LANGUAGES:
            bundle = FluentBundle([lang], use_isolating=False)
            for path in sorted((directory / lang).glob("*.ftl")):
                bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
            self.bundles[lang] = bundle
        self._bound: dict[str, Translate] = {}

    def language(self, code: str | None) -> str:
        """Map a Telegram language code (``zh-hans``, ``en-US``) onto a catalogue."""
        if code:
            short = code.split("-")[0].lower()
            if short in self.bundles:
                return short
        return self.default

    def get(self, lang: str, key: str, **args: Any) -> str:
        bundle = self.bundles.get(lang) or self.bundles[self.default]
        if not bundle.has_message(key):
            bundle = self.bundles[self.default]
            if not bundle.has_message(key):
                log.error("missing text key=%s lang=%s", key, lang)
                return key
        message = bundle.get_message(key)
        if message.value is None:
            return key
        text, errors = bundle.format_pattern(message.value, args)
        if errors:
            log.warning("text key=%s lang=%s errors=%d", key, lang, len(errors))
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
