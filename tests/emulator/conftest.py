"""The emulator on its own: one configured group, a fixed clock, and an aiogram Bot pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram import Bot

from emulator import Emulator

GROUP = -1001234567890
NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(clock=lambda: NOW) as emulator:
        emulator.create_group(GROUP, "科创中心建言群")
        yield emulator


@pytest.fixture
async def bot(emu: Emulator) -> AsyncIterator[Bot]:
    client = emu.make_bot()
    yield client
    await client.session.close()
