"""Who posts what: compliant members of configured groups, their chatter, and the updates
Telegram would send for it (built once, outside any timed loop)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.types import Update

from emulator.text import find_entities

# what members say all day: no hashtag, no banned word, no FAQ keyword, no command
CHATTER = (
    "我同意楼上的看法，这个问题确实需要重视。",
    "请问下周的座谈会几点开始？",
    "谢谢大家的意见，我回去整理一下。",
    "这个方案我觉得还可以再细化一些。",
    "昨天的会议纪要已经发到邮箱了。",
    "支持！希望尽快落实。",
    "我们社区也遇到过类似的情况。",
    "好的，收到。",
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文斌宇浩凯辉晨欣怡佳琪雪婷"
_UNITS = (
    "海淀区", "朝阳区", "东城区", "西城区", "丰台区", "石景山区", "通州区", "顺义区", "昌平区", "大兴区",
    "市人才办", "区科技局", "中关村街道", "望京街道", "学院路街道", "清华大学", "北京大学", "市发改委",
    "区教委", "区卫健委",
)


def real_name(i: int) -> str:
    """The ``i``-th compliant display name ("王伟芳-海淀区"): distinct for i below ~2.6 million."""
    i, surname = divmod(i, len(_SURNAMES))
    i, first = divmod(i, len(_GIVEN))
    i, unit = divmod(i, len(_UNITS))
    second = _GIVEN[i % len(_GIVEN)] if i else ""
    return f"{_SURNAMES[surname]}{_GIVEN[first]}{second}-{_UNITS[unit]}"


def group_id(i: int) -> int:
    return -1001000000000 - i


@dataclass(frozen=True, slots=True)
class Member:
    chat_id: int
    user_id: int
    name: str


def members(groups: int, per_group: int) -> list[Member]:
    """``per_group`` compliant members in each group, interleaved across groups (as traffic is)."""
    return [
        Member(group_id(g), 10_000_000 + g * per_group + j, real_name(g * per_group + j))
        for j in range(per_group)
        for g in range(groups)
    ]


def chatter(people: list[Member], count: int, start: int = 0) -> list[tuple[Member, str]]:
    """``count`` ordinary messages, round-robin over ``people``."""
    return [(people[(start + k) % len(people)], CHATTER[(start + k) % len(CHATTER)]) for k in range(count)]


def group_message(bot: Bot | None, update_id: int, message_id: int, chat_id: int, user_id: int,
                  first_name: str, text: str, date: int) -> Update:
    """Bound to ``bot``: ``feed_update`` re-parses an Update of another bot through JSON."""
    return Update.model_validate(group_message_json(update_id, message_id, chat_id, user_id, first_name,
                                                    text, date), context={"bot": bot})


def group_message_json(update_id: int, message_id: int, chat_id: int, user_id: int, first_name: str,
                       text: str, date: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": message_id, "date": date,
        "chat": {"id": chat_id, "type": "supergroup", "title": "科创中心建言群"},
        "from": {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "zh"},
        "text": text,
    }
    entities = find_entities(text)  # hashtags, as Telegram marks them
    if entities:
        message["entities"] = entities
    return {"update_id": update_id, "message": message}
