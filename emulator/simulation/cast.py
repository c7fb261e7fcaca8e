"""The people of the simulated group, drawn deterministically from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高".replace("", " ").split()
GIVEN = [
    "建国",
    "秀英",
    "伟",
    "芳",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "丽",
    "强",
    "鹏",
    "晓东",
    "海燕",
    "志强",
    "雪梅",
]
UNITS = [
    "海淀区",
    "中关村街道",
    "学院路街道",
    "市交通局",
    "望京街道",
    "朝阳区",
    "清河街道",
    "上地街道",
    "区教委",
    "燕园社区",
    "双榆树社区",
    "区卫健委",
    "紫竹院街道",
    "北太平庄街道",
]


@dataclass
class Person:
    key: str
    first_name: str
    last_name: str | None = None
    user_id: int = 0
    role: str = "member"  # member | silent | moderator | official | applicant
    language_code: str = "zh"  # the bot speaks this in the person's private chat

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() if self.last_name else self.first_name


def draw(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct compliant (name, unit) pairs."""
    seen: set[str] = set()
    people: list[tuple[str, str]] = []
    while len(people) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in seen:
            seen.add(name)
            people.append((name, rng.choice(UNITS)))
    return people
