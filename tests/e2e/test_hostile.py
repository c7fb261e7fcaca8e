"""Hostile use end to end: people acting beyond their rights, forged buttons, huge numbers and
updates no ordinary client sends. Nothing changes where nothing is allowed, and the bot goes on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiogram.types import Update

from deliberation.handling import State
from emulator.harness import Harness
from emulator.payloads import chat_json, message_json, user_json
from emulator.state import Callback
from storage.repositories.handling import HandlingRepository
from storage.repositories.proposals import ProposalRepository
from tests.e2e.conftest import (
    GROUP,
    INNOVATION_OFFICIAL,
    MODERATOR,
    OTHER_GROUP,
    TALENT_OFFICIAL,
    two_groups,
)

pytestmark = pytest.mark.e2e

PROPOSAL = "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作"
HUGE = str(10**30)
TELEGRAM = 777000  # the sender of automatic forwards from a linked channel
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot
CHANNEL = -1007777777777


@pytest.fixture
async def world(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    """Two configured groups; an administrator of the other group who has seen it; the officials,
    the moderator and the author with their private chats open; proposal #1 in GROUP."""
    harness = make_harness(two_groups())
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    harness.emu.create_group(chat_id=OTHER_GROUP, title="另一个建言群")
    async with harness:
        emu = harness.emu
        officials = ((TALENT_OFFICIAL, "李主任"), (INNOVATION_OFFICIAL, "王局长"),
                     (MODERATOR, "管理员-区委办"))
        for uid, name in officials:
            emu.add_user(name, user_id=uid)
            emu.private(uid, "/start")
        other_admin = emu.add_user("赵六-外区")
        emu.add_member(OTHER_GROUP, other_admin)
        emu.make_admin(OTHER_GROUP, other_admin)
        emu.post(OTHER_GROUP, other_admin, "大家好")
        emu.private(other_admin, "/start")
        author = emu.add_user("张三-海淀区")
        emu.join(GROUP, author)
        await harness.settle()
        emu.post(GROUP, author, PROPOSAL)
        await harness.settle()
        await harness.advance(1)
        harness.people = {"author": author, "other_admin": other_admin}  # type: ignore[attr-defined]
        yield harness
    await harness.emu.stop()


def person(bot: Harness, role: str) -> int:
    return bot.people[role]  # type: ignore[attr-defined,no-any-return]


async def ask(bot: Harness, uid: int, text: str) -> str:
    bot.emu.private(uid, text)
    await bot.settle()
    return bot.emu.sent(chat_id=uid)[-1].text


async def case_state(bot: Harness, number: int) -> tuple[State, frozenset[str]]:
    async with bot.rt.services.uow() as uow:
        case = await uow.repo(HandlingRepository).get(number)
    assert case is not None
    return case.state, case.departments


def push(bot: Harness, kind: str, payload: dict[str, Any]) -> None:
    bot.emu.world.updates.push(kind, payload)


def forged_press(bot: Harness, user_id: int, message_id: int, data: str) -> str:
    """A callback_query as a modified client can send it: any data, from anyone, on any message."""
    world = bot.emu.world
    chat = world.chats[GROUP]
    callback_id = f"forged-{len(world.callbacks)}-{message_id}-{user_id}"
    world.callbacks[callback_id] = Callback(callback_id, GROUP, message_id, user_id, data,
                                            bot.time.monotonic())
    push(bot, "callback_query", {
        "id": callback_id, "from": user_json(world.users[user_id]),
        "message": message_json(world, chat.messages[message_id]), "chat_instance": "1", "data": data,
    })
    return callback_id


def ack_of(bot: Harness) -> int:
    """The bot's acknowledgement of proposal #1, which carries the support button."""
    return next(m.message_id for m in bot.emu.sent(chat_id=GROUP) if m.reply_markup)


# -- authority comes from the proposal's group ---------------------------------------------------------
async def test_an_administrator_of_another_group_cannot_assign_merge_or_reject_this_groups_proposal(
        world: Harness) -> None:
    admin = person(world, "other_admin")
    world.emu.post(OTHER_GROUP, admin, "#人才 另一个群的建议：增加人才公寓的供给和配套")
    await world.settle()
    before = await case_state(world, 1)
    answers = [await ask(world, admin, text) for text in
               ("/assign 1 innovation", "/reject 1 不合适", "/merge 1 2")]
    assert await case_state(world, 1) == before
    assert all("只有承办部门或群主或管理员" in a for a in answers), answers
    # in their own group they still moderate: merging #2 into #1 across groups is refused too
    assert "只有承办部门或群主或管理员" in await ask(world, admin, "/merge 2 1")


