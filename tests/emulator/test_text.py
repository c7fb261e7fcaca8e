"""Entities Telegram would mark in what people type, and HTML the way Telegram parses it."""

import pytest

from emulator.text import find_entities, parse_html, trim


def kinds(text: str) -> list[tuple[str, str]]:
    encoded = text.encode("utf-16-le")
    return [(e["type"], encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"))
            for e in find_entities(text)]


def test_commands_with_and_without_the_bot_username_are_bot_commands() -> None:
    assert kinds("/propose 建议 /my@delibot") == [("bot_command", "/propose"), ("bot_command", "/my@delibot")]


def test_a_slash_inside_a_word_or_path_is_not_a_command() -> None:
    assert kinds("and/or a/b http://x") == []


def test_a_chinese_hashtag_is_marked_but_a_full_width_one_is_not() -> None:
    assert kinds("#人才 建议 ＃创新") == [("hashtag", "#人才")]


def test_a_hashtag_of_digits_only_is_not_a_hashtag() -> None:
    assert kinds("#2024 #第2届") == [("hashtag", "#第2届")]


def test_mentions_need_four_characters_and_a_word_boundary() -> None:
    assert kinds("@xiaoming @abc mail@host.org") == [("mention", "@xiaoming")]


def test_offsets_count_utf16_code_units_after_an_emoji() -> None:
    entities = find_entities("😀 #人才")
    assert entities == [{"type": "hashtag", "offset": 3, "length": 3}]


def test_html_is_stripped_to_plain_text_with_entities_and_mentions() -> None:
    parsed = parse_html('<b>注意</b> <a href="tg://user?id=42">张三</a> &lt;3 &amp;')
    assert parsed.text == "注意 张三 <3 &"
    assert [e["type"] for e in parsed.entities] == ["bold", "text_mention"]
    assert parsed.mentions == (42,)


@pytest.mark.parametrize("source", ["a < b", "<b>open", "</b>", "<p>x</p>", "<b>x</i>", "<br>"])
def test_html_telegram_refuses_is_refused(source: str) -> None:
    with pytest.raises(ValueError, match="can't parse entities"):
        parse_html(source)


def test_surrounding_whitespace_is_trimmed_and_entities_follow() -> None:
    parsed = trim(parse_html("\n  <i>hi</i> there \n"))
    assert parsed.text == "hi there"
    assert parsed.entities == [{"type": "italic", "offset": 0, "length": 2}]
