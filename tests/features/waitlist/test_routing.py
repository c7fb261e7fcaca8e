"""The waiting list at the dispatcher: a join request approved while there is room and queued
when the group is full, the applicant told in private; a departure lets the first in line in."""

from __future__ import annotations

from tests.fakes import Person, effects
from tests.features.conftest import GROUP, MakeScene, Scene, config


async def test_a_join_request_with_room_is_approved_at_once_and_the_applicant_told(scene: Scene) -> None:
    applicant = scene.tg.person("王五-西城区")
    calls = effects(await scene.feed(scene.tg.asks_to_join(GROUP, applicant)))
    told, approval = calls
    assert (told.method, told.chat_id) == ("sendMessage", applicant.id)
    assert told.text.startswith("您加入“科创中心建言群”的申请已通过，欢迎！")
    assert (approval.method, approval.params) == (
        "approveChatJoinRequest", {"chat_id": GROUP, "user_id": applicant.id})


async def full_group(make_scene: MakeScene, capacity: int, members: int) -> tuple[Scene, list[Person]]:
    scene = await make_scene(config(pruning={"capacity": capacity}))
    people = [scene.tg.person(f"{name}-海淀区") for name in "赵钱孙李周"[:members]]
    for person in people:
        await scene.feed(scene.tg.joins(GROUP, person))
    return scene, people


async def test_a_join_request_to_a_full_group_is_queued_with_its_place_in_line(
        make_scene: MakeScene) -> None:
    scene, _ = await full_group(make_scene, capacity=3, members=2)
    first, second = scene.tg.person("王五-西城区"), scene.tg.person("小明")
    (queued,) = effects(await scene.feed(scene.tg.asks_to_join(GROUP, first)))
    assert queued.chat_id == first.id and "已进入等候名单，排在第 1 位" in queued.text
    (hinted,) = effects(await scene.feed(scene.tg.asks_to_join(GROUP, second)))
    assert "排在第 2 位" in hinted.text and "您现在的名字“小明”缺少姓名和单位之间的分隔符" in hinted.text


async def test_a_member_leaving_a_full_group_lets_the_first_in_line_in(make_scene: MakeScene) -> None:
    scene, (leaving, _) = await full_group(make_scene, capacity=3, members=2)
    first, second = scene.tg.person("王五-西城区"), scene.tg.person("陈六-东城区")
    for applicant in (first, second):
        await scene.feed(scene.tg.asks_to_join(GROUP, applicant))
    calls = effects(await scene.feed(scene.tg.leaves(GROUP, leaving)))
    assert [(c.method, c["user_id"]) for c in calls if c.method.endswith("ChatJoinRequest")] == [
        ("approveChatJoinRequest", first.id)]
    told = effects(await scene.run_jobs())  # the admission's notice goes through the outbox
    assert [(c.chat_id, c.text[:4]) for c in told if c.method == "sendMessage"] == [(first.id, "有空位了")]
    assert not any(c.chat_id == second.id for c in calls + told)
