"""Core at the dispatcher: /start and /help in a private chat, and leaving unconfigured groups."""

from __future__ import annotations

from datetime import timedelta

from bot.middlewares.once import UPDATE_JOB
from tests.fakes import effect_methods, effects
from tests.features.conftest import GROUP, Scene

UNCONFIGURED = -1005555555555


async def test_start_in_a_private_chat_greets_the_person_by_their_escaped_first_name(scene: Scene) -> None:
    person = scene.tg.person("Tom <3 & Jerry")
    calls = await scene.feed(scene.tg.writes(person, "/start"))
    (greeting,) = calls
    assert (greeting.method, greeting.chat_id) == ("sendMessage", person.id)
    assert "您好，Tom &lt;3 &amp; Jerry！" in greeting.text and greeting["parse_mode"] == "HTML"


async def test_help_shows_a_member_only_the_member_commands(scene: Scene) -> None:
    person = scene.tg.person("张三")
    (answer,) = await scene.feed(scene.tg.writes(person, "/help"))
    assert "/my" in answer.text and "/warn" not in answer.text and "/queue" not in answer.text


async def test_help_adds_the_moderator_commands_for_a_moderator(scene: Scene) -> None:
    (answer,) = await scene.feed(scene.tg.writes(scene.moderator, "/help"))
    assert "/my" in answer.text and "/warn" in answer.text and "/queue" not in answer.text


async def test_help_adds_the_officials_commands_for_an_official(scene: Scene) -> None:
    (answer,) = await scene.feed(scene.tg.writes(scene.talent_official, "/help"))
    assert "/queue" in answer.text and "/answer 编号 内容" in answer.text and "/warn" not in answer.text


async def test_added_to_an_unconfigured_group_the_bot_says_why_and_leaves_once(scene: Scene) -> None:
    calls = await scene.feed(scene.tg.bot_status(UNCONFIGURED, "member", title="别的群"))
    assert effect_methods(calls) == ["sendMessage", "leaveChat"]
    assert "本群未配置建言群助手" in calls[0].text and calls[0].chat_id == UNCONFIGURED
    assert calls[1]["chat_id"] == UNCONFIGURED
    late = scene.tg.person("李四")
    assert await scene.feed(scene.tg.says(UNCONFIGURED, late, "还有人吗")) == []


async def test_a_message_in_an_unconfigured_group_makes_the_bot_leave_it(scene: Scene) -> None:
    stranger = scene.tg.person("李四")
    calls = await scene.feed(scene.tg.says(UNCONFIGURED, stranger, "你好"))
    assert [(c.method, c.chat_id) for c in effects(calls)] == [
        ("sendMessage", UNCONFIGURED), ("leaveChat", UNCONFIGURED)]


async def test_a_plain_message_in_the_configured_group_gets_no_answer(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    assert await scene.feed(scene.tg.says(GROUP, member, "今天天气不错")) == []



async def test_a_commands_once_only_claim_is_kept_a_week_then_forgotten(scene: Scene) -> None:
    person = scene.tg.person("张三")
    command = scene.tg.writes(person, "/help")
    await scene.feed(command)
    key = f"m:{person.id}:{command.message.message_id}"

    async def claimed() -> bool:
        async with scene.services.uow() as uow:
            return await uow.claims.is_claimed(UPDATE_JOB, key)

    await scene.later(timedelta(days=1))
    assert await claimed()  # Telegram may still deliver it again: it is turned away
    assert await scene.feed(command) == []
    await scene.later(timedelta(days=7))
    assert not await claimed()
