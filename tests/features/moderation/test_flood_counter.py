"""A single process (no ``[redis] url``) counts flood windows in its own memory, as before the
replicas shared them: no network on the hot path, the same mute on the ninth message."""

from __future__ import annotations

from datetime import timedelta

from bot.features.moderation.flood import LocalFlood
from bot.features.moderation.state import moderation_state
from tests.fakes import effects
from tests.features.conftest import GROUP, Scene


async def test_alone_the_flood_windows_are_this_process_own(scene: Scene) -> None:
    state = moderation_state(scene.services)
    assert scene.runtime.coordination is None
    assert isinstance(state.flood, LocalFlood) and state.flood.detector is state.windows


async def test_alone_a_burst_is_counted_in_this_process_memory(scene: Scene) -> None:
    windows = moderation_state(scene.services).windows
    member = await scene.regular("张三-海淀区")
    scene.clock.advance(timedelta(minutes=1))
    for n in range(8):
        assert effects(await scene.feed(scene.tg.says(GROUP, member, f"第 {n} 条"))) == []
    # a ninth counted straight in the process's windows is one too many: the eight were held there
    assert windows.hit(GROUP, member.id, scene.clock.now())
