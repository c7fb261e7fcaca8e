"""FAQ answers at the dispatcher: a keyword asked in the group gets its answer as a reply, at
most once a minute per entry (synonyms share it); a private question gets it whenever asked."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import effects
from tests.features.conftest import GROUP, Scene

ANSWER = "社保查询请访问市社保局网站，或拨打 12333。"


async def test_a_keyword_asked_in_the_group_gets_its_answer_as_a_reply_at_most_once_a_minute(
        scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    question = scene.tg.says(GROUP, member, "社保？")
    (answer,) = effects(await scene.feed(question))
    assert (answer.chat_id, answer.text) == (GROUP, ANSWER)
    assert answer["reply_parameters"]["message_id"] == question.message.message_id
    assert effects(await scene.feed(scene.tg.says(GROUP, member, "医保"))) == []  # a synonym shares it
    scene.clock.advance(timedelta(seconds=30))
    assert effects(await scene.feed(scene.tg.says(GROUP, member, "社保"))) == []
    scene.clock.advance(timedelta(seconds=31))
    assert [c.text for c in effects(await scene.feed(scene.tg.says(GROUP, member, "社保")))] == [ANSWER]


async def test_a_group_message_that_only_mentions_the_keyword_is_left_alone(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    assert effects(await scene.feed(scene.tg.says(GROUP, member, "我想问一下社保怎么交"))) == []


async def test_a_private_question_containing_the_keyword_gets_the_answer_each_time(scene: Scene) -> None:
    person = scene.tg.person("张三")
    for _ in range(2):
        (answer,) = effects(await scene.feed(scene.tg.writes(person, "请问社保在哪里查询")))
        assert (answer.chat_id, answer.text) == (person.id, ANSWER)
