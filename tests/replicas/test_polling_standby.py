"""Two real replicas in long-polling mode: one polls, the other stands by. The poller is killed -9
in the middle of a batch; the standby takes over and every update is handled exactly once (the
dead poller had confirmed nothing it had not finished)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from emulator import Emulator
from emulator.harness import TOKEN
from emulator.replicas import Outbound, Replica
from storage.models import Proposal
from tests.replicas.conftest import table_rows

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(240)]
GROUP = -1002000000001


async def test_the_standby_takes_over_from_a_killed_poller_and_every_update_is_handled_once(
    tmp_path: Path, fresh_pg: str, redis_url: str, redis_prefix: str
) -> None:
    cfg = {
        "telegram": {"token": TOKEN, "mode": "polling"},
        "database": {"url": fresh_pg},
        "redis": {"url": redis_url, "prefix": redis_prefix, "replicas": 2},
        "groups": [{"chat_id": GROUP, "title": "建言群", "topics": {"人才": ["人才"]}}],
        "departments": [{"id": "talent", "name": "人才办", "officials": [222222], "topics": ["人才"]}],
    }
    async with Emulator(token=TOKEN, bot_id=123456) as emu:
        emu.create_group(chat_id=GROUP, title="建言群")
        emu.presume_people([222222])
        outbounds = [Outbound(emu.base_url), Outbound(emu.base_url)]
        poller, standby = (Replica(name, tmp_path, cfg, o) for name, o in zip(("p0", "p1"), outbounds,
                                                                             strict=True))
        try:
            for o in outbounds:
                await o.start()
            await poller.start(ready="polling lease taken")
            await standby.start(ready="standing by")
            acks = 0

            def third_acknowledgement(call: Any) -> bool:
                nonlocal acks
                acks += call.method == "sendMessage" and "编号" in call.text
                return acks == 3

            outbounds[0].kill_on = third_acknowledgement
            members = [emu.add_user(f"成员{n}-海淀区") for n in range(8)]
            for uid in members:
                emu.join(GROUP, uid)
            for n, uid in enumerate(members):
                emu.post(GROUP, uid, f"#人才 建议第{n}项：为青年人才提供更多公寓和创业扶持")
            await asyncio.wait_for(outbounds[0].killed.wait(), 60)
            await standby.wait_log("polling lease taken", timeout=30)

            async def all_acknowledged() -> bool:
                rows = await table_rows(fresh_pg, Proposal.__table__)
                return len(rows) == len(members) and all(r.ack_message_id for r in rows)

            for _ in range(600):
                if await all_acknowledged():
                    break
                await asyncio.sleep(0.1)
            await emu.wait_idle(quiet=1.0, timeout=30)
        finally:
            await standby.stop()
            await poller.reap()
            for o in outbounds:
                await o.close()
        numbers = sorted(r.number for r in await table_rows(fresh_pg, Proposal.__table__))
        assert numbers == list(range(1, len(members) + 1))
        acknowledged = [m for m in emu.sent(GROUP) if "编号" in m.text]
        assert sorted(m.reply_to for m in acknowledged) == sorted(  # each proposal once, none twice
            r.message_id for r in await table_rows(fresh_pg, Proposal.__table__))
        assert "polling lease taken" not in standby.log_text().split("standing by", 1)[0]
