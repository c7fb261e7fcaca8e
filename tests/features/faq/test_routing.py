"""FAQ answers at the dispatcher: a question about a keyword in the group gets its answer as a
reply, once a day per member and entry (synonyms share it); a private question, whenever asked."""

from __future__ import annotations

from datetime import timedelta

from storage.repositories.faq import FaqRepository
from tests.fakes import effects
from tests.features.conftest import GROUP, Scene

ANSWER = "社保查询请访问市社保局网站，或拨打 12333。"
FUND = "公积金请到区政务中心办理。"


async def test_a_question_about_a_keyword_in_the_group_is_answered_once_a_day_per_member(
        scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    question = scene.tg.says(GROUP, member, "社保怎么查询？")
    (answer,) = effects(await scene.feed(question))
    assert (answer.chat_id, answer.text) == (GROUP, ANSWER)
    assert answer["reply_parameters"]["message_id"] == question.message.message_id
    assert effects(await scene.feed(scene.tg.says(GROUP, member, "医保在哪里办？"))) == []  # the same entry
    other = await scene.regular("李四-海淀区")
    assert [c.text for c in effects(await scene.feed(scene.tg.says(GROUP, other, "社保？")))] == [ANSWER]
    scene.clock.advance(timedelta(days=1))
    assert [c.text for c in effects(await scene.feed(scene.tg.says(GROUP, member, "社保？")))] == [ANSWER]


async def test_a_group_message_that_mentions_the_keyword_without_asking_is_left_alone(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    assert effects(await scene.feed(scene.tg.says(GROUP, member, "我的社保已经交好了，谢谢大家"))) == []


async def test_a_private_question_containing_the_keyword_gets_the_answer_each_time(scene: Scene) -> None:
    person = scene.tg.person("张三")
    for _ in range(2):
        (answer,) = effects(await scene.feed(scene.tg.writes(person, "请问社保在哪里查询")))
        assert (answer.chat_id, answer.text) == (person.id, ANSWER)


async def test_an_entry_another_replica_added_is_answered_once_its_change_feed_says_so(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    assert [c.text for c in effects(await scene.feed(scene.tg.says(GROUP, member, "社保？")))] == [ANSWER]
    async with scene.services.uow() as uow:  # what /faq add on another replica wrote
        await uow.repo(FaqRepository).add(GROUP, ("公积金",), FUND, now=scene.clock.now())
        await uow.commit()
    assert effects(await scene.feed(scene.tg.says(GROUP, member, "公积金？"))) == []  # this replica's copy
    for hook in scene.services.hooks.group_changed:  # the change feed's message arrives
        hook(scene.services, "faq", GROUP)
    reply = effects(await scene.feed(scene.tg.says(GROUP, member, "公积金怎么办？")))
    assert [c.text for c in reply] == [FUND]
