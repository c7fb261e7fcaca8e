"""End-to-end fixtures: the real bot against the emulator over HTTP, a real SQLite file."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from emulator.harness import Harness

GROUP = -1001234567890
OTHER_GROUP = -1009999999999
MODERATOR = 111111
TALENT_OFFICIAL = 222222
INNOVATION_OFFICIAL = 333333

BASE: dict[str, Any] = {
    "locale": {"default": "zh", "timezone": "Asia/Shanghai"},
    "moderation": {
        "moderators": [MODERATOR],
        "warn_limit": 3,
        "mute_for": "1d",
        "flood": {"messages": 8, "per": "10s", "mute_for": "1h"},
        "banned_words": ["违禁词"],
    },
    "nickname": {"mode": "display", "grace": "120s"},
    "pruning": {"inactive_after": "600s", "warn_before": "120s"},
    "handling": {"reply_due": "50s", "yellow_after": "50s", "red_after": "150s", "urge_after": "300s"},
    "digest": {"at": "08:30", "weekly_ranking": "mon"},
    "groups": [
        {
            "chat_id": GROUP,
            "title": "科创中心建言群",
            "topics": {"人才": ["人才", "招聘"], "创新": ["创新", "科技"], "转型": ["转型"]},
        },
    ],
    "departments": [
        {"id": "talent", "name": "市人才办", "officials": [TALENT_OFFICIAL], "topics": ["人才"]},
        {
            "id": "innovation",
            "name": "区科技局",
            "officials": [INNOVATION_OFFICIAL],
            "topics": ["创新", "转型"],
        },
    ],
    "faq": [{"keywords": ["社保", "医保"], "answer": "社保查询请访问市社保局网站，或拨打 12333。"}],
}


def config(**overrides: Any) -> dict[str, Any]:
    """The standard test configuration with sections replaced or merged (``pruning={...}``)."""
    result = copy.deepcopy(BASE)
    for section, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(section), dict):
            result[section] = {**result[section], **value}
        else:
            result[section] = value
    return result


def two_groups() -> dict[str, Any]:
    """The standard configuration with a second configured group (``OTHER_GROUP``)."""
    return config(groups=[
        {"chat_id": GROUP, "title": "科创中心建言群",
         "topics": {"人才": ["人才"], "创新": ["创新"], "转型": ["转型"]}},
        {"chat_id": OTHER_GROUP, "title": "另一个建言群", "topics": {"人才": ["人才"]}},
    ])


@pytest.fixture
def make_harness(tmp_path: Path) -> Callable[..., Harness]:
    def factory(cfg: dict[str, Any] | None = None, **kwargs: Any) -> Harness:
        return Harness(cfg or config(), tmp_path, **kwargs)

    return factory


@pytest.fixture
async def bot(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    """The bot running with the standard configuration, one group created and the bot its admin."""
    harness = make_harness()
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness:
        yield harness
    await harness.emu.stop()
