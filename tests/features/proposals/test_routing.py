"""Proposals at the dispatcher: the hashtag, /propose, edits, the 附议 button, /my and /proposal;
each with the Bot API calls it makes and the words it says."""

from __future__ import annotations

from tests.fakes import Call, Person, effect_methods, effects
from tests.features.conftest import GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL, Scene

PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本"


async def propose(scene: Scene, author: Person, text: str = PROPOSAL) -> Call:
    """``author`` posts ``text`` in the group; returns the bot's acknowledgement."""
    calls = await scene.feed(scene.tg.says(GROUP, author, text))
    return next(c for c in calls if c.method == "sendMessage" and c.chat_id == GROUP)


async def test_a_hashtag_message_gets_the_numbered_acknowledgement_with_the_support_button(
        scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    message = scene.tg.says(GROUP, author, PROPOSAL)
    calls = effects(await scene.feed(message))
    ack = calls[0]
    assert (ack.method, ack.chat_id) == ("sendMessage", GROUP)
    assert ack.text == "已收到您的建言，编号第 1 号。\n话题：#人才\n赞同的成员请点击下方「附议」。"
    assert ack["reply_parameters"]["message_id"] == message.message.message_id
    assert ack.buttons == [[("附议 (0)", "psup:1")]]
    (routed,) = calls[1:]  # the talent office hears of it; the innovation office does not
    assert routed.chat_id == TALENT_OFFICIAL and "新建言 #1（话题：人才）已交市人才办办理" in routed.text
    assert "张三（海淀区）" in routed.text and "/accept 1" in routed.text


async def test_a_caption_naming_two_topics_by_full_width_hashtag_reaches_both_offices(scene: Scene) -> None:
    author = await scene.regular("李四-朝阳区")
    calls = effects(await scene.feed(scene.tg.says(
        GROUP, author, caption="＃人才 #科技 建议建设人工智能人才实训基地")))
    assert "话题：#人才 #创新" in calls[0].text
    assert {c.chat_id for c in calls[1:]} == {TALENT_OFFICIAL, INNOVATION_OFFICIAL}


async def test_a_message_without_a_topic_hashtag_costs_no_answer(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    assert await scene.feed(scene.tg.says(GROUP, member, "#闲聊 今天天气真好，大家出去走走吧")) == []


async def test_a_tagged_text_under_ten_characters_is_refused_with_the_minimum(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, author, "#人才 建议招人")))
    assert answer.text.startswith("建言内容太短，至少需要 10 个字") and not answer.buttons


async def test_the_same_text_again_from_the_same_author_is_refused_naming_the_first(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    await propose(scene, author)
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, author, PROPOSAL)))
    assert "已提交过相同内容的建言（第 1 号）" in answer.text


async def test_a_support_press_is_answered_and_the_count_on_the_button_follows(scene: Scene) -> None:
    author, supporter = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    ack = await propose(scene, author)
    calls = effects(await scene.feed(scene.tg.presses(supporter, ack, "psup:1")))
    assert [c.method for c in calls] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert calls[0].text == "您已附议第 1 号建言。"
    assert calls[1]["message_id"] == ack.result["message_id"]
    assert calls[1].buttons == [[("附议 (1)", "psup:1")]]
    calls = effects(await scene.feed(scene.tg.presses(supporter, ack, "psup:1")))
    assert calls[0].text == "您已撤回对第 1 号建言的附议。"
    assert calls[1].buttons == [[("附议 (0)", "psup:1")]]


async def test_the_author_pressing_support_gets_a_refusal_and_the_button_stays(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    ack = await propose(scene, author)
    calls = effects(await scene.feed(scene.tg.presses(author, ack, "psup:1")))
    assert [(c.method, c.text) for c in calls] == [("answerCallbackQuery", "不能附议自己提出的建言。")]


async def test_a_press_for_a_proposal_that_does_not_exist_is_answered(scene: Scene) -> None:
    author, supporter = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    ack = await propose(scene, author)
    calls = effects(await scene.feed(scene.tg.presses(supporter, ack, "psup:99")))
    assert [(c.method, c.text) for c in calls] == [("answerCallbackQuery", "没有第 99 号建言，请检查编号。")]


async def test_propose_without_a_hashtag_is_a_proposal_without_topics(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    calls = effects(await scene.feed(scene.tg.says(GROUP, author, "/propose 建议在地铁站增设共享单车停放点")))
    assert "编号第 1 号" in calls[0].text and "话题：未标注（由群主或管理员分派）" in calls[0].text


async def test_propose_without_text_or_reply_explains_how_to_use_it(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, author, "/propose")))
    assert answer.text.startswith("用法：/propose 建言内容")