async def test_the_groups_own_moderator_still_assigns_its_proposals(world: Harness) -> None:
    await ask(world, MODERATOR, "/assign 1 innovation")
    assert "innovation" in (await case_state(world, 1))[1]


async def test_a_support_press_from_outside_the_group_does_not_count(world: Harness) -> None:
    stranger = world.emu.add_user("路人甲")
    callback = forged_press(world, stranger, ack_of(world), "psup:1")
    await world.settle()
    async with world.rt.services.uow() as uow:
        assert await uow.repo(ProposalRepository).supporters(1) == frozenset()
    assert "只有本群成员" in world.emu.callback_answers(callback)[-1]["text"]
    assert world.emu.calls("editMessageReplyMarkup") == []


async def test_a_member_who_never_posted_can_support(world: Harness) -> None:
    quiet = world.emu.add_user("钱七-西城区")
    world.emu.add_member(GROUP, quiet)  # in the group since before the bot: never seen by it
    forged_press(world, quiet, ack_of(world), "psup:1")
    await world.settle()
    async with world.rt.services.uow() as uow:
        assert await uow.repo(ProposalRepository).supporters(1) == frozenset({quiet})


async def test_the_authors_name_is_hidden_from_strangers_and_other_departments(world: Harness) -> None:
    stranger = world.emu.add_user("路人甲")
    for viewer in (stranger, INNOVATION_OFFICIAL, person(world, "other_admin")):
        shown = await ask(world, viewer, "/proposal 1")
        assert "青年人才公寓" in shown and "张三" not in shown, shown
    history = await ask(world, INNOVATION_OFFICIAL, "/history 1")
    assert "提出建言" in history and "张三" not in history, history
    refused = await ask(world, person(world, "other_admin"), "/history 1")
    assert "只有承办部门或群主或管理员" in refused and "张三" not in refused
    for viewer in (TALENT_OFFICIAL, MODERATOR, person(world, "author")):
        assert "张三" in await ask(world, viewer, "/proposal 1")
    assert "张三" in await ask(world, TALENT_OFFICIAL, "/history 1")


# -- huge numbers and buttons that match nothing ----------------------------------------------------
async def test_huge_numbers_get_a_clear_answer(world: Harness) -> None:
    assert "没有编号为" in await ask(world, TALENT_OFFICIAL, f"/accept {HUGE}")
    assert "没有第" in await ask(world, person(world, "author"), f"/proposal {HUGE}")
    assert "没有编号为" in await ask(world, MODERATOR, f"/history {HUGE}")
    author = person(world, "author")
    world.emu.add_user("管理员-区委办", user_id=MODERATOR)
    world.emu.start_bot(MODERATOR)
    world.emu.join(GROUP, MODERATOR)
    posted = world.emu.post(GROUP, author, "大家好")
    await world.settle()
    world.emu.post(GROUP, MODERATOR, "/mute 1000000000000d", reply_to=posted)
    await world.settle()
    assert "太长" in world.emu.sent(chat_id=GROUP)[-1].text
    assert world.emu.member(GROUP, author).status == "member"


@pytest.mark.parametrize("data", [f"psup:{HUGE}", f"rate:{HUGE}:满意", f"names:recheck:{HUGE}",
                                  "nothing-like-ours", "psup:not-a-number"])
async def test_every_forged_button_press_is_answered(world: Harness, data: str) -> None:
    callback = forged_press(world, person(world, "author"), ack_of(world), data)
    await world.settle()
    assert len(world.emu.callback_answers(callback)) == 1
    assert world.rt.services.metrics.update_errors._value.get() == 0


# -- odd updates ------------------------------------------------------------------------------------------
async def test_an_automatic_forward_from_the_linked_channel_is_left_alone(world: Harness) -> None:
    emu = world.emu
    emu.add_user("Telegram", user_id=TELEGRAM)
    message = emu.world.add_message(emu.world.chats[GROUP], TELEGRAM, text="频道的新文章")
    payload = message_json(emu.world, message)
    payload.update(is_automatic_forward=True, sender_chat={"id": CHANNEL, "type": "channel", "title": "频道"},
                   forward_origin={"type": "channel", "chat": {"id": CHANNEL, "type": "channel",
                                                               "title": "频道"}, "message_id": 5,
                                   "date": message.date})
    sent = len(emu.sent(chat_id=GROUP))
    push(world, "message", payload)
    await world.advance(1)
    assert emu.calls("restrictChatMember") == [] and emu.calls("banChatMember") == []
    assert len(emu.sent(chat_id=GROUP)) == sent


