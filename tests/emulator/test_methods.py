"""The emulator answers a real aiogram Bot over HTTP the way api.telegram.org answers it."""

from datetime import timedelta

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import BufferedInputFile, ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup

from emulator import Emulator, EmulatorError
from tests.emulator.conftest import GROUP, NOW


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)]
                                                 for t, d in pairs])


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "delibot", True)


async def test_an_unknown_method_answers_404_and_is_recorded(emu: Emulator, bot: Bot) -> None:
    class Frobnicate(TelegramMethod[bool]):
        __returning__ = bool
        __api_method__ = "frobnicate"

    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(Frobnicate())
    assert [(c.method, c.error_code) for c in emu.calls()] == [("frobnicate", 404)]


async def test_a_wrong_token_is_unauthorized(emu: Emulator) -> None:
    intruder = Bot("999:WRONG", session=emu.make_bot().session)
    with pytest.raises(TelegramUnauthorizedError):
        await intruder.get_me()
    await intruder.session.close()


async def test_html_text_is_stored_raw_and_plain_with_its_keyboard(emu: Emulator, bot: Bot) -> None:
    sent = await bot.send_message(GROUP, "<b>提案 #7</b> 已记录 &lt;人才&gt;", parse_mode="HTML",
                                  reply_markup=keyboard(("支持", "support:7")))
    [record] = emu.sent(GROUP)
    assert (record.message_id, record.text, record.html) == (sent.message_id, "提案 #7 已记录 <人才>",
                                                             "<b>提案 #7</b> 已记录 &lt;人才&gt;")
    assert record.reply_markup == [[("支持", "support:7")]]


