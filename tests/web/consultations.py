"""A consultation as the board shows it, made through the real bot: opened with a poll, opinions
collected and supported, one author erased, closed and concluded; and a second one still open."""

from __future__ import annotations

from dataclasses import dataclass

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, TALENT_OFFICIAL

CONSULT = (
    "/consult 人才 120s 人才公寓怎样分配更公平？\n"
    "今年新建人才公寓 200 套，分配办法向全体成员征求意见。\n"
    "投票：按积分排序 | 公开摇号 | 单位推荐"
)
OPEN = "/consult 创新 3d 科技园区还需要哪些公共服务？"
CONCLUSION = "人才公寓将按积分排序分配，向一线科研人员倾斜，并为创新团队预留房源。"
OPINIONS = {  # author: (opinion, how it is shown on the board)
    "张三-海淀区": ("建议按积分排序，向一线科研人员倾斜", "海淀区"),
    "李四-朝阳区": ("#创新 建议给创新团队预留一部分房源", "朝阳区"),
    "王五-西城区": ("#征求意见1 人才公寓应当靠近产业园区", "一位成员"),  # erased
    "赵六-东城区": ("#人才 人才公寓租金应当低于市场价", "东城区"),
}


@dataclass
class Consulted:
    members: dict[str, int]
    opinions: dict[str, int]  # author: message id


async def _say(bot: Harness, uid: int, text: str) -> None:
    bot.emu.private(uid, text)
    await bot.settle()


async def consult(bot: Harness) -> Consulted:
    """#1: four opinions, 赵六's supported twice, 王五 erased, closed and concluded; #2: open."""
    bot.emu.add_user("李主任-市人才办", user_id=TALENT_OFFICIAL, started=True)
    bot.emu.add_member(GROUP, TALENT_OFFICIAL)
    bot.emu.post(GROUP, TALENT_OFFICIAL, CONSULT)
    await bot.settle()
    post = next(m for m in bot.emu.sent(chat_id=GROUP) if m.text.startswith("📣 征求意见"))
    poll = next(m for m in bot.emu.sent(chat_id=GROUP) if m.kind == "poll")
    members, opinions = {}, {}
    for name, (text, _) in OPINIONS.items():
        uid = bot.emu.add_user(name, started=True)
        bot.emu.join(GROUP, uid)
        await bot.settle()
        members[name] = uid
        reply_to = None if "#征求意见1" in text else post.message_id  # tagged, or a reply to the post
        opinions[name] = bot.emu.post(GROUP, uid, text, reply_to=reply_to)
        await bot.settle()
        await bot.advance(1)  # slower than the flood limit
    for name in ("张三-海淀区", "李四-朝阳区"):
        bot.emu.react(GROUP, members[name], opinions["赵六-东城区"], "👍")
    for name, option in (("张三-海淀区", 0), ("李四-朝阳区", 1), ("赵六-东城区", 0)):
        bot.emu.vote(GROUP, members[name], poll.message_id, option)
    await bot.settle()
    wang = members["王五-西城区"]
    await _say(bot, wang, "/forget")
    ask = bot.emu.sent(chat_id=wang)[-1]
    bot.emu.press(wang, wang, ask.message_id, text="确认删除")
    await bot.settle()
    await bot.advance(125)  # closed
    await _say(bot, TALENT_OFFICIAL, f"/conclude 1 {CONCLUSION}")
    bot.emu.post(GROUP, TALENT_OFFICIAL, OPEN)
    await bot.settle()
    return Consulted(members, opinions)
