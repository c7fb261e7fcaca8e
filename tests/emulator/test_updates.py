"""Updates reach a real aiogram Dispatcher shaped exactly as Telegram sends them."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramConflictError
from aiogram.types import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import web

from emulator import Emulator, EmulatorError
from tests.emulator.conftest import GROUP


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        emulator.create_group(GROUP, "科创中心建言群")
        yield emulator


async def test_a_join_reaches_the_bot_as_a_service_message_and_a_chat_member_update(emu: Emulator,
                                                                                     bot: Bot) -> None:
    dp = Dispatcher()
    seen: list[tuple[str, object]] = []

    @dp.message(F.new_chat_members)
    async def on_join_message(message: Message) -> None:
        seen.append(("message", [u.first_name for u in message.new_chat_members or []]))

    @dp.chat_member()
    async def on_member(event: ChatMemberUpdated) -> None:
        seen.append(("chat_member", (event.old_chat_member.status, event.new_chat_member.status)))

    async with emu.polling(dp, bot):
        emu.join(GROUP, emu.add_user("王小明"))
        await emu.wait_for(lambda _: len(seen) == 2)
    assert sorted(seen, key=str) == [("chat_member", ("left", "member")), ("message", ["王小明"])]


async def test_a_press_on_an_inline_button_reaches_the_callback_handler(emu: Emulator, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.callback_query(F.data.startswith("support:"))
    async def cb_support(query: CallbackQuery) -> None:
        await query.answer("已支持", show_alert=True)

    uid = emu.add_user("李四")
    emu.add_member(GROUP, uid)
    button = InlineKeyboardButton(text="支持", callback_data="support:7")
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    sent = await bot.send_message(GROUP, "提案 #7", reply_markup=markup)
    with pytest.raises(EmulatorError, match="no button"):
        emu.press(GROUP, uid, sent.message_id, data="oppose:7")
    async with emu.polling(dp, bot):
        cbid = emu.press(GROUP, uid, sent.message_id, text="支持")
        await emu.wait_for_call("answerCallbackQuery", callback_query_id=cbid)
    assert emu.callback_answers(cbid) == [
        {"text": "已支持", "show_alert": True, "url": None, "cache_time": 0}]


async def test_a_command_message_carries_entities_aiogram_understands(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    emu.add_member(GROUP, uid)
    emu.post(GROUP, uid, "/propose@delibot #人才 引进 @someone")
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert [(e.type, e.extract_from(update.message.text or "")) for e in update.message.entities or []] == [
        ("bot_command", "/propose@delibot"), ("hashtag", "#人才"), ("mention", "@someone")]


async def test_an_offset_confirms_older_updates_and_drops_them(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    emu.add_member(GROUP, uid)
    for text in ("一", "二", "三"):
        emu.post(GROUP, uid, text)
    first = await bot.get_updates(limit=2, timeout=0)
    assert [u.message.text for u in first if u.message] == ["一", "二"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
    assert [u.message.text for u in rest if u.message] == ["三"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1, timeout=0) == []


async def test_allowed_updates_filter_and_are_remembered(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    emu.join(GROUP, uid)
    default = await bot.get_updates(timeout=0)  # chat_member is not sent unless asked for
    assert [u.event_type for u in default] == ["message"]
    emu.leave(GROUP, uid)
    emu.join(GROUP, uid)
    only = await bot.get_updates(offset=default[-1].update_id + 1, allowed_updates=["chat_member"], timeout=0)
    assert [u.event_type for u in only] == ["chat_member", "chat_member"]
    emu.post(GROUP, uid, "还在")
    assert await bot.get_updates(offset=only[-1].update_id + 1, timeout=0) == []


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    emu.add_member(GROUP, uid)
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_for(lambda e: e.stats.requests == 1)
    emu.post(GROUP, uid, "来了")
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates if u.message] == ["来了"]


async def test_a_second_poller_makes_the_first_one_fail_with_a_conflict(emu: Emulator, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_for(lambda e: e.stats.requests == 1)
    second = asyncio.create_task(bot.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await first
    assert await second == []


async def test_a_webhook_gets_each_update_with_the_secret_header(emu: Emulator, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []
    failures = [1]

    async def hook(request: web.Request) -> web.Response:
        if failures:
            failures.pop()
            return web.Response(status=500)  # the emulator retries, as Telegram does
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/tg", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        await bot.set_webhook(f"http://127.0.0.1:{port}/tg", secret_token="s3cret",
                              allowed_updates=["message"])
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        uid = emu.add_user("李四")
        emu.add_member(GROUP, uid)
        emu.post(GROUP, uid, "#人才 建议")
        await emu.wait_for(lambda _: len(received) == 1)
        secret, body = received[0]
        assert (secret, body["message"]["text"]) == ("s3cret", "#人才 建议")  # type: ignore[index]
        assert (await bot.get_webhook_info()).pending_update_count == 0
        await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == []
    finally:
        await runner.cleanup()


async def test_the_bot_is_told_when_it_is_demoted_and_when_it_is_removed(emu: Emulator, bot: Bot) -> None:
    emu.set_bot_rights(GROUP, can_restrict_members=False)
    emu.set_bot_rights(GROUP, status="left")
    updates = await bot.get_updates(timeout=0)
    changes = [(u.my_chat_member.old_chat_member.status, u.my_chat_member.new_chat_member.status)
               for u in updates if u.my_chat_member]
    assert changes == [("administrator", "administrator"), ("administrator", "left")]


async def test_with_privacy_mode_a_member_bot_hears_only_commands(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    emu.create_group(-1005, "普通群", bot_status="member")
    emu.add_member(-1005, uid)
    emu.post(-1005, uid, "闲聊")
    emu.post(-1005, uid, "/my")
    assert [u.message.text for u in await bot.get_updates(timeout=0) if u.message] == ["/my"]


async def test_wait_for_reports_what_it_waited_for(emu: Emulator) -> None:
    with pytest.raises(TimeoutError, match="a sendMessage call"):
        await emu.wait_for_call("sendMessage", timeout=0.05)


async def test_an_approved_join_request_is_announced_like_a_join(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("申请人")
    emu.request_join(GROUP, uid)
    wanted = ["chat_join_request", "chat_member", "message"]
    [request] = await bot.get_updates(allowed_updates=wanted, timeout=0)
    assert request.chat_join_request is not None and request.chat_join_request.from_user.id == uid
    await bot.approve_chat_join_request(GROUP, uid)
    updates = await bot.get_updates(offset=request.update_id + 1, timeout=0)
    assert [u.event_type for u in updates] == ["message", "chat_member"]
    assert updates[1].chat_member is not None and updates[1].chat_member.via_join_request


async def test_a_method_returned_from_the_webhook_is_executed(emu: Emulator, bot: Bot) -> None:
    from aiogram.methods import SendMessage
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler

    dp = Dispatcher()

    @dp.message()
    async def on_message(message: Message) -> SendMessage:
        return SendMessage(chat_id=message.chat.id, text="<b>收到</b>", parse_mode="HTML")

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="abc").register(app, path="/wh")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/wh", secret_token="abc")
        uid = emu.add_user("李四")
        emu.add_member(GROUP, uid)
        emu.post(GROUP, uid, "你好")
        await emu.wait_for(lambda e: bool(e.sent(GROUP)))
        assert [m.text for m in emu.sent(GROUP)] == ["收到"]
    finally:
        await runner.cleanup()


async def test_wait_idle_returns_once_the_bot_has_answered_and_gone_quiet(emu: Emulator, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message(F.text == "/ping")
    async def cmd_ping(message: Message) -> None:
        await message.answer("pong")

    uid = emu.add_user("李四")
    emu.add_member(GROUP, uid)
    async with emu.polling(dp, bot):
        emu.post(GROUP, uid, "/ping")
        await emu.wait_idle()
        assert [m.text for m in emu.sent(GROUP)] == ["pong"]
        assert emu.pending_updates == 0
