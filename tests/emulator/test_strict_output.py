"""Output Telegram would reject is rejected here too, with Telegram's words, over real HTTP."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile

from emulator import Emulator
from tests.emulator.conftest import GROUP

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (1).to_bytes(4, "big") + (1).to_bytes(4, "big")


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(rate_limits=False) as emulator:
        emulator.create_group(GROUP, "科创中心建言群")
        yield emulator


@pytest.mark.parametrize(("html", "detail"), [
    ("欢迎 Tom <3 & Jerry", 'Unsupported start tag "3" at byte offset 11'),
    ("<p>段落</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("<b>未闭合", "Can't find end tag corresponding to start tag b"),
    ("<b>交错</i>", 'Unmatched end tag at byte offset 9, expected "</b>", found "</i>"'),
    ("多余</b>", "Unexpected end tag at byte offset 6"),
    ("结尾 <", "Unclosed start tag at byte offset 7"),
    ('<a href="x>链接</a>', 'Unclosed start tag at byte offset 0'),
    ('<span class="x">剧透</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
])
async def test_html_that_does_not_parse_is_refused_with_telegrams_reason(
        emu: Emulator, bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(GROUP, html, parse_mode="HTML")
    assert refused.value.message == f"Bad Request: can't parse entities: {detail}"
    assert emu.sent(GROUP) == []


async def test_escaped_text_and_a_stray_ampersand_pass_as_tdlib_lets_them(emu: Emulator, bot: Bot) -> None:
    source = "Tom &lt;3 &amp; Jerry &quot;R&D&quot; &#x4e2d;&#25991; &copy;"
    await bot.send_message(GROUP, source, parse_mode="HTML")
    assert emu.sent(GROUP)[-1].text == 'Tom <3 & Jerry "R&D" 中文 &copy;'


async def test_the_same_html_rules_apply_to_edits_and_captions(emu: Emulator, bot: Bot) -> None:
    sent = await bot.send_message(GROUP, "原文")
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.edit_message_text("名字 <张三>", chat_id=GROUP, message_id=sent.message_id,
                                    parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "" at byte offset 2'):
        await bot.send_photo(GROUP, BufferedInputFile(PNG, "a.png"), caption="1 < 2", parse_mode="HTML")
    assert [m.text for m in emu.sent(GROUP)] == ["原文"]


async def test_4096_characters_after_parsing_fit_and_4097_are_too_long(emu: Emulator, bot: Bot) -> None:
    body = "议" * 4096
    await bot.send_message(GROUP, f"<b>{body}</b>", parse_mode="HTML")  # markup does not count
    await bot.send_message(GROUP, "😀" * 4096)  # an emoji is one character, two UTF-16 units
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(GROUP, body + "!")
    assert refused.value.message == "Bad Request: message is too long"
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(GROUP, "&lt;" * 4097, parse_mode="HTML")
    assert len(emu.sent(GROUP)) == 2


async def test_an_edit_over_4096_characters_is_too_long_and_changes_nothing(emu: Emulator, bot: Bot) -> None:
    sent = await bot.send_message(GROUP, "第1条")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_text("长" * 4097, chat_id=GROUP, message_id=sent.message_id)
    assert refused.value.message == "Bad Request: message is too long"
    assert (emu.sent(GROUP)[0].text, emu.sent(GROUP)[0].edited) == ("第1条", False)


async def test_captions_over_1024_characters_are_too_long(emu: Emulator, bot: Bot) -> None:
    await bot.send_document(GROUP, BufferedInputFile(b"x", "a.csv"), caption="注" * 1024)
    with pytest.raises(TelegramBadRequest) as photo:
        await bot.send_photo(GROUP, BufferedInputFile(PNG, "a.png"), caption="注" * 1025)
    with pytest.raises(TelegramBadRequest) as document:
        await bot.send_document(GROUP, BufferedInputFile(b"x", "a.csv"), caption="<i>注</i>" * 1025,
                                parse_mode="HTML")
    assert photo.value.message == document.value.message == "Bad Request: message caption is too long"
    assert len(emu.sent(GROUP)) == 1


@pytest.mark.parametrize(("text", "parse_mode"), [("", None), ("   \n ", None), ("<b> </b>", "HTML")])
async def test_text_that_is_empty_after_parsing_is_refused(
        emu: Emulator, bot: Bot, text: str, parse_mode: str | None) -> None:
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(GROUP, text, parse_mode=parse_mode)
    assert refused.value.message == "Bad Request: message text is empty"
    sent = await bot.send_message(GROUP, "原文")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.edit_message_text(text or " ", chat_id=GROUP, message_id=sent.message_id,
                                    parse_mode=parse_mode)