async def test_posts_on_behalf_of_a_chat_and_edits_and_captions_never_stop_the_bot(world: Harness) -> None:
    emu, world_state = world.emu, world.emu.world
    group = world_state.chats[GROUP]
    emu.add_user("Group", user_id=ANONYMOUS_ADMIN, is_bot=True)
    anonymous = message_json(world_state, world_state.add_message(group, ANONYMOUS_ADMIN, text="/warn 广告"))
    anonymous["sender_chat"] = chat_json(world_state, group)
    push(world, "message", anonymous)
    no_from = message_json(world_state, world_state.add_message(group, ANONYMOUS_ADMIN,
                                                                 text="#人才 无发件人"))
    del no_from["from"]
    push(world, "message", no_from)
    push(world, "channel_post", {"message_id": 1, "chat": {"id": CHANNEL, "type": "channel", "title": "频道"},
                                 "date": world_state.ts(), "text": "#人才 频道消息"})
    author = person(world, "author")
    caption = message_json(world_state, world_state.add_message(group, author, kind="photo",
                                                                 text="/proposal 1"))
    push(world, "message", caption)
    edited = message_json(world_state, world_state.add_message(group, author,
                                                                text="#人才 修改后的建议内容很长"))
    edited["edit_date"] = world_state.ts()
    push(world, "edited_message", edited)
    await world.settle()
    for update in (anonymous, no_from):  # also straight into the dispatcher, as a fake server may send
        await world.rt.dp.feed_raw_update(world.rt.bot, {"update_id": 10**6, "message": update})
    # the bot still answers whoever comes next
    assert "/help" in await ask(world, author, "/start")
    assert world.rt.services.metrics.update_errors._value.get() == 0
    assert emu.calls("restrictChatMember") == []


async def test_a_malformed_update_is_skipped_and_the_next_ones_are_handled(
        world: Harness, caplog: pytest.LogCaptureFixture) -> None:
    author = person(world, "author")
    caplog.set_level(logging.DEBUG, logger="aiogram")
    caplog.set_level(logging.DEBUG, logger="delibot")
    push(world, "message", {"message_id": "not a number", "from": {"id": author, "first_name": "张三秘密"},
                            "chat": {"id": author, "type": "private"}, "date": "yesterday",
                            "text": "秘密内容"})
    world.emu.private(author, "/my")
    await world.settle(timeout=5)
    assert "1" in world.emu.sent(chat_id=author)[-1].text  # /my answered: lists proposal #1
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("aiogram", "delibot")))
    assert "秘密" not in ours and "张三" not in ours
    assert "malformed update skipped" in caplog.text
    # a malformed update that comes last is dropped too: Telegram is not asked for it again
    push(world, "message", {"message_id": [], "chat": {}, "date": None})
    await world.settle(timeout=5)
    assert world.emu.pending_updates == 0


# -- the same update delivered twice ---------------------------------------------------------------------
async def test_an_update_delivered_twice_even_concurrently_is_handled_once(world: Harness) -> None:
    author, rt = person(world, "author"), world.rt
    press = Update.model_validate({"update_id": 5_000_000, "callback_query": {
        "id": "redelivered-1", "from": user_json(world.emu.world.users[author]) | {"id": 424242},
        "chat_instance": "1", "data": "psup:1",
        "message": message_json(world.emu.world, world.emu.world.chats[GROUP].messages[ack_of(world)])}},
        context={"bot": rt.bot})
    supporter = world.emu.add_user("孙八-东城区", user_id=424242)
    world.emu.join(GROUP, supporter)
    await world.settle()
    await asyncio.gather(rt.dp.feed_update(rt.bot, press), rt.dp.feed_update(rt.bot, press))
    await world.settle()
    async with world.rt.services.uow() as uow:
        assert await uow.repo(ProposalRepository).supporters(1) == frozenset({supporter})
    await world.restart()  # and again after a restart, as Telegram redelivers what was not confirmed
    await world.rt.dp.feed_update(world.rt.bot, press)
    await world.settle()
    async with world.rt.services.uow() as uow:
        assert await uow.repo(ProposalRepository).supporters(1) == frozenset({supporter})


