"""Every command and button, tried by everyone who may not use it: a plain member, a stranger in a
private chat, an official of another department, an administrator of another group. Each try
changes nothing (no member restricted, banned or unbanned, no message deleted, pinned or edited,
nothing posted or queued, no row of the database changed) and gets one short refusal."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from emulator.harness import Harness
from tests.e2e.conftest import (
    GROUP,
    INNOVATION_OFFICIAL,
    MODERATOR,
    OTHER_GROUP,
    TALENT_OFFICIAL,
    two_groups,
)

pytestmark = pytest.mark.e2e

EFFECTS = frozenset({
    "restrictChatMember", "banChatMember", "unbanChatMember", "deleteMessage", "pinChatMessage",
    "unpinChatMessage", "editMessageText", "editMessageReplyMarkup", "approveChatJoinRequest",
    "declineChatJoinRequest", "setChatPermissions", "leaveChat",
})
# what a try may change in the database: nothing but the bookkeeping of the update itself
STATE = {
    "members": "SELECT chat_id, user_id, status, warn_count, muted_until, restricted_by_bot, exempt, name_ok "
               "FROM members ORDER BY chat_id, user_id",
    "proposals": "SELECT number, state, merged_into, rating FROM proposals ORDER BY number",
    "departments": "SELECT * FROM proposal_departments ORDER BY 1, 2",
    "events": "SELECT COUNT(*) FROM proposal_events",
    "supports": "SELECT * FROM supports ORDER BY 1, 2",
    "cards": "SELECT COUNT(*) FROM cards",
    "audit": "SELECT COUNT(*) FROM audit_log",
    "outbox": "SELECT COUNT(*) FROM outbox",
    "reports": "SELECT COUNT(*) FROM reports",
}
GROUP_COMMANDS = ("/warn 广告", "/unwarn", "/mute 1h", "/unmute", "/ban", "/unban", "/exempt", "/names",
                  "/prune", "/prune now")
OFFICIAL_COMMANDS = ("/accept 1", "/assign 1 innovation", "/answer 1 已经办好了", "/reject 1 不合适",
                     "/merge 1 2", "/close 1", "/history 1", "/queue")


@dataclass(frozen=True)
class Scene:
    bot: Harness
    target: int  # a member others try to act on
    target_message: int
    rating_message: int  # the answer of proposal #2, with its rating buttons
    renamed_message: int  # the real-name notice of 小明, with its 我已改名 button
    restricted: int  # 小明
    people: dict[str, int]


@pytest.fixture
async def scene(make_harness: Callable[..., Harness]) -> AsyncIterator[Scene]:
    bot = make_harness(two_groups())
    emu = bot.emu
    await emu.start()
    emu.create_group(chat_id=GROUP, title="科创中心建言群")
    emu.create_group(chat_id=OTHER_GROUP, title="另一个建言群")
    async with bot:
        staff = ((TALENT_OFFICIAL, "李主任-人才办"), (INNOVATION_OFFICIAL, "王局长-科技局"),
                 (MODERATOR, "管理员-区委办"))
        for uid, name in staff:
            emu.add_user(name, user_id=uid, started=True)
        emu.join(GROUP, INNOVATION_OFFICIAL)
        member, target = emu.add_user("钱七-西城区", started=True), emu.add_user("张三-海淀区", started=True)
        stranger = emu.add_user("路人甲", started=True)
        other_admin = emu.add_user("赵六-外区", started=True)
        emu.add_member(OTHER_GROUP, other_admin)
        emu.make_admin(OTHER_GROUP, other_admin)
        for uid in (member, target, other_admin):
            emu.join(GROUP, uid)
        emu.post(OTHER_GROUP, other_admin, "大家好")
        restricted = emu.add_user("小明")
        emu.join(GROUP, restricted)
        await bot.settle()
        target_message = emu.post(GROUP, target, "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作")
        emu.post(GROUP, target, "#人才 建议为青年科技人才提供创业贷款贴息支持")
        await bot.settle()
        await bot.advance(1)
        emu.private(TALENT_OFFICIAL, "/answer 2 已纳入明年计划")
        await bot.settle()
        posted = emu.sent(chat_id=GROUP)
        rating = next(m.message_id for m in posted if "满意" in str(m.reply_markup))
        renamed = next(m.message_id for m in posted if "names:recheck" in str(m.reply_markup))
        yield Scene(bot, target, target_message, rating, renamed, restricted, {
            "member": member, "stranger": stranger, "other_official": INNOVATION_OFFICIAL,
            "other_admin": other_admin,
        })
    await emu.stop()


async def snapshot(bot: Harness) -> dict[str, Any]:
    async with bot.rt.services.uow() as uow:
        return {name: (await uow.session.execute(text(sql))).all() for name, sql in STATE.items()}


async def attempt(scene: Scene, who: int, action: str) -> list[str]:
    """One try; what went wrong, if anything."""
    bot, emu = scene.bot, scene.bot.emu
    bot.clock.advance(timedelta(seconds=3))  # no try counts as flooding
    before_calls, before_sent, before = len(emu.calls()), len(emu.sent()), await snapshot(bot)
    callback = None
    if action.startswith("press:"):
        data = action.removeprefix("press:")
        message = scene.rating_message if data.startswith("rate:") else scene.renamed_message
        callback = emu.press(GROUP, who, message, data=data)
    elif action in OFFICIAL_COMMANDS:
        emu.private(who, action)
    else:
        emu.post(GROUP, who, action, reply_to=scene.target_message)
    await bot.settle()
    problems = []
    effects = [c.method for c in emu.calls()[before_calls:] if c.method in EFFECTS]
    if effects:
        problems.append(f"acted: {effects}")
    if (after := await snapshot(bot)) != before:
        problems.append(f"changed: {[k for k in STATE if after[k] != before[k]]}")
    sent = emu.sent()[before_sent:]
    if callback is not None:
        answers = emu.callback_answers(callback)
        if len(answers) != 1 or sent:
            problems.append(f"answers={len(answers)} sent={[m.text for m in sent]}")
    else:
        where = GROUP if action not in OFFICIAL_COMMANDS else who
        if len(sent) != 1 or sent[0].chat_id != where or len(sent[0].text) > 200:
            problems.append(f"replies: {[(m.chat_id, m.text[:60]) for m in sent]}")
    return [f"{action}: {p}" for p in problems]


def actions_for(role: str, scene: Scene) -> list[str]:
    group = list(GROUP_COMMANDS)
    private = [c for c in OFFICIAL_COMMANDS
               # an official reads their own queue and, without the author's name, any history
               if not (role == "other_official" and c in ("/queue", "/history 1"))]
    presses = ["press:rate:2:satisfied", f"press:names:recheck:{scene.restricted}"]
    if role == "stranger":
        return private  # not in the group: cannot post there or see its buttons
    return group + private + presses


@pytest.mark.parametrize("role", ["member", "stranger", "other_official", "other_admin"])
async def test_nothing_happens_but_one_refusal(scene: Scene, role: str) -> None:
    who = scene.people[role]
    problems = [p for action in actions_for(role, scene) for p in await attempt(scene, who, action)]
    assert problems == []
