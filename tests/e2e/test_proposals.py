"""Proposals end to end: recognised, numbered, acknowledged with a Support button, edited, listed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import event

from bot.services import Services
from deliberation.proposals import ProposalRecord
from emulator import events
from emulator.harness import Harness
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork
from tests.e2e.conftest import GROUP, MODERATOR, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本"


def _member(bot: Harness, name: str, user_id: int | None = None) -> int:
    """A member who was in the group before: no join update, so no greeting to account for."""
    uid = bot.emu.add_user(name, user_id=user_id)
    bot.emu.add_member(GROUP, uid)
    return uid


async def _proposals(bot: Harness) -> list[ProposalRecord]:
    async with bot.rt.services.uow() as uow:
        return await uow.repo(ProposalRepository).find()


async def _post(bot: Harness, uid: int, text: str, reply_to: int | None = None) -> int:
    mid = bot.emu.post(GROUP, uid, text, reply_to=reply_to)
    await bot.settle()
    return mid


async def test_a_tagged_message_becomes_proposal_one_answered_with_its_number_and_a_support_button(
    bot: Harness,
) -> None:
    author = _member(bot, "张三-海淀区")
    mid = await _post(bot, author, PROPOSAL)
    (ack,) = bot.emu.sent(chat_id=GROUP)
    assert ack.reply_to == mid
    assert "第 1 号" in ack.text and "#人才" in ack.text
    assert ack.reply_markup == [[("附议 (0)", "psup:1")]]
    (proposal,) = await _proposals(bot)
    assert (proposal.number, proposal.topics, proposal.text) == (1, ("人才",), PROPOSAL)
    assert (proposal.author_id, proposal.author_name, proposal.author_unit) == (author, "张三", "海淀区")
    assert proposal.message_id == mid and proposal.link == f"https://t.me/c/1234567890/{mid}"
    assert proposal.ack_message_id == ack.message_id and proposal.state == "submitted"


async def test_a_full_width_hashtag_in_a_photo_caption_naming_two_topics_is_a_proposal(bot: Harness) -> None:
    author = _member(bot, "李四-朝阳区")
    world = bot.emu.world
    photo = world.add_message(world.chats[GROUP], author, text="＃人才 #科技 建议建设人工智能人才实训基地",
                              kind="photo")
    events.emit_message(world, photo)
    await bot.settle()
    (proposal,) = await _proposals(bot)
    assert proposal.topics == ("人才", "创新") and proposal.message_id == photo.message_id
    assert bot.emu.sent(chat_id=GROUP)[-1].reply_to == photo.message_id


async def test_a_member_supports_once_and_a_second_press_withdraws_the_support(bot: Harness) -> None:
    author, supporter = _member(bot, "张三-海淀区"), _member(bot, "李四-朝阳区")
    await _post(bot, author, PROPOSAL)
    ack = bot.emu.sent(chat_id=GROUP)[-1]
    first = bot.emu.press(GROUP, supporter, ack.message_id, data="psup:1")
    await bot.settle()
    assert bot.emu.sent(chat_id=GROUP)[-1].reply_markup == [[("附议 (1)", "psup:1")]]
    assert "已附议第 1 号" in bot.emu.callback_answers(first)[0]["text"]
    assert (await _proposals(bot))[0].supports == 1
    second = bot.emu.press(GROUP, supporter, ack.message_id, data="psup:1")
    await bot.settle()
    assert bot.emu.sent(chat_id=GROUP)[-1].reply_markup == [[("附议 (0)", "psup:1")]]
    assert "撤回" in bot.emu.callback_answers(second)[0]["text"]
    assert (await _proposals(bot))[0].supports == 0


async def test_the_author_pressing_support_is_refused_with_a_toast_and_nothing_changes(bot: Harness) -> None:
    author = _member(bot, "张三-海淀区")
    await _post(bot, author, PROPOSAL)
    ack = bot.emu.sent(chat_id=GROUP)[-1]
    press = bot.emu.press(GROUP, author, ack.message_id, data="psup:1")
    await bot.settle()
    assert "不能附议自己" in bot.emu.callback_answers(press)[0]["text"]
    assert bot.emu.sent(chat_id=GROUP)[-1].reply_markup == [[("附议 (0)", "psup:1")]]
    assert bot.emu.calls("editMessageReplyMarkup") == []
    assert (await _proposals(bot))[0].supports == 0


async def test_a_tagged_text_under_ten_characters_is_not_recorded_and_the_member_is_told(
    bot: Harness,
) -> None:
    author = _member(bot, "张三-海淀区")
    mid = await _post(bot, author, "#人才 太贵")
    (reply,) = bot.emu.sent(chat_id=GROUP)
    assert reply.reply_to == mid and "太短" in reply.text and "10" in reply.text
    assert reply.reply_markup == []
    assert await _proposals(bot) == []


async def test_the_same_text_from_the_same_author_within_a_day_is_refused_and_a_day_later_accepted(
    bot: Harness,
) -> None:
    author = _member(bot, "张三-海淀区")
    await _post(bot, author, PROPOSAL)
    again = await _post(bot, author, "＃人才  建议设立青年人才公寓 降低租房成本。")
    reply = bot.emu.sent(chat_id=GROUP)[-1]
    assert reply.reply_to == again and "相同内容" in reply.text and "第 1 号" in reply.text
    assert [p.number for p in await _proposals(bot)] == [1]
    bot.clock.advance(timedelta(days=1, minutes=1))
    await _post(bot, author, PROPOSAL)
    assert [p.number for p in await _proposals(bot)] == [1, 2]


async def test_the_same_text_from_another_member_is_a_new_proposal(bot: Harness) -> None:
    await _post(bot, _member(bot, "张三-海淀区"), PROPOSAL)
    await _post(bot, _member(bot, "李四-朝阳区"), PROPOSAL)
    assert [p.number for p in await _proposals(bot)] == [1, 2]


async def test_an_edited_proposal_takes_the_new_text_and_keeps_the_earlier_one(bot: Harness) -> None:
    author = _member(bot, "张三-海淀区")
    mid = await _post(bot, author, PROPOSAL)
    edited = PROPOSAL + "，并配套建设托育设施"
    bot.clock.advance(timedelta(minutes=5))
    bot.emu.edit(GROUP, mid, edited)
    await bot.settle()
    (proposal,) = await _proposals(bot)
    assert proposal.text == edited and proposal.number == 1
    async with bot.rt.services.uow() as uow:
        versions = await uow.repo(ProposalRepository).versions_of([1])
    assert [(v.text, v.at) for v in versions[1]] == [(PROPOSAL, proposal.created_at)]
    assert len(bot.emu.sent(chat_id=GROUP)) == 1  # an edit is not acknowledged again


async def test_deleting_the_message_keeps_the_proposal(bot: Harness) -> None:
    mid = await _post(bot, _member(bot, "张三-海淀区"), PROPOSAL)
    bot.emu.delete_by_user(GROUP, mid)
    await bot.settle()
    assert [p.text for p in await _proposals(bot)] == [PROPOSAL]


async def test_propose_without_a_hashtag_is_a_proposal_without_topics(bot: Harness) -> None:
    author = _member(bot, "张三-海淀区")
    mid = await _post(bot, author, "/propose 建议在地铁站增设共享单车停放点")
    (proposal,) = await _proposals(bot)
    assert (proposal.text, proposal.topics) == ("建议在地铁站增设共享单车停放点", ())
    assert proposal.message_id == mid
    ack = bot.emu.sent(chat_id=GROUP)[-1]
    assert ack.reply_to == mid and "第 1 号" in ack.text and "未标注" in ack.text


async def test_propose_without_text_or_reply_explains_how_to_use_it(bot: Harness) -> None:
    await _post(bot, _member(bot, "张三-海淀区"), "/propose")
    assert "/propose 建言内容" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert await _proposals(bot) == []


async def test_a_moderator_replying_propose_turns_a_message_into_a_proposal_by_its_author(
    bot: Harness,
) -> None:
    author = _member(bot, "张三-海淀区")
    _member(bot, "王五-市委办", user_id=MODERATOR)
    mid = await _post(bot, author, "建议在社区增设老年食堂，方便老人就餐")
    assert bot.emu.sent(chat_id=GROUP) == []
    await _post(bot, MODERATOR, "/propose", reply_to=mid)
    (proposal,) = await _proposals(bot)
    assert (proposal.author_id, proposal.author_name, proposal.message_id) == (author, "张三", mid)
    assert proposal.text == "建议在社区增设老年食堂，方便老人就餐"
    assert bot.emu.sent(chat_id=GROUP)[-1].reply_to == mid


async def test_a_member_replying_propose_to_someone_elses_message_is_refused(bot: Harness) -> None:
    author, other = _member(bot, "张三-海淀区"), _member(bot, "李四-朝阳区")
    mid = await _post(bot, author, "建议在社区增设老年食堂，方便老人就餐")
    command = await _post(bot, other, "/propose", reply_to=mid)
    (reply,) = bot.emu.sent(chat_id=GROUP)
    assert reply.reply_to == command and "只有群主或管理员" in reply.text
    assert await _proposals(bot) == []


async def test_propose_in_a_private_chat_asks_to_post_in_the_group(bot: Harness) -> None:
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.private(uid, "/propose 建议在地铁站增设共享单车停放点")
    await bot.settle()
    assert "建言群" in bot.emu.sent(chat_id=uid)[-1].text
    assert await _proposals(bot) == []


async def test_my_lists_the_members_proposals_with_state_and_support(bot: Harness) -> None:
    author, supporter = _member(bot, "张三-海淀区"), _member(bot, "李四-朝阳区")
    await _post(bot, author, PROPOSAL)
    await _post(bot, author, "/propose 建议在地铁站增设共享单车停放点")
    bot.emu.press(GROUP, supporter, bot.emu.sent(chat_id=GROUP)[0].message_id, data="psup:1")
    await bot.settle()
    bot.emu.private(author, "/my")
    await bot.settle()
    lines = bot.emu.sent(chat_id=author)[-1].text.splitlines()
    assert "共 2 条" in lines[0]
    assert lines[1:] == [
        "第 2 号 · 未标注（由群主或管理员分派） · 待受理 · 附议 0",
        "第 1 号 · #人才 · 待受理 · 附议 1",
    ]
    bot.emu.private(supporter, "/my")
    await bot.settle()
    assert "还没有提出建言" in bot.emu.sent(chat_id=supporter)[-1].text


async def test_proposal_n_shows_the_text_author_state_supports_and_link(bot: Harness) -> None:
    mid = await _post(bot, _member(bot, "张三-海淀区"), PROPOSAL)
    reader = _member(bot, "李四-朝阳区")
    await _post(bot, reader, "/proposal 1")
    shown = bot.emu.sent(chat_id=GROUP)[-1].text
    for part in (PROPOSAL, "张三（海淀区）", "待受理", "附议：0", f"https://t.me/c/1234567890/{mid}"):
        assert part in shown
    await _post(bot, reader, "/proposal 99")
    assert "没有第 99 号" in bot.emu.sent(chat_id=GROUP)[-1].text
    await _post(bot, reader, "/proposal abc")
    assert "/proposal 编号" in bot.emu.sent(chat_id=GROUP)[-1].text


async def test_ordinary_and_unknown_hashtag_messages_cost_no_proposal_query_and_get_no_answer(
    bot: Harness,
) -> None:
    member = _member(bot, "张三-海淀区")
    await _post(bot, member, "大家好")  # first sight: the group and the member are recorded
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = bot.rt.services.engine.sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        await _post(bot, member, "今天的会议几点开始？")
        await _post(bot, member, "#交通 建议增开夜班公交线路，方便市民出行")
        await _post(bot, member, "见 https://example.org/#人才 页面")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert [s for s in statements if "proposal" in s.lower() or "supports" in s.lower()] == []
    assert bot.emu.sent(chat_id=GROUP) == []
    assert await _proposals(bot) == []


async def test_a_redelivered_proposal_message_is_not_recorded_twice(bot: Harness) -> None:
    author = _member(bot, "张三-海淀区")
    mid = await _post(bot, author, PROPOSAL)
    world = bot.emu.world
    events.emit_message(world, world.chats[GROUP].messages[mid])  # Telegram delivers it again
    await bot.settle()
    assert [p.number for p in await _proposals(bot)] == [1]
    assert len(bot.emu.sent(chat_id=GROUP)) == 1


async def test_an_author_without_a_compliant_name_is_recorded_by_registration_else_display_name(
    make_harness: Callable[..., Harness],
) -> None:
    bot = make_harness(config(nickname={"exempt_officials": True}))
    await bot.emu.start()
    bot.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with bot:
        await _recorded_by_registration_else_display_name(bot)
    await bot.emu.stop()


async def _recorded_by_registration_else_display_name(bot: Harness) -> None:
    moderator = _member(bot, "老王", user_id=MODERATOR)  # exempt_officials: moderators need no real name
    await _post(bot, moderator, PROPOSAL)
    async with bot.rt.services.uow() as uow:
        await uow.chats.upsert_user(moderator, first_name="老王", last_name=None, username=None,
                                    is_bot=False, language_code="zh", now=bot.clock.now())
        await uow.chats.update_user(moderator, real_name="王五", unit="市委办")
        await uow.commit()
    await _post(bot, moderator, "#创新 建议开放政府数据接口，方便企业创新")
    first, second = await _proposals(bot)
    assert (first.author_name, first.author_unit) == ("老王", "")
    assert (second.author_name, second.author_unit) == ("王五", "市委办")


async def test_a_proposal_is_kept_even_when_routing_it_fails(bot: Harness) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("routing is down")

    bot.rt.services.hooks.proposal_created.insert(0, broken)
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, uid)
    await bot.settle()
    mid = bot.emu.post(GROUP, uid, "#人才 建议设立青年人才公寓，降低租房成本")
    await bot.settle()
    async with bot.rt.services.uow() as uow:
        record = await uow.repo(ProposalRepository).by_message(GROUP, mid)
    assert record is not None and record.number == 1
    assert any(m.reply_to == mid for m in bot.emu.sent(chat_id=GROUP))


async def test_a_failing_hook_undoes_only_its_own_part_and_every_other_hook_keeps_its_own(
    bot: Harness,
) -> None:
    """Each hook runs in a savepoint of its own: the broken one's part is undone, the others keep
    theirs, and the proposal stays."""
    calls: list[str] = []

    def hook(name: str, *, fails: bool = False) -> Callable[..., Awaitable[None]]:
        async def run(services: Services, uow: UnitOfWork, _bot: object, record: ProposalRecord) -> None:
            calls.append(name)
            await uow.outbox.enqueue(key=f"test:{name}:{record.number}", kind="test", chat_id=TALENT_OFFICIAL,
                                     params={"text": name}, now=services.clock.now())
            if fails:
                raise RuntimeError("this hook is down")

        return run

    bot.rt.services.hooks.proposal_created[:0] = [
        hook("before"), hook("broken", fails=True), hook("after"),
    ]
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    mid = await _post(bot, author, PROPOSAL)
    (proposal,) = await _proposals(bot)
    assert proposal.number == 1 and proposal.message_id == mid and proposal.departments == ("talent",)
    assert calls == ["before", "broken", "after"]  # each runs once
    async with bot.rt.services.uow() as uow:
        queued = {r.key for r in await uow.outbox.list()}
    assert {"test:before:1", "test:after:1", f"handling:new:1:{TALENT_OFFICIAL}"} <= queued
    assert "test:broken:1" not in queued
    assert any(m.reply_to == mid for m in bot.emu.sent(chat_id=GROUP))


async def test_a_failing_hook_keeps_what_came_before_the_proposal_in_its_transaction(bot: Harness) -> None:
    """A member's first message is recorded (by a middleware) in the proposal's transaction: a
    failing hook must undo only its own part, never the member."""
    async def broken(*_: object) -> None:
        raise RuntimeError("routing is down")

    bot.rt.services.hooks.proposal_created.insert(0, broken)
    author = _member(bot, "张三-海淀区")  # never seen by the bot before this message
    mid = await _post(bot, author, PROPOSAL)
    async with bot.rt.services.uow() as uow:
        member = await uow.chats.get_member(GROUP, author)
        record = await uow.repo(ProposalRepository).by_message(GROUP, mid)
    assert member is not None
    assert record is not None and record.number == 1 and record.departments == ("talent",)
