"""The minimal surface mode and webhook switching, as Telegram answers them over HTTP."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramConflictError, TelegramNotFound
from aiogram.types import BotCommand, ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup

from emulator import MINIMAL_SURFACE, Emulator

GROUP = -1001234567890
WEBHOOK_ACTIVE = ("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
                  "delete the webhook first")


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="附议", callback_data=data)]])


@pytest.fixture
async def minimal() -> AsyncIterator[Emulator]:
    async with Emulator(surface=MINIMAL_SURFACE, rate_limits=False) as emulator:
        emulator.create_group(GROUP, "科创中心建言群")
        yield emulator


@pytest.fixture
async def bot(minimal: Emulator) -> AsyncIterator[Bot]:
    client = minimal.make_bot()
    yield client
    await client.session.close()


async def test_the_minimal_surface_answers_its_nine_methods(minimal: Emulator, bot: Bot) -> None:
    uid = minimal.add_user("王小明")
    minimal.add_member(GROUP, uid)
    assert (await bot.get_me()).username == "delibot"
    minimal.post(GROUP, uid, "#人才 建议设立人才驿站")
    [update] = await bot.get_updates(timeout=0)
    sent = await bot.send_message(GROUP, "已记录", reply_markup=keyboard("s:1"))
    cbid = minimal.press(GROUP, uid, sent.message_id, data="s:1")
    assert await bot.answer_callback_query(cbid, text="已附议")
    await bot.edit_message_text("已记录（1 附议）", chat_id=GROUP, message_id=sent.message_id,
                                reply_markup=keyboard("s:1"))
    await bot.edit_message_reply_markup(chat_id=GROUP, message_id=sent.message_id, reply_markup=None)
    assert await bot.delete_message(GROUP, sent.message_id)
    assert await bot.set_webhook("http://127.0.0.1:9/hook")
    assert await bot.delete_webhook()
    assert update.message is not None and update.message.text == "#人才 建议设立人才驿站"
    assert {c.method for c in minimal.calls() if c.ok} >= set(MINIMAL_SURFACE) - {"getUpdates"}
    assert all(c.ok for c in minimal.calls())


async def test_anything_beyond_the_minimal_surface_is_telegrams_404(minimal: Emulator, bot: Bot) -> None:
    uid = minimal.add_user("王小明")
    minimal.add_member(GROUP, uid)
    beyond = [bot.get_chat(GROUP), bot.set_my_commands([BotCommand(command="propose", description="建言")]),
              bot.restrict_chat_member(GROUP, uid, ChatPermissions(can_send_messages=False)),
              bot.get_chat_member(GROUP, uid), bot.get_webhook_info()]
    for call in beyond:
        with pytest.raises(TelegramNotFound) as refused:
            await call
        assert refused.value.message == "Not Found"
    assert [(c.method, c.error_code) for c in minimal.calls()] == [
        ("getChat", 404), ("setMyCommands", 404), ("restrictChatMember", 404), ("getChatMember", 404),
        ("getWebhookInfo", 404)]
    assert minimal.member(GROUP, uid).status == "member"


async def test_the_full_surface_answers_what_the_minimal_one_refuses() -> None:
    async with Emulator() as emu:
        emu.create_group(GROUP, "科创中心建言群")
        client = emu.make_bot()
        assert (await client.get_chat(GROUP)).title == "科创中心建言群"
        await client.session.close()


async def test_get_updates_conflicts_while_a_webhook_is_set_until_it_is_deleted(
        minimal: Emulator, bot: Bot) -> None:
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(TelegramConflictError) as refused:
        await bot.get_updates(timeout=0)
    assert refused.value.message == WEBHOOK_ACTIVE
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == []


async def test_delete_webhook_can_drop_the_updates_that_waited(minimal: Emulator, bot: Bot) -> None:
    uid = minimal.add_user("王小明")
    minimal.add_member(GROUP, uid)
    minimal.post(GROUP, uid, "旧消息一")
    minimal.post(GROUP, uid, "旧消息二")
    await bot.delete_webhook()  # keeps them
    assert minimal.pending_updates == 2
    await bot.delete_webhook(drop_pending_updates=True)
    assert minimal.pending_updates == 0
    minimal.post(GROUP, uid, "新消息")
    assert [u.message.text for u in await bot.get_updates(timeout=0) if u.message] == ["新消息"]
