"""Handling at the dispatcher: the officials' commands in a private chat, the answer posted in the
group with its rating buttons, the rating, and the deadline cards; each with its Bot API calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.fakes import Call, Person, effect_methods, effects
from tests.features.conftest import GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL, Scene

PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本"
ANSWER = "已纳入明年人才住房计划，首批房源年底开放申请"


@dataclass
class Proposed:
    scene: Scene
    author: Person
    message_id: int

    async def official(self, text: str, official: Person | None = None) -> list[Call]:
        """``official`` (the talent office's by default) writes ``text`` to the bot; the effects."""
        who = official or self.scene.talent_official
        return effects(await self.scene.feed(self.scene.tg.writes(who, text)))


@pytest.fixture
async def proposed(scene: Scene) -> Proposed:
    """Proposal #1, on the talent office's topic, by 张三 in the group."""
    author = await scene.regular("张三-海淀区")
    message = scene.tg.says(GROUP, author, PROPOSAL)
    await scene.feed(message)
    return Proposed(scene, author, message.message.message_id)


async def test_accept_by_the_departments_official_is_confirmed_in_their_private_chat(
        proposed: Proposed) -> None:
    (answer,) = await proposed.official("/accept 1")
    assert (answer.chat_id, answer.text) == (
        TALENT_OFFICIAL,
        "已受理建言 #1。请在期限内回复：/progress 1 日期 内容（阶段性回复），"
        "或 /answer 1 答复内容（办结答复）")


async def test_an_answer_is_posted_in_the_group_as_a_reply_mentioning_the_author_with_rating_buttons(
        proposed: Proposed) -> None:
    calls = await proposed.official(f"/answer 1 {ANSWER}")
    posted, confirmation, told = calls
    assert posted.chat_id == GROUP and posted["reply_parameters"]["message_id"] == proposed.message_id
    assert f'tg://user?id={proposed.author.id}' in posted.text
    assert "您的建言 #1 已由市人才办办结答复" in posted.text and ANSWER in posted.text
    assert posted.buttons == [[("满意", "rate:1:satisfied"), ("基本满意", "rate:1:basic"),
                               ("不满意", "rate:1:unsatisfied")]]
    assert (confirmation.chat_id, confirmation.text) == (
        TALENT_OFFICIAL, "已办结答复建言 #1，答复已发布到群里，提出人可以评价。")
    assert told.chat_id == proposed.author.id  # the author also hears it privately (proposals/following.py)
    assert told.text.startswith("您的建言 #1 已由市人才办答复") and ANSWER in told.text


async def test_an_answer_whose_group_post_fails_is_kept_and_the_official_told(proposed: Proposed) -> None:
    proposed.scene.session.refuse("sendMessage", "Forbidden: bot was kicked from the supergroup chat",
                                  code=403, chat_id=GROUP)
    calls = await proposed.official(f"/answer 1 {ANSWER}")
    # the group post fails; the official is told, and the author still hears the answer privately
    assert [c.chat_id for c in calls] == [GROUP, TALENT_OFFICIAL, proposed.author.id]
    assert calls[1].text == "回复已记录，但没能发布到群里（建言 #1）。请稍后检查机器人在群里的权限。"
    assert ANSWER in calls[2].text
    (again,) = await proposed.official(f"/answer 1 {ANSWER}")
    assert again.text == "建言 #1 已经答复过了。"


async def test_only_the_author_rates_and_the_buttons_go_once_rated(proposed: Proposed) -> None:
    scene = proposed.scene
    other = await scene.regular("李四-朝阳区")
    posted = (await proposed.official(f"/answer 1 {ANSWER}"))[0]
    refused = effects(await scene.feed(scene.tg.presses(other, posted, "rate:1:satisfied")))
    assert [(c.method, c.text) for c in refused] == [
        ("answerCallbackQuery", "只有提出这条建言的成员可以评价。")]
    rated = effects(await scene.feed(scene.tg.presses(proposed.author, posted, "rate:1:satisfied")))
    assert [c.method for c in rated] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert rated[0].text == "谢谢您的评价！"
    assert rated[1]["message_id"] == posted.result["message_id"] and rated[1].buttons == []
    (history,) = await proposed.official("/history 1")
    assert "评价：满意" in history.text


async def test_an_unsatisfied_rating_sends_the_proposal_back_to_the_department(proposed: Proposed) -> None:
    scene = proposed.scene
    posted = (await proposed.official(f"/answer 1 {ANSWER}"))[0]
    calls = effects(await scene.feed(scene.tg.presses(proposed.author, posted, "rate:1:unsatisfied")))
    (reopened,) = [c for c in calls if c.chat_id == TALENT_OFFICIAL]
    assert reopened.text.startswith("建言 #1 的提出人对答复不满意，建言已退回您的部门整改。")
    (asked,) = [c for c in calls if c.chat_id == proposed.author.id]
    assert asked.text.startswith("您对建言 #1 的答复不满意，建言已退回承办部门整改。")
    (queue,) = await proposed.official("/queue")
    assert "#1 [办理中]" in queue.text


async def test_an_official_of_another_department_cannot_answer_and_the_group_hears_nothing(
        proposed: Proposed) -> None:
    calls = await proposed.official(f"/answer 1 {ANSWER}", proposed.scene.innovation_official)
    assert [(c.chat_id, c.text) for c in calls] == [
        (INNOVATION_OFFICIAL, "建言 #1 不由您的部门承办，您不能办理。如需转办，请联系群主或管理员。")]


async def test_an_unknown_number_and_a_missing_one_are_answered_with_what_to_send(proposed: Proposed) -> None:
    (unknown,) = await proposed.official("/accept 99")
    assert unknown.text == "没有编号为 #99 的建言，请检查编号。"
    (usage,) = await proposed.official("/answer")
    assert usage.text == ("用法：/answer 编号 答复内容（办结告知，提出人将评价），"
                          "例如 /answer 12 已纳入明年计划")
    (no_text,) = await proposed.official("/answer 1")
    assert no_text.text == "请写上内容：/answer 1 答复内容，或 /progress 1 日期 内容"


async def test_a_member_who_is_no_official_is_told_the_commands_are_for_officials(proposed: Proposed) -> None:
    for command in ("/queue", "/accept 1", "/answer 1 好的", "/assign 1 talent", "/history 1"):
        (answer,) = await proposed.official(command, proposed.author)
        assert answer.text == "抱歉，这个命令只供部门工作人员使用。", command


async def test_reject_tells_the_author_in_the_group_with_the_reason(proposed: Proposed) -> None:
    posted, confirmation = await proposed.official("/reject 1 不属于本市事权")
    assert posted.chat_id == GROUP and "您的建言 #1 不予受理。\n理由：不属于本市事权" in posted.text
    assert confirmation.text == "已将建言 #1 标记为不予受理，并在群里告知了提出人。"
    (usage,) = await proposed.official("/reject 1")
    assert usage.text.startswith("建言 #1 已不予受理或已合并")


async def test_merge_tells_the_author_and_the_official(proposed: Proposed) -> None:
    scene = proposed.scene
    await scene.feed(scene.tg.says(GROUP, proposed.author, "#人才 建议给青年人才发放租房补贴，减轻负担"))
    posted, confirmation = await proposed.official("/merge 2 1")
    assert posted.chat_id == GROUP and "您的建言 #2 与 #1 内容相近，已合并办理" in posted.text
    assert confirmation.text == "已将建言 #2 合并到 #1。"


async def test_close_after_an_answer_is_confirmed(proposed: Proposed) -> None:
    await proposed.official(f"/answer 1 {ANSWER}")
    (closed,) = await proposed.official("/close 1")
    assert closed.text == "建言 #1 已办结。"


async def test_a_moderator_assigns_a_proposal_and_the_new_department_is_told(proposed: Proposed) -> None:
    calls = await proposed.official("/assign 1 innovation", proposed.scene.moderator)
    by_chat = {c.chat_id: c for c in calls}
    assert by_chat[MODERATOR].text == "已将建言 #1 转办区科技局，并通知了他们。"
    assert "#1" in by_chat[INNOVATION_OFFICIAL].text
    (queue,) = await proposed.official("/queue", proposed.scene.innovation_official)
    assert "#1" in queue.text


async def test_queue_lists_the_open_proposals_and_an_empty_queue_says_so(proposed: Proposed) -> None:
    (queue,) = await proposed.official("/queue")
    assert queue.text.startswith("待办建言 1 条（最早的在前）：") and "#1 [待受理]" in queue.text
    (empty,) = await proposed.official("/queue", proposed.scene.innovation_official)
    assert empty.text == "您的部门目前没有待办建言。"


async def test_history_shows_every_step_with_who(proposed: Proposed) -> None:
    await proposed.official("/accept 1")
    (history,) = await proposed.official("/history 1")
    lines = history.text.splitlines()
    assert lines[0].startswith("建言 #1 办理记录（办理中）")
    assert any("提出建言" in line for line in lines) and any("受理（市人才办）" in line for line in lines)


async def test_an_unanswered_proposal_earns_a_yellow_then_a_red_card_the_red_also_to_the_moderator(
        proposed: Proposed) -> None:
    scene = proposed.scene
    assert not any("牌" in c.text for c in effects(await scene.later(timedelta(seconds=40))))
    yellow = [c for c in effects(await scene.later(timedelta(seconds=15))) if "黄牌" in c.text]
    assert [c.chat_id for c in yellow] == [TALENT_OFFICIAL]
    assert yellow[0].text.startswith(
        "🟨 黄牌警示：建言 #1（市人才办）于 2026-11-02 08:00 提出，已超过 55 秒未答复。")
    red = [c for c in effects(await scene.later(timedelta(seconds=100))) if "红牌" in c.text]
    assert sorted(c.chat_id for c in red) == sorted([TALENT_OFFICIAL, MODERATOR])
    after = effects(await scene.later(timedelta(seconds=10)))
    # no card twice; the acknowledgement in the group, edited in place, now shows the red card
    assert not any("牌" in c.text for c in after if c.method == "sendMessage")
    assert [(c.method, c.chat_id) for c in after if "牌" in c.text] == [("editMessageText", GROUP)]
    assert "督办：红牌督办" in after[-1].text


async def test_an_answered_proposal_earns_no_card(proposed: Proposed) -> None:
    await proposed.official(f"/answer 1 {ANSWER}")
    calls = effects(await proposed.scene.later(timedelta(seconds=400)))
    assert not any("牌" in c.text or "督办" in c.text for c in calls)
    # only the acknowledgement, edited in place to show the answer (proposals' publicity job)
    assert effect_methods(calls) == ["editMessageText"]
    assert calls[-1].chat_id == GROUP and "进度：已答复" in calls[-1].text
