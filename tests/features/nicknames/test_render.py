"""Every reason the real-name rule can give has a text in both languages, filled and escaped."""

from __future__ import annotations

import logging

import pytest

from bot.features.nicknames.render import reason_text
from bot.i18n import LANGUAGES, Translator
from deliberation.nicknames import REASONS, check_name
from deliberation.policy import NicknamePolicy

OPEN = NicknamePolicy()
LISTED = NicknamePolicy(units=("海淀区", "朝阳区"))
EXAMPLES = {
    "empty": ("", OPEN),
    "missing_separator": ("小明", OPEN),
    "missing_name": ("-海淀区", OPEN),
    "missing_unit": ("张三-", OPEN),
    "name_too_short": ("张-海淀区", OPEN),
    "name_too_long": ("欧阳" + "明" * 23 + "-海淀区", OPEN),
    "unit_too_short": ("张三-区", OPEN),
    "unit_too_long": ("张三-" + "区" * 31, OPEN),
    "unit_not_allowed": ("张三-丰台区", LISTED),
    "invalid_characters": ("张三<b>-海淀区", OPEN),
}


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


def test_the_examples_cover_every_reason_code() -> None:
    assert sorted(EXAMPLES) == sorted(REASONS)
    for code, (name, policy) in EXAMPLES.items():
        assert check_name(name, None, policy).reason == code


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", REASONS)
def test_each_reason_reads_as_a_filled_text(
    code: str, lang: str, translator: Translator, caplog: pytest.LogCaptureFixture
) -> None:
    name, policy = EXAMPLES[code]
    t = translator.bind(lang)
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        text = reason_text(t, check_name(name, None, policy))
    assert text and "{" not in text and not text.startswith("names-")
    assert caplog.records == []


def test_the_detail_of_a_reason_is_escaped_for_html_and_plain_in_a_toast(translator: Translator) -> None:
    t = translator.bind("zh")
    verdict = check_name("张三<b>-海淀区", None, OPEN)
    assert "&lt;" in reason_text(t, verdict) and "<" not in reason_text(t, verdict)
    assert "<" in reason_text(t, verdict, html=False)


def test_a_too_long_name_tells_the_limit_and_the_length(translator: Translator) -> None:
    t = translator.bind("en")
    verdict = check_name(EXAMPLES["name_too_long"][0], None, OPEN)
    assert "at most 20 characters (now 25)" in reason_text(t, verdict)
