"""Privacy at the dispatcher: /privacy, /mydata and /forget in a private chat (with the
confirmation buttons), and the pointer to the private chat when they are sent in the group."""

from __future__ import annotations

import json

from tests.fakes import Call, Person, effects
from tests.features.conftest import GROUP, Scene

PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本"


async def active_member(scene: Scene) -> Person:
    """张三 has posted a proposal in the group."""
    member = await scene.regular("张三丰-海淀区")
    await scene.feed(scene.tg.says(GROUP, member, PROPOSAL))
    return member


async def ask_to_forget(scene: Scene, member: Person) -> Call:
    (ask,) = effects(await scene.feed(scene.tg.writes(member, "/forget")))
    return ask


async def test_privacy_says_what_is_kept_why_and_for_how_long(scene: Scene) -> None:
    person = scene.tg.person("张三")
    (notice,) = effects(await scene.feed(scene.tg.writes(person, "/privacy")))
    assert notice.chat_id == person.id and notice.text.startswith("<b>个人信息说明</b>")
    assert "保存多久" in notice.text and "/mydata" in notice.text and "/forget" in notice.text


async def test_mydata_sends_a_summary_and_the_json_document_of_what_is_kept(scene: Scene) -> None:
    member = await active_member(scene)
    summary, document = effects(await scene.feed(scene.tg.writes(member, "/mydata")))
    assert summary.chat_id == member.id and "· 群成员记录：1 个群" in summary.text
    assert "· 建言：1 条" in summary.text
    assert (document.method, document.chat_id) == ("sendDocument", member.id)
    assert document.text == "您的个人信息（JSON）"
    kept = json.dumps(json.loads(document["document"]["data"]), ensure_ascii=False)
    assert "张三丰" in kept and PROPOSAL in kept


async def test_forget_asks_first_with_a_confirm_and_a_cancel_button(scene: Scene) -> None:
    member = await active_member(scene)
    ask = await ask_to_forget(scene, member)
    assert ask.text.startswith("确定要删除我保存的您的个人信息吗？")
    assert [label for label, _ in ask.buttons[0]] == ["确认删除", "取消"]


async def test_confirming_erases_and_the_question_becomes_the_answer_without_buttons(scene: Scene) -> None:
    member = await active_member(scene)
    ask = await ask_to_forget(scene, member)
    confirm = ask.buttons[0][0][1]
    calls = effects(await scene.feed(scene.tg.presses(member, ask, confirm)))
    toast = next(c for c in calls if c.method == "answerCallbackQuery")
    edit = next(c for c in calls if c.method == "editMessageText")
    assert toast.text == "已删除。"
    assert edit["message_id"] == ask.result["message_id"] and "reply_markup" not in edit.params
    assert edit.text == "已删除您的个人信息（涉及 1 个群、1 条建言）。仍在执行的处罚：0 项，期满前有效。"
    # who wrote it is shown to the group's members only (hidden names): another member asks there
    reader = await scene.regular("李四-朝阳区")
    (shown,) = effects(await scene.feed(scene.tg.says(GROUP, reader, "/proposal 1")))
    assert "张三丰" not in shown.text and "提出人：一位成员" in shown.text


async def test_cancelling_erases_nothing(scene: Scene) -> None:
    member = await active_member(scene)
    ask = await ask_to_forget(scene, member)
    cancel = ask.buttons[0][1][1]
    calls = effects(await scene.feed(scene.tg.presses(member, ask, cancel)))
    assert [c.text for c in calls] == ["已取消，什么也没有删除。", "已取消，什么也没有删除。"]
    summary, _ = effects(await scene.feed(scene.tg.writes(member, "/mydata")))
    assert "· 建言：1 条" in summary.text


async def test_in_the_group_the_privacy_commands_only_point_to_the_private_chat(scene: Scene) -> None:
    member = await active_member(scene)
    for command in ("/privacy", "/mydata", "/forget"):
        (answer,) = effects(await scene.feed(scene.tg.says(GROUP, member, command)))
        assert answer.chat_id == GROUP, command
        assert answer.text.startswith("个人信息的查询、导出和删除请私聊我"), command