async def test_a_redelivered_warn_counts_once(world: Harness) -> None:
    author = person(world, "author")
    world.emu.add_user("管理员-区委办", user_id=MODERATOR)
    world.emu.start_bot(MODERATOR)
    world.emu.join(GROUP, MODERATOR)
    posted = world.emu.post(GROUP, author, "大家好")
    await world.settle()
    command = world.emu.world.add_message(world.emu.world.chats[GROUP], MODERATOR, text="/warn 广告",
                                          reply_to=posted)
    payload = {"update_id": 6_000_000, "message": message_json(world.emu.world, command)}
    await world.rt.dp.feed_raw_update(world.rt.bot, payload)
    await world.restart()
    await world.rt.dp.feed_raw_update(world.rt.bot, payload)
    await world.settle()
    async with world.rt.services.uow() as uow:
        assert (await uow.chats.get_member(GROUP, author)).warn_count == 1  # type: ignore[union-attr]


# -- restoration gives back what the chat allows ----------------------------------------------------------
PINS_ALLOWED = {"can_send_messages": True, "can_pin_messages": True, "can_change_info": True,
                "can_manage_topics": True, "can_invite_users": True}


@pytest.fixture
async def pinning_group(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    """A group whose members may pin, change its info and manage topics: a hand-written set of
    permissions without those leaves a restored member restricted."""
    harness = make_harness()
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群", permissions=PINS_ALLOWED)
    async with harness:
        harness.emu.add_user("管理员-区委办", user_id=MODERATOR)
        harness.emu.start_bot(MODERATOR)
        harness.emu.join(GROUP, MODERATOR)
        await harness.settle()
        yield harness
    await harness.emu.stop()


async def test_an_unmuted_member_is_a_plain_member_again_with_the_chats_own_rights(
        pinning_group: Harness) -> None:
    bot = pinning_group
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, uid)
    posted = bot.emu.post(GROUP, uid, "大家好")
    await bot.settle()
    for command in ("/mute 1h", "/unmute"):
        bot.emu.post(GROUP, MODERATOR, command, reply_to=posted)
        await bot.settle()
    assert bot.emu.member(GROUP, uid).status == "member"


async def test_a_renamed_member_is_a_plain_member_again(pinning_group: Harness) -> None:
    bot = pinning_group
    uid = bot.emu.add_user("小明")
    bot.emu.join(GROUP, uid)
    await bot.settle()
    assert bot.emu.member(GROUP, uid).status == "restricted"
    notice = next(m for m in bot.emu.sent(chat_id=GROUP) if m.reply_markup)
    bot.emu.rename(uid, "王小明-海淀区")
    bot.emu.press(GROUP, uid, notice.message_id, data=f"names:recheck:{uid}")
    await bot.settle()
    assert bot.emu.member(GROUP, uid).status == "member"


# -- moderators hear of a removal only after Telegram confirmed it ----------------------------------------
@pytest.fixture
async def watched(bot: Harness) -> Harness:
    bot.emu.add_user("管理员-区委办", user_id=MODERATOR)
    bot.emu.private(MODERATOR, "/start")
    await bot.settle()
    return bot


def told_moderator(bot: Harness, word: str) -> list[int]:
    return [m.message_id for m in bot.emu.sent(chat_id=MODERATOR) if word in m.text]


async def test_a_name_removal_the_ban_refuses_is_not_reported_as_done(watched: Harness) -> None:
    uid = watched.emu.add_user("小明")
    watched.emu.join(GROUP, uid)
    await watched.settle()
    watched.emu.fail_next(status=400, method="banChatMember")
    await watched.advance(130)  # the grace (120s) ran out
    assert watched.emu.member(GROUP, uid).status in ("member", "restricted")
    assert told_moderator(watched, "移出") == []


async def test_a_name_removal_is_reported_after_the_ban(watched: Harness) -> None:
    uid = watched.emu.add_user("小明")
    watched.emu.join(GROUP, uid)
    await watched.settle()
    await watched.advance(130)
    (ban,) = watched.emu.calls("banChatMember")
    (notice,) = [c for c in watched.emu.calls("sendMessage")
                 if int(c.params["chat_id"]) == MODERATOR and "移出" in str(c.params["text"])]
    assert notice.seq > ban.seq


async def test_a_pruning_the_ban_refuses_is_not_reported_as_done(watched: Harness) -> None:
    uid = watched.emu.add_user("张三-海淀区")
    watched.emu.join(GROUP, uid)
    await watched.settle()
    await watched.advance(500)  # warned
    watched.emu.fail_next(status=400, method="banChatMember")
    await watched.advance(200)  # inactive_after (600s) passed
    assert told_moderator(watched, "已清退") == []
    assert watched.emu.member(GROUP, uid).status in ("member", "restricted")