async def test_unescaped_html_is_refused_as_telegram_refuses_it(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(GROUP, "名字 <张三>", parse_mode="HTML")


async def test_a_reply_to_a_missing_message_is_refused(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(GROUP, "回复", reply_to_message_id=999)


async def test_a_private_chat_the_user_never_opened_is_forbidden_until_they_write(
        emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation with a user"):
        await bot.send_message(uid, "你好")
    emu.private(uid, "/start")
    await bot.send_message(uid, "你好")
    assert [m.text for m in emu.sent(user_id=uid)] == ["你好"]


async def test_a_user_who_blocked_the_bot_cannot_be_written_to(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("李四")
    emu.private(uid, "/start")
    emu.block_bot(uid)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(uid, "你好")


async def test_multipart_photo_and_document_uploads_are_recorded(emu: Emulator, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    sent = await bot.send_photo(GROUP, BufferedInputFile(png, "ranking.png"), caption="<i>周排名</i>",
                                parse_mode="HTML")
    await bot.send_document(GROUP, BufferedInputFile(b"a,b\n1,2\n", "export.csv"), caption="导出")
    photo, document = emu.sent(GROUP)
    assert photo.file is not None and document.file is not None
    assert (photo.kind, photo.text, photo.file.filename, photo.file.size) == (
        "photo", "周排名", "ranking.png", len(png))
    assert (sent.photo[-1].width, sent.photo[-1].height) == (640, 480)
    assert (document.kind, document.file.filename, document.file.data) == (
        "document", "export.csv", b"a,b\n1,2\n")


async def test_restricting_without_sending_makes_the_member_read_only(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("小明")
    emu.join(GROUP, uid)
    until = NOW + timedelta(days=1)
    await bot.restrict_chat_member(GROUP, uid, ChatPermissions(can_send_messages=False), until_date=until)
    state = emu.member(GROUP, uid)
    assert (state.status, state.permissions["can_send_messages"], state.until_date) == (
        "restricted", False, until)
    with pytest.raises(EmulatorError, match="read-only"):
        emu.post(GROUP, uid, "我可以说话吗")
    everything = {name: True for name in ChatPermissions.model_fields}
    await bot.restrict_chat_member(GROUP, uid, ChatPermissions(**everything))
    assert emu.member(GROUP, uid).status == "member"
    emu.post(GROUP, uid, "现在可以了")


async def test_a_rename_shows_in_get_chat_member(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("小明")
    emu.add_member(GROUP, uid)
    emu.rename(uid, "王小明-海淀区")
    member = await bot.get_chat_member(GROUP, uid)
    assert (member.status, member.user.first_name) == ("member", "王小明-海淀区")


async def test_unban_only_if_banned_frees_a_kicked_user_and_leaves_members_alone(
        emu: Emulator, bot: Bot) -> None:
    stays, goes = emu.add_user("甲"), emu.add_user("乙")
    emu.add_member(GROUP, stays)
    emu.add_member(GROUP, goes)
    await bot.ban_chat_member(GROUP, goes)
    assert emu.member(GROUP, goes).status == "kicked"
    await bot.unban_chat_member(GROUP, goes, only_if_banned=True)
    await bot.unban_chat_member(GROUP, stays, only_if_banned=True)
    assert (emu.member(GROUP, goes).status, emu.member(GROUP, stays).status) == ("left", "member")
    await bot.unban_chat_member(GROUP, stays)  # without the flag Telegram removes a present member
    assert emu.member(GROUP, stays).status == "left"
    emu.join(GROUP, goes)


async def test_moderation_needs_rights_and_spares_administrators(emu: Emulator, bot: Bot) -> None:
    weak, admin, uid = -1002, emu.add_user("管理员"), emu.add_user("成员")
    emu.create_group(weak, "无权限群", {"can_restrict_members": False})
    emu.add_member(weak, uid)
    with pytest.raises(TelegramBadRequest, match="not enough rights to restrict/unrestrict chat member"):
        await bot.ban_chat_member(weak, uid)
    emu.make_admin(GROUP, admin)
    with pytest.raises(TelegramBadRequest, match="user is an administrator of the chat"):
        await bot.restrict_chat_member(GROUP, admin, ChatPermissions(can_send_messages=False))


async def test_set_chat_member_tag_needs_can_manage_tags(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("王小明")
    emu.create_group(-1003, "无标签权", {"can_manage_tags": False})
    emu.add_member(-1003, uid)
    emu.add_member(GROUP, uid)
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.set_chat_member_tag(chat_id=-1003, user_id=uid, tag="海淀区")
    await bot.set_chat_member_tag(chat_id=GROUP, user_id=uid, tag="海淀区")
    assert emu.member(GROUP, uid).tag == "海淀区"
    assert (await bot.get_chat_member(GROUP, uid)).tag == "海淀区"
    with pytest.raises(TelegramBadRequest, match="TAG_INVALID"):
        await bot.set_chat_member_tag(chat_id=GROUP, user_id=uid, tag="一个超过十六个字符的很长很长的标签啊")


async def test_join_requests_are_approved_once_and_unknown_ones_refused(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("申请人")
    with pytest.raises(TelegramBadRequest, match="HIDE_REQUESTER_MISSING"):
        await bot.approve_chat_join_request(GROUP, uid)
    emu.request_join(GROUP, uid)
    await bot.send_message(uid, "请先改名")  # a requester may be written to while the request is fresh
    await bot.approve_chat_join_request(GROUP, uid)
    assert emu.member(GROUP, uid).status == "member"
    with pytest.raises(TelegramBadRequest, match="HIDE_REQUESTER_MISSING"):
        await bot.decline_chat_join_request(GROUP, uid)


async def test_after_leaving_a_chat_the_bot_is_forbidden_there(emu: Emulator, bot: Bot) -> None:
    await bot.leave_chat(GROUP)
    with pytest.raises(TelegramForbiddenError, match="bot is not a member of the supergroup chat"):
        await bot.send_message(GROUP, "还在吗")
    with pytest.raises(TelegramForbiddenError, match="bot is not a member of the supergroup chat"):
        await bot.get_chat_member_count(GROUP)


async def test_editing_to_the_same_content_is_not_modified(emu: Emulator, bot: Bot) -> None:
    sent = await bot.send_message(GROUP, "提案 #1", reply_markup=keyboard(("支持", "s:1")))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(text="提案 #1", chat_id=GROUP, message_id=sent.message_id,
                                    reply_markup=keyboard(("支持", "s:1")))
    await bot.edit_message_text(text="提案 #1 (2 支持)", chat_id=GROUP, message_id=sent.message_id)
    [record] = emu.sent(GROUP)
    assert (record.text, record.edited, record.reply_markup) == ("提案 #1 (2 支持)", True, [])


async def test_deleting_a_members_message_needs_can_delete_messages(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("成员")
    emu.create_group(-1004, "普通成员", bot_status="member")
    for chat in (GROUP, -1004):
        emu.add_member(chat, uid)
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(-1004, emu.post(-1004, uid, "/report 垃圾"))
    assert await bot.delete_message(GROUP, emu.post(GROUP, uid, "违禁词"))
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(GROUP, 1)


async def test_commands_are_stored_per_scope_and_language(emu: Emulator, bot: Bot) -> None:
    from aiogram.types import BotCommand, BotCommandScopeAllGroupChats

    await bot.set_my_commands([BotCommand(command="propose", description="提交建议")],
                              scope=BotCommandScopeAllGroupChats(), language_code="zh")
    assert emu.commands({"type": "all_group_chats"}, "zh") == [("propose", "提交建议")]
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Propose", description="x")])


async def test_answering_an_unknown_or_already_answered_query_is_refused(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("成员")
    emu.add_member(GROUP, uid)
    sent = await bot.send_message(GROUP, "提案", reply_markup=keyboard(("支持", "s:1")))
    cbid = emu.press(GROUP, uid, sent.message_id, data="s:1")
    await bot.answer_callback_query(cbid, text="已支持")
    for query_id in (cbid, "42"):
        with pytest.raises(TelegramBadRequest, match="query is too old"):
            await bot.answer_callback_query(query_id)
    assert [a["text"] for a in emu.callback_answers(cbid)] == ["已支持"]


async def test_administrators_and_member_count_follow_the_roster(emu: Emulator, bot: Bot) -> None:
    owner, admin, member = emu.add_user("群主"), emu.add_user("管理"), emu.add_user("成员")
    emu.add_member(GROUP, owner, status="creator")
    emu.make_admin(GROUP, admin, can_restrict_members=False)
    emu.join(GROUP, member)
    admins = await bot.get_chat_administrators(GROUP)
    assert sorted((a.user.id, a.status) for a in admins) == sorted(
        [(owner, "creator"), (admin, "administrator"), (emu.bot_id, "administrator")])
    assert await bot.get_chat_member_count(GROUP) == 4
    emu.leave(GROUP, member)
    assert await bot.get_chat_member_count(GROUP) == 3


async def test_a_timed_restriction_lapses_when_the_clock_passes_it() -> None:
    from deliberation.clock import ManualClock

    clock = ManualClock(NOW)
    async with Emulator(clock=clock) as emu:
        emu.create_group(GROUP, "科创中心建言群")
        uid = emu.add_user("小明")
        emu.add_member(GROUP, uid)
        client = emu.make_bot()
        await client.restrict_chat_member(GROUP, uid, ChatPermissions(can_send_messages=False),
                                          until_date=NOW + timedelta(hours=1))
        await client.session.close()
        clock.advance(timedelta(hours=2))
        assert (emu.member(GROUP, uid).status, emu.member(GROUP, uid).until_date) == ("member", None)
        emu.post(GROUP, uid, "又能说话了")