async def test_a_moderator_replying_propose_makes_a_members_message_their_proposal(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    suggestion = scene.tg.says(GROUP, author, "建议延长图书馆周末开放时间到晚上九点")
    await scene.feed(suggestion)
    await scene.feed(scene.tg.says(GROUP, scene.moderator, "大家好"))
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/propose", reply_to=suggestion)))
    assert "编号第 1 号" in calls[0].text
    assert calls[0]["reply_parameters"]["message_id"] == suggestion.message.message_id
    (mine,) = effects(await scene.feed(scene.tg.writes(author, "/my")))
    assert "第 1 号" in mine.text


async def test_a_member_replying_propose_to_someone_elses_message_is_refused(scene: Scene) -> None:
    author, other = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    suggestion = scene.tg.says(GROUP, author, "建议延长图书馆周末开放时间到晚上九点")
    await scene.feed(suggestion)
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, other, "/propose", reply_to=suggestion)))
    assert answer.text == "抱歉，只有群主或管理员可以使用这个命令。"


async def test_propose_in_a_private_chat_asks_to_post_in_the_group(scene: Scene) -> None:
    member = scene.tg.person("张三-海淀区")
    (answer,) = effects(await scene.feed(scene.tg.writes(member, "/propose 建议在地铁站增设共享单车停放点")))
    assert answer.chat_id == member.id and answer.text.startswith("请在建言群里提出建言")


async def test_an_edit_that_adds_a_hashtag_makes_the_message_a_proposal(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    original = scene.tg.says(GROUP, author, "建议设立青年人才公寓，降低租房成本")
    assert await scene.feed(original) == []
    calls = effects(await scene.feed(scene.tg.edits(original, PROPOSAL)))
    assert "编号第 1 号" in calls[0].text and calls[0].buttons == [[("附议 (0)", "psup:1")]]


async def test_an_edit_of_a_proposal_changes_its_text_without_a_word(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    original = scene.tg.says(GROUP, author, PROPOSAL)
    await scene.feed(original)
    assert effects(await scene.feed(scene.tg.edits(original, PROPOSAL + "，并增加公交班次"))) == []
    (shown,) = effects(await scene.feed(scene.tg.says(GROUP, author, "/proposal 1")))
    assert "并增加公交班次" in shown.text


async def test_my_lists_the_members_proposals_newest_first_with_state_and_support(scene: Scene) -> None:
    author, supporter = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    ack = await propose(scene, author)
    await scene.feed(scene.tg.says(GROUP, author, "/propose 建议在地铁站增设共享单车停放点"))
    await scene.feed(scene.tg.presses(supporter, ack, "psup:1"))
    (mine,) = effects(await scene.feed(scene.tg.writes(author, "/my")))
    assert mine.chat_id == author.id
    assert mine.text.splitlines() == [
        "您的建言（共 2 条，显示最近 2 条）：",
        "第 2 号 · 未标注（由群主或管理员分派） · 待受理 · 附议 0",
        "第 1 号 · #人才 · 待受理 · 附议 1",
    ]
    (none,) = effects(await scene.feed(scene.tg.writes(supporter, "/my")))
    assert none.text.startswith("您还没有提出建言")


async def test_proposal_n_shows_the_text_author_state_supports_and_link(scene: Scene) -> None:
    author, reader = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    message = scene.tg.says(GROUP, author, PROPOSAL)
    await scene.feed(message)
    (shown,) = effects(await scene.feed(scene.tg.says(GROUP, reader, "/proposal 1")))
    for part in ("建言第 1 号（待受理）", "张三（海淀区）", "附议：0", PROPOSAL,
                 f"https://t.me/c/1234567890/{message.message.message_id}"):
        assert part in shown.text
    assert shown["link_preview_options"] == {"is_disabled": True}
    (unknown,) = effects(await scene.feed(scene.tg.says(GROUP, reader, "/proposal 99")))
    assert unknown.text == "没有第 99 号建言，请检查编号。"
    (usage,) = effects(await scene.feed(scene.tg.says(GROUP, reader, "/proposal abc")))
    assert usage.text == "用法：/proposal 编号，例如 /proposal 12"


async def test_the_moderator_is_not_told_of_an_ordinary_proposal(scene: Scene) -> None:
    author = await scene.regular("张三-海淀区")
    calls = await scene.feed(scene.tg.says(GROUP, author, PROPOSAL))
    assert MODERATOR not in {c.chat_id for c in effects(calls)}
    assert effect_methods(calls) == ["sendMessage", "sendMessage"]
